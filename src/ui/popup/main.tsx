import { render } from 'preact';
import { Popup } from './Popup';
import { realBackground } from '../shared/real-background';
import { uiLocale } from '../shared/i18n';

// The language of our texts (chrome.i18n picks ja or en), so fonts and line breaking follow it.
document.documentElement.lang = uiLocale().startsWith('ja') ? 'ja' : 'en';
render(<Popup api={realBackground} />, document.getElementById('app')!);
