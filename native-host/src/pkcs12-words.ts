/**
 * The PKCS#12 reader's codes in the host's words (i18n/{ja,en}/pkcs12.ts). The reader (src/lib/pkcs12) returns a
 * failure as a code, parameters and a technical detail, and a problem as a code and its facts; this is where they
 * become sentences: in the CLI's output, in the `message` of a native reply (`inspect`, a refused `import`).
 */
import type { MessageParams } from '../../src/lib/native-protocol';
import type { Pkcs12ErrorInfo, Problem } from '../../src/lib/pkcs12';
import type { Failure } from './host/failure';
import { formatDate, locale, messageFor, text, type CatalogueKey, type Locale } from './i18n';

/** The catalogue entry for a reader failure: a variant naming what was refused when the reader said what it was. */
function readerKey(error: Pkcs12ErrorInfo): CatalogueKey {
  const has = (name: string): boolean => error.params?.[name] !== undefined;
  switch (error.code) {
    case 'UNSUPPORTED_ALGORITHM':
      return has('algorithm') ? 'pkcs12.unsupportedAlgorithm' : 'UNSUPPORTED_ALGORITHM';
    case 'ITERATIONS_TOO_HIGH':
      return has('what') && has('iterations') ? 'pkcs12.iterationsTooHigh' : 'ITERATIONS_TOO_HIGH';
    case 'TOO_LARGE':
      return has('bags') ? 'pkcs12.tooManyBags' : 'TOO_LARGE';
    default:
      return error.code;
  }
}

/** The parameters as a sentence shows them: an iteration count grouped as people read it (2,000,000). */
function displayParams(params: Readonly<Record<string, string | number>> | undefined): MessageParams {
  const shown: MessageParams = { ...params };
  if (typeof shown.iterations === 'number') shown.iterations = shown.iterations.toLocaleString('en-US');
  return shown;
}

/**
 * A reader failure as the host's Failure: the code the receiver translates, the entry with the host's words, the
 * reader's parameters (identifiers and counts) and its technical detail.
 */
export function readerFailure(error: Pkcs12ErrorInfo): Failure & { key: CatalogueKey } {
  return {
    code: error.code,
    key: readerKey(error),
    ...(error.params && Object.keys(error.params).length > 0 ? { params: displayParams(error.params) } : {}),
    ...(error.detail ? { detail: error.detail } : {}),
  };
}

/** The sentence for a reader failure in the current locale (or the one given). */
export function readerMessage(error: Pkcs12ErrorInfo, lang: Locale = locale()): string {
  return messageFor(readerFailure(error), lang);
}

/**
 * A problem's catalogue entry and the parameters its sentence needs: its facts, and `{date}` (its ISO date in Japan
 * time, written the language's way).
 */
export function problemWording(problem: Problem, lang: Locale = locale()): { key: CatalogueKey; params: MessageParams } {
  const params = displayParams(problem.params);
  const date = problem.params?.notAfter ?? problem.params?.notBefore;
  if (typeof date === 'string') params.date = formatDate(date, lang);
  return { key: `problem.${problem.code}`, params };
}

/** The sentence for a problem of a file that opened. */
export function problemMessage(problem: Problem, lang: Locale = locale()): string {
  const { key, params } = problemWording(problem, lang);
  return text(key, params, lang);
}
