/** Reads the effective settings: the user's (storage.local) under the administrator's (storage.managed). */
import browser from 'webextension-polyfill';
import { effectiveSettings, type EffectiveSettings } from '../lib/settings';

export async function loadSettings(): Promise<EffectiveSettings> {
  const [{ settings }, managed] = await Promise.all([
    browser.storage.local.get('settings'),
    // No policy (or a browser without managed storage): the user's settings alone.
    browser.storage.managed.get(null).catch(() => ({})),
  ]);
  return effectiveSettings(settings, managed);
}
