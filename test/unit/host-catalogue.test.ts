/**
 * The host's catalogues (native-host/src/i18n): Japanese and English have the same keys and the same `{placeholders}`
 * per key, the per-area files merged into ja.ts never shadow one another, a sentence carries another by key
 * ({reason} from reasonKey), and every code the linkage module can reply has words in the extension's _locales
 * (`code_<CODE>`, ja and en, same placeholders, each one a parameter the host sends). The PKCS#12 reader's codes and
 * problems, the replacement checks' refusal codes and readDownload's codes have words in both catalogues. The English
 * catalogue has no Japanese in it, and the certificate stores throw catalogue keys, never sentences of their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fsReason, fsReasonParams } from '../../native-host/src/fs-reason';
import { formatDate, hasMessage, messageFor, setLocale, text } from '../../native-host/src/i18n';
import { EN } from '../../native-host/src/i18n/en';
import { JA } from '../../native-host/src/i18n/ja';
import { JA_CLI } from '../../native-host/src/i18n/ja/cli';
import { JA_COMMON } from '../../native-host/src/i18n/ja/common';
import { JA_DOCTOR } from '../../native-host/src/i18n/ja/doctor';
import { JA_INSTALL } from '../../native-host/src/i18n/ja/install';
import { JA_LINKAGE } from '../../native-host/src/i18n/ja/linkage';
import { JA_PKCS12 } from '../../native-host/src/i18n/ja/pkcs12';
import { JA_STORES } from '../../native-host/src/i18n/ja/stores';
import { problemMessage, problemWording, readerFailure, readerMessage } from '../../native-host/src/pkcs12-words';
import { pkcs12Error } from '../../src/lib/pkcs12';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((match) => match[1]!))].sort();
}

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

function locales(lang: 'ja' | 'en'): Record<string, { message: string }> {
  return JSON.parse(readFileSync(join(ROOT, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
}

describe('host catalogues', () => {
  test('ja.ts and en.ts have the same keys and the same placeholders per key', () => {
    expect(Object.keys(EN).sort()).toEqual(Object.keys(JA).sort());
    const ja = JA as Record<string, string>;
    const differing = Object.keys(ja).filter((key) => placeholders(ja[key]!).join() !== placeholders(EN[key as keyof typeof EN]).join());
    expect(differing).toEqual([]);
  });

  test('the per-area files share no key, and each reaches ja.ts as written (nothing shadowed by a later spread)', () => {
    const parts: Array<Record<string, string>> = [JA_COMMON, JA_CLI, JA_DOCTOR, JA_INSTALL, JA_LINKAGE, JA_PKCS12, JA_STORES];
    const seen = new Map<string, number>();
    for (const part of parts) for (const key of Object.keys(part)) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
    const ja = JA as Record<string, string>;
    for (const part of parts) for (const [key, value] of Object.entries(part)) expect(ja[key], key).toBe(value);
  });

  test('a sentence carries another by key: {reason} from reasonKey, in each language; an unknown code shows as itself', () => {
    const denied = { config: '/etc/x.yml', ...fsReasonParams(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) };
    expect(denied).toEqual({ config: '/etc/x.yml', errno: 'EACCES', reasonKey: 'fs.accessDenied' });
    expect(text('linkage.configNotReadable', denied, 'ja')).toBe(
      '設定ファイルを読めません: /etc/x.yml（アクセスが拒否されました）。アクセス権を確認してください。',
    );
    expect(text('linkage.configNotReadable', denied, 'en')).toBe('Cannot read the config file /etc/x.yml (access denied). Check its permissions.');
    const io = fsReasonParams(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    expect(text('linkage.updateFailed', io, 'en')).toBe('Could not update the linkage tool configs (EIO).');
    // No code at all: the words for "unknown", never the error's own text (that is detail).
    expect(text('linkage.updateFailed', fsReasonParams(new Error('something inside')), 'ja')).toBe('連携ツールの設定を更新できませんでした（不明なエラー）。');
    // Two levels: the outcome names its cause, the cause names its reason.
    const outcome = { config: '/c.yml', ...fsReasonParams({ code: 'EROFS' }), causeKey: 'linkage.configNotWritten' };
    expect(text('linkage.failedRestored', outcome, 'en')).toBe(
      'Could not rewrite the config file /c.yml (the drive is read-only). Clear read-only or run as an administrator. Every change was undone; the configs keep the old certificate.',
    );
    // A key that names itself does not loop.
    expect(text('linkage.failedRestored', { causeKey: 'linkage.failedRestored' }, 'en')).toContain('{cause}');
  });

  test('the English catalogue has no Japanese in it (an English terminal or popup reads English only)', () => {
    expect(Object.entries(EN).filter(([, value]) => JAPANESE.test(value))).toEqual([]);
  });

  test('fsReason follows the current locale', () => {
    setLocale('en');
    expect(fsReason({ code: 'ENOSPC' })).toBe('the disk is full');
    setLocale('ja');
    expect(fsReason({ code: 'ENOSPC' })).toBe('ディスクの空きがありません');
  });
});

/**
 * The codes the linkage module can put in a linkageList or linkageUpdate reply. Left out: the rollback's (CLI only)
 * and files.ts, whose `code:` values are errno codes given to its own errors, not reply codes.
 */
