/**
 * What this browser's extension platform offers, checked by feature rather than by name: Chrome and Edge run the
 * background as a service worker with offscreen documents; Firefox runs it as an event page that has a DOM of its own
 * and no `chrome.offscreen`.
 */

/** Chrome/Edge (MV3 service worker): the clipboard is reached through an offscreen document. */
export function hasOffscreenDocuments(): boolean {
  return typeof chrome !== 'undefined' && typeof chrome.offscreen?.createDocument === 'function';
}

/** Firefox's background page (or any context with a document): it can copy through its own DOM. */
export function hasOwnDocument(): boolean {
  return typeof document !== 'undefined' && typeof document.execCommand === 'function';
}
