/** Reads the effective settings: the user's (storage.local) under the administrator's (storage.managed). */
import browser from 'webextension-polyfill';
import { readSettings, type EffectiveSettings } from '../lib/settings';

export function loadSettings(): Promise<EffectiveSettings> {
  return readSettings({ local: browser.storage.local, managed: browser.storage.managed });
}
