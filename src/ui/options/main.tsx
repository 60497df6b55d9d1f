import { render } from 'preact';
import { realBackground } from '../shared/real-background';
import { uiLocale } from '../shared/i18n';
import { Options } from './Options';
import type { OptionsDeps } from './origins';

/** The real chrome APIs (optional_host_permissions and `scripting` are in the manifest). */
const deps: OptionsDeps = {
  permissions: chrome.permissions,
  scripting: chrome.scripting,
  storage: chrome.storage.local,
};

document.documentElement.lang = uiLocale().startsWith('ja') ? 'ja' : 'en';
render(
  <Options deps={deps} api={realBackground} extensionId={chrome.runtime.id} settings={{ local: chrome.storage.local, managed: chrome.storage.managed }} />,
  document.getElementById('app')!,
);