const NOT_REPLIED = new Set(['rollback.ts', 'backup-set.ts', 'files.ts']);

function linkageReplyCodes(): string[] {
  const dir = join(ROOT, 'native-host', 'src', 'linkage');
  const codes = new Set<string>();
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts') && !NOT_REPLIED.has(file))) {
    const source = readFileSync(join(dir, name), 'utf8');
    for (const match of source.matchAll(/(?:LinkageError|linkageFailure|problem)\(\s*'([A-Z][A-Z0-9_]+)'|\bcode: '([A-Z][A-Z0-9_]+)'/g))
      codes.add((match[1] ?? match[2])!);
  }
  return [...codes].sort();
}

describe('extension words for the linkage codes (public/_locales)', () => {
  const ja = locales('ja');
  const en = locales('en');
  const codes = linkageReplyCodes();

  test('the scan finds the codes (a scan that finds nothing would prove nothing)', () => {
    expect(codes).toEqual(
      expect.arrayContaining(['CONFIG_NOT_FOUND', 'KEY_FILE_MISSING', 'READ_ONLY', 'SUBJECT_MISMATCH', 'WRITE_FAILED', 'RESTORE_INCOMPLETE']),
    );
  });

  test('every one has code_<CODE> in ja and en, with the same placeholders', () => {
    const missing = codes.filter((code) => !ja[`code_${code}`] || !en[`code_${code}`]);
    expect(missing).toEqual([]);
    const differing = codes.filter((code) => placeholders(ja[`code_${code}`]!.message).join() !== placeholders(en[`code_${code}`]!.message).join());
    expect(differing).toEqual([]);
  });

  test('each placeholder is a parameter the linkage sentences use (a misspelt one would stay as {typo} in the popup)', () => {
    const sent = new Set(Object.values(JA_LINKAGE).flatMap((template) => placeholders(template)));
    const unknown = codes.flatMap((code) =>
      placeholders(ja[`code_${code}`]!.message)
        .filter((name) => !sent.has(name))
        .map((name) => `${code}: {${name}}`),
    );
    expect(unknown).toEqual([]);
  });
});

/** The members of a string-literal union type in a source file (`| 'CODE'`), from its declaration to the next `;`. */
function unionMembers(file: string, typeName: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const start = source.indexOf(`export type ${typeName} =`);
  const declaration = source.slice(start, source.indexOf(';', start));
  return [...declaration.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]!);
}

