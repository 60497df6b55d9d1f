/**
 * Everything we know about the WebORCA and ORCAMO sites, in one place: origins, URL patterns, texts.
 * The real markup of the expiry bar and of ORCAMO's page is not public, so we key on texts, never on guessed selectors.
 * Used by the build (manifest match patterns), the content scripts (page recognition) and the background (sender checks).
 */

/** WebORCA production and demo origins (docs/ARCHITECTURE.md: facts about the real site). */
export const WEBORCA_ORIGINS = ['https://weborca.cloud.orcamo.jp', 'https://demo-weborca.cloud.orcamo.jp'] as const;

/** ORCAMO's management pages live somewhere under orcamo.jp; the exact host is not public. */
export const ORCAMO_MATCHES = ['https://*.orcamo.jp/*'] as const;

/**
 * ORCAMO addresses the renewal follows without asking. The content script runs on every *.orcamo.jp page (the
 * host is not public), but a page script on WebORCA could point the bar's 更新 link at any of them: so a renewal
 * follows only an address listed here, added by the clinic's vendor (options page or policy `extraOrigins`), or
 * approved once by the user in the extension's own UI. Empty until the production host is confirmed on the real
 * site (docs/ARCHITECTURE.md: "Adding a site text or address").
 */
export const ORCAMO_KNOWN_ORIGINS: readonly string[] = [];

/** The local simulator (`npm run build:test` only): Chromium resolves every *.localhost name to loopback. */
export const SIMULATOR_MATCHES = ['https://*.localhost/*'] as const;

/** `${origin}/*` of each WebORCA origin; a literal, so that bundles not using it drop it (a call would stay). */
export const WEBORCA_MATCHES: string[] = ['https://weborca.cloud.orcamo.jp/*', 'https://demo-weborca.cloud.orcamo.jp/*'];

/** The match patterns of each content script, per build flavour. */
export function contentScriptMatches(flavour: 'production' | 'test'): { weborca: string[]; orcamo: string[] } {
  const extra = flavour === 'test' ? [...SIMULATOR_MATCHES] : [];
  return {
    weborca: [...WEBORCA_MATCHES, ...extra],
    // The WebORCA hosts are under orcamo.jp too; the ORCAMO script must not run there.
    orcamo: [...ORCAMO_MATCHES, ...extra],
  };
}

/**
 * Texts as the sites show them (see the vendor manual), matched after whitespace normalisation. One object per
 * site, so each content script bundles only its own site's strings.
 */
export const WEBORCA_TEXTS = {
  expiryBar: 'クライアント証明書の有効期限が近づいています',
  renewLink: '更新',
} as const;

export const ORCAMO_TEXTS = {
  downloadLine: '差し替え用のクライアント証明書のダウンロードはこちら',
  downloadLink: 'こちら',
  passwordLine: 'クライアント証明書のパスワードを確認する',
  passwordButton: '確認する',
  copyButton: 'コピーする',
} as const;

/** The issuer CN of every WebORCA client certificate. */
export const WEBORCA_ISSUER_CN = 'Intermediate CA';

/** WebORCA's screen elements carry their screen code as id: M00, M01, U02… */
export const SCREEN_ID_PATTERN = /^[A-Z][0-9]{2}[A-Z0-9]?$/;

/** True for a URL whose origin may host WebORCA in this build (used for sender checks in the background). */
export function matchesAny(url: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return patterns.some((pattern) => matchPattern(pattern, parsed));
}

/** Chrome-style match pattern (scheme://host/path, `*.` host wildcard, any port) applied to a URL. */
export function matchPattern(pattern: string, url: URL): boolean {
  const m = /^(https|http|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  if (scheme === '*' && url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const hostname = url.hostname.toLowerCase();
  if (host !== '*') {
    if (host.startsWith('*.')) {
      const base = host.slice(2).toLowerCase();
      if (hostname !== base && !hostname.endsWith(`.${base}`)) return false;
    } else if (hostname !== host.toLowerCase()) {
      return false;
    }
  }
  const pathRegex = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return pathRegex.test(url.pathname + url.search);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `document.title` of every WebORCA screen starts with its screen code: `(M00)マスターメニュー - オルカ医院 [ormaster]`. */
export const WEBORCA_TITLE_PATTERN = /^\([A-Z][0-9]{2}[A-Z0-9]?\)/;

/** WebORCA's login form (docs/ARCHITECTURE.md: facts about the real site): present before any screen exists. */
export const WEBORCA_LOGIN_SELECTORS = { user: 'input#user', password: 'input#pass', submit: 'button.gtk-button' } as const;

/**
 * Identifiers ORCAMO pages may show near the password, shaped like one: the certificate subject's CN (`client1210`)
 * and O (`u00000126`) (docs/ARCHITECTURE.md: facts about the real site). Never taken as the password.
 */
export const CERT_SUBJECT_ID_PATTERN = /^(?:client\d{1,8}|u\d{8})$/i;
