/**
 * Text for the extension's pages, straight from chrome.i18n (no polyfill: tests give a fake `chrome` built from the
 * real messages.json). A missing key shows as itself, visible in review instead of an empty string.
 */
import type { Translate } from '../../lib/renewal-text';

export const t: Translate = (key, substitutions) => chrome.i18n.getMessage(key, substitutions) || key;

/** The language our texts are in: dates follow it, not the browser's other settings. */
export function uiLocale(): string {
  return chrome.i18n.getUILanguage();
}
