/**
 * User-visible text comes from _locales (ja default, en). One tiny wrapper so a missing key is visible in tests
 * (it returns the key) instead of an empty string.
 */
import browser from 'webextension-polyfill';

export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
