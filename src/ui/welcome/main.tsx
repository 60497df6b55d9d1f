import { render } from 'preact';
import { realBackground } from '../shared/real-background';
import { uiLocale } from '../shared/i18n';
import { Welcome } from './Welcome';

document.documentElement.lang = uiLocale().startsWith('ja') ? 'ja' : 'en';
render(<Welcome api={realBackground} />, document.getElementById('app')!);
