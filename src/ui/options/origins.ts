/**
 * Extra WebORCA / ORCAMO origins for other deployments: validation, the permission grant, the content scripts
 * registered for them, and their list in storage.local (`extraOrigins`, which the background reads for its sender
 * checks). Small functions over the few chrome APIs involved (passed in), so tests drive them with fakes.
 *
 * The built-in origins (site.ts) are in the manifest and cannot be removed here.
 */
import { contentScriptMatches, matchesAny, WEBORCA_MATCHES } from '../../lib/site';

export type SiteKind = 'weborca' | 'orcamo';
export interface ExtraOrigins {
  weborca: string[];
  orcamo: string[];
}
export const STORAGE_KEY = 'extraOrigins';
export const KINDS: readonly SiteKind[] = ['weborca', 'orcamo'];

/** The built files the registered scripts run (the manifest's content scripts, as built by vite.config.ts). */
export const SCRIPT_FILES: Record<SiteKind, string> = { weborca: 'src/content/weborca.js', orcamo: 'src/content/orcamo.js' };
const OUR_SCRIPT_ID = /^(weborca|orcamo)-extra-\d+$/;

export type Rejection = 'empty' | 'invalid' | 'notHttps' | 'wildcard' | 'builtIn' | 'duplicate' | 'otherList';
/** The message key for each reason an address is not added. */
export const REJECTION_KEYS: Record<Rejection | 'denied', string> = {
  empty: 'optionsErrEmpty',
  invalid: 'optionsErrInvalid',
  notHttps: 'optionsErrNotHttps',
  wildcard: 'optionsErrWildcard',
  builtIn: 'optionsErrBuiltIn',
  duplicate: 'optionsErrDuplicate',
  otherList: 'optionsErrOtherList',
  denied: 'optionsErrDenied',
};

declare const __BUILD_FLAVOUR__: 'production' | 'test' | undefined;
function builtInMatches(): { weborca: string[]; orcamo: string[] } {
  return contentScriptMatches(typeof __BUILD_FLAVOUR__ === 'string' ? __BUILD_FLAVOUR__ : 'production');
}

/** What the page lists as built-in for each kind: the manifest's match patterns, shown as origins. */
export function builtInOrigins(kind: SiteKind): string[] {
  return builtInMatches()[kind].map((pattern) => pattern.replace(/\/\*$/, ''));
}

/**
 * An https origin from what the user typed: `weborca.example.jp`, `https://weborca.example.jp/client.html` and
 * `HTTPS://WebORCA.example.jp:443/` all give `https://weborca.example.jp`.
 */
export function parseOrigin(input: string): { ok: true; origin: string } | { ok: false; reason: Rejection } {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  if (text.includes('*')) return { ok: false, reason: 'wildcard' };
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'notHttps' };
  if (!url.hostname || url.username || url.password) return { ok: false, reason: 'invalid' };
  return { ok: true, origin: url.origin };
}

/** The built-in match patterns already cover this origin (the manifest's, which need no grant). */
export function isBuiltIn(kind: SiteKind, origin: string): boolean {
  return matchesAny(`${origin}/`, builtInMatches()[kind]);
}

/** Everything checked before asking for the permission (synchronously: the request needs the click's gesture). */
export function validateAddition(kind: SiteKind, input: string, current: ExtraOrigins): { ok: true; origin: string } | { ok: false; reason: Rejection } {
  const parsed = parseOrigin(input);
  if (!parsed.ok) return parsed;
  const { origin } = parsed;
  if (isBuiltIn(kind, origin)) return { ok: false, reason: 'builtIn' };
  if (current[kind].includes(origin)) return { ok: false, reason: 'duplicate' };
  // One origin, one role: the background tells the scripts apart by origin.
  if (current[kind === 'weborca' ? 'orcamo' : 'weborca'].includes(origin)) return { ok: false, reason: 'otherList' };
  return { ok: true, origin };
}

export function originPattern(origin: string): string {
  return `${origin}/*`;
}

