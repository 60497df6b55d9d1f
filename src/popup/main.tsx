import { render } from 'preact';
import { Popup } from './Popup';
import { realBackground } from './background-api';

document.documentElement.lang = navigator.language.startsWith('ja') ? 'ja' : 'en';
render(<Popup api={realBackground} />, document.getElementById('app')!);
