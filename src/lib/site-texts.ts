/**
 * The texts the page readers look for, as lists of alternatives: the manual's wording (site.ts) first, then what an
 * administrator adds by policy (issue 15, item 4) so that a wording change on the site is fixed without a release.
 *
 * Policy values come from outside (storage.managed): `parseSiteTextPolicy` accepts plain data only — bounded arrays
 * of bounded strings — and says why it refused anything else. Texts are matched literally after normalisation
 * (text-normalize.ts), never as patterns or markup, so refusing those shapes is about telling the administrator early
 * that they would not work as meant.
 */
import { ORCAMO_TEXTS, WEBORCA_TEXTS } from './site';
import { compactText } from './text-normalize';

/** What the WebORCA reader looks for: the blue bar's text and its button. */
export interface WebOrcaTexts {
  readonly expiryBar: readonly string[];
  readonly renewLink: readonly string[];
}

/** What the ORCAMO reader looks for: the two lines, their controls, and the copy button beside the password. */
export interface OrcamoTexts {
  readonly downloadLine: readonly string[];
  readonly downloadLink: readonly string[];
  readonly passwordLine: readonly string[];
  readonly passwordButton: readonly string[];
  readonly copyButton: readonly string[];
}

export type SiteTexts = WebOrcaTexts & OrcamoTexts;
export type SiteTextKey = keyof SiteTexts;

export const WEBORCA_SITE_TEXTS: WebOrcaTexts = {
  expiryBar: [WEBORCA_TEXTS.expiryBar],
  renewLink: [WEBORCA_TEXTS.renewLink],
};

/**
 * The ORCAMO reader's built-in texts. A function, not a constant: a bundle that only reads WebORCA (its content
 * script, which has a size budget) then carries none of ORCAMO's strings.
 */
export function orcamoSiteTexts(): OrcamoTexts {
  return {
    downloadLine: [ORCAMO_TEXTS.downloadLine],
    downloadLink: [ORCAMO_TEXTS.downloadLink],
    passwordLine: [ORCAMO_TEXTS.passwordLine],
    passwordButton: [ORCAMO_TEXTS.passwordButton],
    // Some pages say just コピー.
    copyButton: [ORCAMO_TEXTS.copyButton, 'コピー'],
  };
}

/** All built-in texts. */
export function defaultSiteTexts(): SiteTexts {
  return { ...WEBORCA_SITE_TEXTS, ...orcamoSiteTexts() };
}

/** Lines are matched as phrases inside longer text: a very short one would match everywhere. */
const LINE_KEYS: ReadonlySet<SiteTextKey> = new Set(['expiryBar', 'downloadLine', 'passwordLine']);
const ALL_KEYS: readonly SiteTextKey[] = ['expiryBar', 'renewLink', 'downloadLine', 'downloadLink', 'passwordLine', 'passwordButton', 'copyButton'];
export const MAX_ALTERNATIVES = 8;
export const MAX_TEXT_LENGTH = 120;
export const MIN_LINE_LENGTH = 4;

export type SiteTextAdditions = Partial<Record<SiteTextKey, string[]>>;

export type SiteTextRejection =
  | 'NOT_AN_OBJECT'
  | 'UNKNOWN_KEY'
  | 'NOT_AN_ARRAY'
  | 'TOO_MANY'
  | 'NOT_A_STRING'
  | 'EMPTY'
  | 'TOO_LONG'
  | 'TOO_SHORT'
  | 'MARKUP'
  | 'PATTERN'
  | 'CONTROL_CHARACTER'
  | 'DUPLICATE';

export interface RejectedSiteText {
  /** The policy key (`expiryBar`…), or `''` when the whole value was refused. */
  key: string;
  /** Position in the key's array; null when the key itself was refused. */
  index: number | null;
  reason: SiteTextRejection;
  /**
   * Technical English for a developer or a log reader; quotes at most the first characters of the entry. Never shown
   * to a user: the options page renders `reason` from _locales (`siteTextReason_<REASON>`).
   */
  why: string;
}

export interface SiteTextPolicy {
  texts: SiteTextAdditions;
  rejected: RejectedSiteText[];
}

