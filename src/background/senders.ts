/**
 * Who may talk to the background: our own content scripts on the allowed origins (top frame only), and our own
 * extension pages. Everything else is dropped before its message is even parsed. A sender may hold several roles
 * (the simulator's *.localhost matches both WebORCA and ORCAMO patterns): the message schema then decides.
 *
 * Also which ORCAMO addresses a renewal may follow (renewal.ts asks before it opens one): fewer than the pages our
 * ORCAMO script runs on (see ORCAMO_KNOWN_ORIGINS).
 */
import { contentScriptMatches, matchesAny, ORCAMO_KNOWN_ORIGINS, SIMULATOR_MATCHES, WEBORCA_MATCHES } from '../lib/site';

declare const __BUILD_FLAVOUR__: 'production' | 'test';
const FLAVOUR = typeof __BUILD_FLAVOUR__ === 'string' ? __BUILD_FLAVOUR__ : 'production';

/** What a sender check needs to know about this extension (the worker passes the real ones, tests their own). */
export interface ExtensionIdentity {
  id: string;
  /** `chrome-extension://ID/` (Firefox: `moz-extension://UUID/`). */
  baseUrl: string;
}

/** The slice of runtime.MessageSender the check reads. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface SenderRoles {
  weborca: boolean;
  orcamo: boolean;
  extensionPage: boolean;
}

export type OrcamoTrust = 'known' | 'ask' | 'refused';

const NONE: SenderRoles = { weborca: false, orcamo: false, extensionPage: false };

export class Senders {
  private readonly builtIn: { weborca: string[]; orcamo: string[] };
  /** Origins the user or an administrator added in the options page (granted through optional host permissions). */
  private extra: { weborca: string[]; orcamo: string[] } = { weborca: [], orcamo: [] };
  private approved: string[] = [];
  private readonly knownOrcamo: string[];

  constructor(
    private readonly self: ExtensionIdentity,
    flavour: 'production' | 'test' = FLAVOUR,
  ) {
    this.builtIn = contentScriptMatches(flavour);
    this.knownOrcamo = [...ORCAMO_KNOWN_ORIGINS.map((origin) => `${origin}/*`), ...(flavour === 'test' ? SIMULATOR_MATCHES : [])];
  }

  setExtraOrigins(origins: { weborca: string[]; orcamo: string[] }): void {
    this.extra = { weborca: origins.weborca.map((origin) => `${origin}/*`), orcamo: origins.orcamo.map((origin) => `${origin}/*`) };
  }

  /** ORCAMO origins the user approved once in our own UI. */
  setApprovedOrcamo(origins: readonly string[]): void {
    this.approved = origins.map((origin) => `${origin}/*`);
  }

  roles(sender: SenderLike): SenderRoles {
    if (sender.id !== this.self.id) return NONE;
    const url = sender.url ?? '';
    if (url.startsWith(this.self.baseUrl)) return { ...NONE, extensionPage: true };
    if (!sender.tab || sender.frameId !== 0) return NONE;
    return {
      weborca: matchesAny(url, [...this.builtIn.weborca, ...this.extra.weborca]),
      // As in the manifest: the ORCAMO script never runs on WebORCA's own hosts (they are under orcamo.jp too).
      orcamo: matchesAny(url, [...this.builtIn.orcamo, ...this.extra.orcamo]) && !matchesAny(url, WEBORCA_MATCHES),
      extensionPage: false,
    };
  }

  /** A page of WebORCA or ORCAMO, as our content scripts see them (for the support file's pictures). */
  isSiteUrl(url: string): boolean {
    return matchesAny(url, [...this.builtIn.weborca, ...this.extra.weborca, ...this.builtIn.orcamo, ...this.extra.orcamo]);
  }

  /**
   * Whether a renewal may follow this ORCAMO address: `known` (built in, added in the options page, or approved
   * once), `ask` (an ORCAMO page our script runs on, not approved yet: the user may approve it in our own UI), or
   * `refused` (anything else: our script would not even run there).
   */
  orcamoTrust(url: string): OrcamoTrust {
    if (matchesAny(url, WEBORCA_MATCHES)) return 'refused';
    if (matchesAny(url, [...this.knownOrcamo, ...this.extra.orcamo, ...this.approved])) return 'known';
    return matchesAny(url, this.builtIn.orcamo) ? 'ask' : 'refused';
  }
}