/** The content scripts for the extra origins: one per origin, ids `weborca-extra-<n>` / `orcamo-extra-<n>`. */
export function contentScriptsFor(extra: ExtraOrigins): chrome.scripting.RegisteredContentScript[] {
  return KINDS.flatMap((kind) =>
    extra[kind].map((origin, n) => ({
      id: `${kind}-extra-${n}`,
      matches: [originPattern(origin)],
      // As in the manifest: the ORCAMO script never runs on a WebORCA host (built-in or added).
      ...(kind === 'orcamo' ? { excludeMatches: [...WEBORCA_MATCHES, ...extra.weborca.map(originPattern)] } : {}),
      js: [SCRIPT_FILES[kind]],
      runAt: 'document_idle' as const,
      allFrames: false,
      persistAcrossSessions: true,
    })),
  );
}

// ── the chrome APIs involved, as narrow interfaces ──────────────────────────────────────────────────────────────

export interface OptionsDeps {
  permissions: {
    request(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
  };
  scripting: {
    getRegisteredContentScripts(): Promise<Array<{ id: string }>>;
    registerContentScripts(scripts: chrome.scripting.RegisteredContentScript[]): Promise<void>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  };
  storage: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
}

/** The stored list, cleaned: anything that is not a list of https origins is dropped, never trusted. */
export async function readExtraOrigins(storage: OptionsDeps['storage']): Promise<ExtraOrigins> {
  const stored = (await storage.get(STORAGE_KEY))[STORAGE_KEY] as Partial<Record<SiteKind, unknown>> | undefined;
  const clean = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && isExactOrigin(item)) : [];
  return { weborca: clean(stored?.weborca), orcamo: clean(stored?.orcamo) };
}

function isExactOrigin(text: string): boolean {
  const parsed = parseOrigin(text);
  return parsed.ok && parsed.origin === text;
}

/** Makes the registered scripts exactly those of `extra`: ours are replaced as a whole, others left alone. */
export async function syncContentScripts(scripting: OptionsDeps['scripting'], extra: ExtraOrigins): Promise<void> {
  const ours = (await scripting.getRegisteredContentScripts()).map((script) => script.id).filter((id) => OUR_SCRIPT_ID.test(id));
  if (ours.length) await scripting.unregisterContentScripts({ ids: ours });
  const scripts = contentScriptsFor(extra);
  if (scripts.length) await scripting.registerContentScripts(scripts);
}

export type ChangeResult = { ok: true; extra: ExtraOrigins; origin: string } | { ok: false; reason: Rejection | 'denied' | 'failed'; message?: string };

/**
 * Adds an origin: validated, granted by the user, scripts registered, then stored. Call it straight from the click
 * handler: `permissions.request` is its first await, while the click still counts as a user gesture.
 */
export async function addOrigin(deps: OptionsDeps, kind: SiteKind, input: string, current: ExtraOrigins): Promise<ChangeResult> {
  const checked = validateAddition(kind, input, current);
  if (!checked.ok) return checked;
  const { origin } = checked;
  let granted: boolean;
  try {
    granted = await deps.permissions.request({ origins: [originPattern(origin)] });
  } catch (error) {
    return { ok: false, reason: 'failed', message: messageOf(error) };
  }
  if (!granted) return { ok: false, reason: 'denied' };
  const next: ExtraOrigins = { ...current, [kind]: [...current[kind], origin] };
  try {
    await syncContentScripts(deps.scripting, next);
    await deps.storage.set({ [STORAGE_KEY]: next });
    return { ok: true, extra: next, origin };
  } catch (error) {
    // Leave things as they were: the old scripts, no grant for an origin we do not list.
    await syncContentScripts(deps.scripting, current).catch(() => {});
    await deps.permissions.remove({ origins: [originPattern(origin)] }).catch(() => false);
    return { ok: false, reason: 'failed', message: messageOf(error) };
  }
}

/** Removes an origin: stored list, its script, and the permission granted for it. */
export async function removeOrigin(deps: OptionsDeps, kind: SiteKind, origin: string, current: ExtraOrigins): Promise<ChangeResult> {
  const next: ExtraOrigins = { ...current, [kind]: current[kind].filter((item) => item !== origin) };
  try {
    await deps.storage.set({ [STORAGE_KEY]: next });
    await syncContentScripts(deps.scripting, next);
    await deps.permissions.remove({ origins: [originPattern(origin)] });
    return { ok: true, extra: next, origin };
  } catch (error) {
    return { ok: false, reason: 'failed', message: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
