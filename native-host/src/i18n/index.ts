/**
 * The host's words: one catalogue per language (ja.ts, en.ts), chosen like any command-line tool from
 * LC_ALL / LC_MESSAGES / LANG — English when the locale is English, Japanese otherwise (our users). Modules return
 * codes and parameters (host/failure.ts); only the CLI's output and the `message` of a native-messaging error
 * reply are rendered here. Placeholders are `{name}`, filled from the parameters.
 */
import type { MessageParams } from '../../../src/lib/native-protocol';
import { catalogues, type Locale } from './catalogues';
import type { CatalogueKey } from './ja';

export type { CatalogueKey, Locale };

/** The locale a terminal (or the browser that started the host) asks for: the first of the POSIX variables set. */
export function localeFromEnv(env: NodeJS.ProcessEnv = process.env): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en([_.@-]|$)/i.test(value) ? 'en' : 'ja';
}

let current: Locale = localeFromEnv();

/** Tests and callers with their own knowledge (e.g. a --lang flag one day) may set it. */
export function setLocale(locale: Locale): void {
  current = locale;
}

export function locale(): Locale {
  return current;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar date in a sentence, in Japan time (WebORCA's): 2015年10月3日 / October 3, 2015. */
export function formatDate(iso: string | Date, lang: Locale = current): string {
  const jst = new Date(new Date(iso).getTime() + 9 * 3600_000);
  const [year, month, day] = [jst.getUTCFullYear(), jst.getUTCMonth() + 1, jst.getUTCDate()];
  return lang === 'ja' ? `${year}年${month}月${day}日` : `${MONTHS[month - 1]} ${day}, ${year}`;
}

export function fill(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function hasMessage(key: string): key is CatalogueKey {
  return Object.prototype.hasOwnProperty.call(catalogues().ja, key);
}

/** A sentence naming another (the reason inside it, the cause of a failure) nests no deeper than this. */
const MAX_NESTING = 3;

/**
 * Fills a template from the parameters. A `{name}` with no `name` parameter but a `nameKey` parameter naming a
 * catalogue entry gets that entry's text, filled from the same parameters: how a sentence carries another (the words
 * for a system error, the cause of a failed update) while the parameters stay data — codes and catalogue keys, never
 * words in one language — that a reader with its own catalogue can use.
 */
function render(template: string, params: MessageParams | undefined, lang: Locale, depth: number): string {
  if (!params) return template;
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => {
    if (name in params) return String(params[name]);
    const nested = params[`${name}Key`];
    if (typeof nested === 'string' && hasMessage(nested) && depth < MAX_NESTING) return render(catalogues()[lang][nested], params, lang, depth + 1);
    return whole;
  });
}

/** The text of a catalogue key in the current locale (or the one given). */
export function text(key: CatalogueKey, params?: MessageParams, lang: Locale = current): string {
  return render(catalogues()[lang][key], params, lang, 0);
}

/** A failure's sentence: the catalogue's text for its key or code, else the sentence it carries, else a generic one. */
export function messageFor(failure: { code: string; key?: string; params?: MessageParams; message?: string }, lang: Locale = current): string {
  const key = failure.key ?? failure.code;
  if (hasMessage(key)) return text(key, failure.params, lang);
  return failure.message ?? text('INTERNAL', undefined, lang);
}