const MARKUP = /[<>&]/;
/** Shapes of regular expressions: `/…/flags`, escapes, wildcards, groups, alternation, classes. */
const PATTERN = /^\/.+\/[a-z]*$|\\|\.\*|\.\+|\(\?|\[\^|\|/;
// Control characters (C0, DEL, C1), which a copied text never needs; ordinary spaces and odd ones are normalised away.
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Validates a policy value like `{"expiryBar": ["…"], "renewLink": ["更新する"]}`. Never throws: whatever is not
 * usable is listed in `rejected` with the reason, and the rest is returned. `undefined` (no policy) is no addition
 * and no complaint. Entries already known (the built-in texts, an earlier entry) are refused as DUPLICATE.
 */
export function parseSiteTextPolicy(value: unknown): SiteTextPolicy {
  const result: SiteTextPolicy = { texts: {}, rejected: [] };
  if (value === undefined) return result;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    result.rejected.push(reject('', null, 'NOT_AN_OBJECT', 'the site texts policy must be an object of lists'));
    return result;
  }
  for (const [key, entries] of Object.entries(value)) {
    if (!isSiteTextKey(key)) {
      result.rejected.push(reject(preview(key), null, 'UNKNOWN_KEY', `unknown key; known keys: ${ALL_KEYS.join(', ')}`));
      continue;
    }
    if (!Array.isArray(entries)) {
      result.rejected.push(reject(key, null, 'NOT_AN_ARRAY', 'must be a list of texts'));
      continue;
    }
    const accepted = acceptEntries(key, entries, result.rejected);
    if (accepted.length > 0) result.texts[key] = accepted;
  }
  return result;
}

/** The built-in texts plus additions (validated ones: pass `parseSiteTextPolicy(…).texts`). */
export function withSiteTexts(additions: SiteTextAdditions = {}): SiteTexts {
  const merged: Record<SiteTextKey, readonly string[]> = defaultSiteTexts();
  for (const key of ALL_KEYS) {
    const extra = additions[key];
    if (extra?.length) merged[key] = [...merged[key], ...extra];
  }
  return merged;
}

function acceptEntries(key: SiteTextKey, entries: readonly unknown[], rejected: RejectedSiteText[]): string[] {
  const seen = new Set(defaultSiteTexts()[key].map(comparable));
  const accepted: string[] = [];
  entries.forEach((entry, index) => {
    if (index >= MAX_ALTERNATIVES) {
      rejected.push(reject(key, index, 'TOO_MANY', `at most ${MAX_ALTERNATIVES} alternatives per key`));
      return;
    }
    const problem = entryProblem(key, entry);
    if (problem) {
      rejected.push(reject(key, index, problem.reason, problem.why));
      return;
    }
    const text = (entry as string).trim();
    if (seen.has(comparable(text))) {
      rejected.push(reject(key, index, 'DUPLICATE', `"${preview(text)}" is already looked for`));
      return;
    }
    seen.add(comparable(text));
    accepted.push(text);
  });
  return accepted;
}

function entryProblem(key: SiteTextKey, entry: unknown): { reason: SiteTextRejection; why: string } | null {
  if (typeof entry !== 'string') return { reason: 'NOT_A_STRING', why: 'each alternative must be a text' };
  const text = entry.trim();
  if (!LETTER_OR_DIGIT.test(text)) return { reason: 'EMPTY', why: 'the text has no letters or digits' };
  if (text.length > MAX_TEXT_LENGTH) return { reason: 'TOO_LONG', why: `longer than ${MAX_TEXT_LENGTH} characters` };
  if (CONTROL.test(text)) return { reason: 'CONTROL_CHARACTER', why: `"${preview(text)}" contains control characters` };
  if (MARKUP.test(text)) return { reason: 'MARKUP', why: `"${preview(text)}" looks like HTML; give the text as shown on screen` };
  if (PATTERN.test(text)) {
    return { reason: 'PATTERN', why: `"${preview(text)}" looks like a pattern; texts are matched literally` };
  }
  if (LINE_KEYS.has(key) && comparable(text).length < MIN_LINE_LENGTH) {
    return { reason: 'TOO_SHORT', why: `a line needs at least ${MIN_LINE_LENGTH} characters, or it matches everywhere` };
  }
  return null;
}

function isSiteTextKey(key: string): key is SiteTextKey {
  return (ALL_KEYS as readonly string[]).includes(key);
}

/** Texts compare as the readers see them: NFKC, no invisible characters. */
function comparable(text: string): string {
  return compactText(text);
}

function preview(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function reject(key: string, index: number | null, reason: SiteTextRejection, why: string): RejectedSiteText {
  return { key, index, reason, why };
}
