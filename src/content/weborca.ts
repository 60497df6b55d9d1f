/**
 * Content script on WebORCA: tells the background which screen is showing, so the popup knows WebORCA is open.
 * (Expiry-bar detection and the inline button come with issue #3.) It never touches WebORCA's own elements.
 */
import type { ContentToBackground } from '../lib/messages';
import { SCREEN_ID_PATTERN } from '../lib/site';

function visibleScreen(): string | null {
  for (const element of document.querySelectorAll<HTMLElement>('[id]')) {
    if (!SCREEN_ID_PATTERN.test(element.id)) continue;
    if (element.hidden || element.classList.contains('hidden')) continue;
    if (element.style.display === 'none' || getComputedStyle(element).display === 'none') continue;
    return element.id;
  }
  return null;
}

let lastReported = '';
function report(): void {
  const message: ContentToBackground = { type: 'content:pageSeen', screen: visibleScreen(), title: document.title.slice(0, 200) };
  const key = `${message.screen}|${message.title}`;
  if (key === lastReported) return;
  lastReported = key;
  // chrome.* (promise-based in MV3, also in Firefox) instead of webextension-polyfill: it keeps the content script,
  // which runs on every WebORCA page, about 10 KB smaller.
  chrome.runtime.sendMessage(message).catch(() => {
    // The extension was reloaded or the service worker is starting: the next change reports again.
  });
}

report();
// The SPA retitles the document on every screen change; watching <title> alone is cheap.
const titleElement = document.querySelector('title');
if (titleElement) new MutationObserver(report).observe(titleElement, { childList: true, characterData: true, subtree: true });
