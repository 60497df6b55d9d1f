/**
 * Who may talk to the background: our own content scripts on the allowed origins (top frame only), and our own
 * extension pages. Everything else is dropped before its message is even parsed.
 */
import browser from 'webextension-polyfill';
import { contentScriptMatches, matchesAny } from '../lib/site';

declare const __BUILD_FLAVOUR__: 'production' | 'test';
const matches = contentScriptMatches(typeof __BUILD_FLAVOUR__ === 'string' ? __BUILD_FLAVOUR__ : 'production');

export type SenderKind = 'weborca' | 'orcamo' | 'extensionPage' | null;

export function classifySender(sender: browser.Runtime.MessageSender): SenderKind {
  if (sender.id !== browser.runtime.id) return null;
  const url = sender.url ?? '';
  const ownOrigin = browser.runtime.getURL('');
  if (url.startsWith(ownOrigin)) return 'extensionPage';
  if (!sender.tab || sender.frameId !== 0) return null;
  if (matchesAny(url, matches.weborca)) return 'weborca';
  if (matchesAny(url, matches.orcamo)) return 'orcamo';
  return null;
}