describe('the PKCS#12 reader, the replacement checks and readDownload: codes with words in both catalogues', () => {
  const ja = locales('ja');
  const en = locales('en');
  const readerCodes = unionMembers('src/lib/pkcs12/errors.ts', 'Pkcs12ErrorCode');
  const problemCodes = [...unionMembers('src/lib/pkcs12/types.ts', 'BlockingProblemCode'), ...unionMembers('src/lib/pkcs12/types.ts', 'WarningProblemCode')];
  const checkCodes = [
    ...new Set([...readFileSync(join(ROOT, 'src/lib/renewal-checks.ts'), 'utf8').matchAll(/fail\('[a-z-]+', '([A-Z][A-Z0-9_]+)'/g)].map((match) => match[1]!)),
  ];
  const readDownloadCodes = ['READ_REFUSED', 'READ_FAILED'];

  test('the scans find the codes', () => {
    expect(readerCodes).toEqual(['EMPTY_FILE', 'NOT_PKCS12', 'BAD_PASSWORD', 'UNSUPPORTED_ALGORITHM', 'ITERATIONS_TOO_HIGH', 'TOO_LARGE']);
    expect(problemCodes).toEqual(expect.arrayContaining(['EXPIRED', 'MULTIPLE_IDENTITIES', 'EXPIRES_SOON', 'NO_MAC', 'NO_CHAIN', 'NOT_YET_VALID']));
    expect(checkCodes).toEqual(expect.arrayContaining(['UNTRUSTED_ISSUER', 'SUBJECT_MISMATCH', 'NOT_NEWER', 'EXPIRED', 'NO_PRIVATE_KEY']));
  });

  test('the host: an entry per failure code (what a refused import or inspect says), `problem.<CODE>` per problem', () => {
    expect([...readerCodes, ...checkCodes, ...readDownloadCodes].filter((code) => !hasMessage(code))).toEqual([]);
    expect(problemCodes.filter((code) => !hasMessage(`problem.${code}`))).toEqual([]);
  });

  test('the extension: code_<CODE> in ja and en for every one of them, the same placeholders, each one a parameter sent', () => {
    const codes = [...readerCodes, ...problemCodes, ...checkCodes, ...readDownloadCodes];
    expect(codes.filter((code) => !ja[`code_${code}`] || !en[`code_${code}`])).toEqual([]);
    expect(codes.filter((code) => placeholders(ja[`code_${code}`]!.message).join() !== placeholders(en[`code_${code}`]!.message).join())).toEqual([]);
    // What the reader and the checks put in params: the problems' facts, SUBJECT_MISMATCH's {current}.
    const sent = new Set(['days', 'keys', 'notAfter', 'notBefore', 'current']);
    expect(
      codes.flatMap((code) =>
        placeholders(ja[`code_${code}`]!.message)
          .filter((name) => !sent.has(name))
          .map((name) => `${code}: {${name}}`),
      ),
    ).toEqual([]);
    expect(codes.filter((code) => JAPANESE.test(en[`code_${code}`]!.message))).toEqual([]);
  });

  test('a failure names what was refused when the reader says it; the parameters stay data, the detail stays apart', () => {
    const named = pkcs12Error('UNSUPPORTED_ALGORITHM', 'MAC: PBMAC1', { algorithm: 'PBMAC1' });
    expect(readerFailure(named)).toEqual({
      code: 'UNSUPPORTED_ALGORITHM',
      key: 'pkcs12.unsupportedAlgorithm',
      params: { algorithm: 'PBMAC1' },
      detail: 'MAC: PBMAC1',
    });
    expect(readerMessage(named, 'ja')).toBe(
      'この証明書ファイルは対応していない方式（PBMAC1）で保護されているため読み込めません。ORCAMO からダウンロードしたファイルか確認し、解決しない場合はサポート窓口にお問い合わせください。',
    );
    expect(readerMessage(pkcs12Error('UNSUPPORTED_ALGORITHM', 'certificate public key algorithm'), 'en')).toBe(
      'This certificate file is protected by a method that is not supported, so it cannot be read. Check that the file came from ORCAMO; if the problem remains, contact support.',
    );
    const iterations = pkcs12Error('ITERATIONS_TOO_HIGH', 'PBKDF2: 2000000 iterations', { what: 'PBKDF2', iterations: 2_000_000 });
    expect(readerMessage(iterations, 'ja')).toContain('上限（1,000,000 回）を超えている（PBKDF2: 2,000,000 回）ため');
    expect(messageFor(readerFailure(iterations), 'en')).toContain('iteration count of this certificate file (PBKDF2: 2,000,000) is above the limit');
    expect(readerMessage(pkcs12Error('TOO_LARGE'), 'ja')).toContain('ファイルが大きすぎます（上限 1 MiB）。');
    expect(readerMessage(pkcs12Error('TOO_LARGE', 'more than 1000 SafeBags', { bags: 1000 }), 'ja')).toContain('（SafeBag が 1000 個を超えています）');
    expect(readerMessage(pkcs12Error('NOT_PKCS12', 'PFX: not a SEQUENCE'), 'ja')).toBe(
      'PKCS#12（.p12）形式の証明書ファイルではないか、ファイルが壊れています。ORCAMO の画面から証明書をもう一度ダウンロードしてください。',
    );
  });

  test("a problem: its facts in the sentence, the date in Japan time written the language's way", () => {
    const soon = { code: 'EXPIRES_SOON', blocking: false, params: { days: 29, notAfter: '2026-12-31T16:00:00Z' } } as const;
    expect(problemMessage(soon, 'ja')).toBe('証明書の有効期限まで残り 29 日です（2027年1月1日まで）。早めに新しい証明書へ更新してください。');
    expect(problemMessage(soon, 'en')).toBe('The certificate expires in 29 days (valid until January 1, 2027). Renew it soon.');
    expect(problemMessage({ code: 'MULTIPLE_IDENTITIES', blocking: true, params: { keys: 2 } }, 'ja')).toContain('（秘密鍵 2 個）');
    // The linkage update names a blocking problem of the new certificate in the same words, then what it did not do.
    const expired = problemWording({ code: 'EXPIRED', blocking: true, params: { notAfter: '2014-10-31T23:45:22Z' } }, 'ja');
    expect(text('linkage.certificateRefused', { ...expired.params, problemKey: expired.key }, 'ja')).toBe(
      '証明書の有効期限が切れています（2014年11月1日まで）。ORCAMO の画面から新しい証明書をダウンロードしてください。（連携ツールの設定は何も変更していません。）',
    );
    expect(formatDate('2014-10-31T23:45:22Z', 'ja')).toBe('2014年11月1日');
    expect(formatDate('2014-10-31T23:45:22Z', 'en')).toBe('November 1, 2014');
  });
});

/** A source file's code without its comments (block and line comments; a `//` inside a string is kept: `:` before it). */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the certificate stores (NSS, Windows, macOS) say what went wrong by catalogue key', () => {
  const files = sourceFiles(join(ROOT, 'native-host', 'src', 'stores'));

  test('the scan finds every store', () => {
    const names = files.map((file) => file.slice(ROOT.length).replace(/\\/g, '/'));
    expect(names).toEqual(
      expect.arrayContaining(['native-host/src/stores/nss/store.ts', 'native-host/src/stores/windows/store.ts', 'native-host/src/stores/macos/store.ts']),
    );
  });

  test('no Japanese outside comments: every sentence a store shows is in the catalogue, in both languages', () => {
    const offending = files.flatMap((file) =>
      code(readFileSync(file, 'utf8'))
        .split('\n')
        .filter((line) => JAPANESE.test(line))
        .map((line) => `${file.slice(ROOT.length)}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
