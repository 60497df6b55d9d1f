/**
 * Who may talk to the background: our own content scripts on the allowed origins (top frame only), and our own
 * extension pages. Everything else is dropped before its message is even parsed. A sender may hold several roles
 * (the simulator's *.localhost matches both WebORCA and ORCAMO patterns): the message schema then decides.
 */
import browser from 'webextension-polyfill';
import { contentScriptMatches, matchesAny } from '../lib/site';

declare const __BUILD_FLAVOUR__: 'production' | 'test';
const builtIn = contentScriptMatches(typeof __BUILD_FLAVOUR__ === 'string' ? __BUILD_FLAVOUR__ : 'production');

/** Origins the user added in the options page (granted through optional host permissions). */
let extra: { weborca: string[]; orcamo: string[] } = { weborca: [], orcamo: [] };
export function setExtraOrigins(origins: { weborca: string[]; orcamo: string[] }): void {
  extra = { weborca: origins.weborca.map((origin) => `${origin}/*`), orcamo: origins.orcamo.map((origin) => `${origin}/*`) };
}

export interface SenderRoles {
  weborca: boolean;
  orcamo: boolean;
  extensionPage: boolean;
}

const NONE: SenderRoles = { weborca: false, orcamo: false, extensionPage: false };

export function senderRoles(sender: browser.Runtime.MessageSender): SenderRoles {
  if (sender.id !== browser.runtime.id) return NONE;
  const url = sender.url ?? '';
  if (url.startsWith(browser.runtime.getURL(''))) return { ...NONE, extensionPage: true };
  if (!sender.tab || sender.frameId !== 0) return NONE;
  return {
    weborca: matchesAny(url, [...builtIn.weborca, ...extra.weborca]),
    orcamo: matchesAny(url, [...builtIn.orcamo, ...extra.orcamo]),
    extensionPage: false,
  };
}

/** An ORCAMO page we know (built in or added in the options page): where auto-renewal may follow the bar's link. */
export function isOrcamoUrl(url: string): boolean {
  return matchesAny(url, [...builtIn.orcamo, ...extra.orcamo]);
}
