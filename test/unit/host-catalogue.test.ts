/**
 * The host's catalogues (native-host/src/i18n): Japanese and English have the same keys and the same `{placeholders}`
 * per key, the per-area files merged into ja.ts never shadow one another, a sentence carries another by key
 * ({reason} from reasonKey), and every code the linkage module can reply has words in the extension's _locales
 * (`code_<CODE>`, ja and en, same placeholders, each one a parameter the host sends).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fsReason, fsReasonParams } from '../../native-host/src/fs-reason';
import { setLocale, text } from '../../native-host/src/i18n';
import { EN } from '../../native-host/src/i18n/en';
import { JA } from '../../native-host/src/i18n/ja';
import { JA_COMMON } from '../../native-host/src/i18n/ja/common';
import { JA_INSTALL } from '../../native-host/src/i18n/ja/install';
import { JA_LINKAGE } from '../../native-host/src/i18n/ja/linkage';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((match) => match[1]!))].sort();
}

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
    const parts: Array<Record<string, string>> = [JA_COMMON, JA_INSTALL, JA_LINKAGE];
    const seen = new Map<string, number>();
    for (const part of parts) for (const key of Object.keys(part)) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
    const ja = JA as Record<string, string>;
    for (const part of parts) for (const [key, value] of Object.entries(part)) expect(ja[key], key).toBe(value);
  });

  test('a sentence carries another by key: {reason} from reasonKey, in each language; an unknown code shows as itself', () => {
    const denied = { config: '/etc/x.yml', ...fsReasonParams(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) };
    expect(denied).toEqual({ config: '/etc/x.yml', errno: 'EACCES', reasonKey: 'fs.accessDenied' });
    expect(text('linkage.configNotReadable', denied, 'ja')).toBe('設定ファイルを読めません: /etc/x.yml（アクセスが拒否されました）。アクセス権を確認してください。');
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
    for (const match of source.matchAll(/(?:LinkageError|linkageFailure|problem)\(\s*'([A-Z][A-Z0-9_]+)'|\bcode: '([A-Z][A-Z0-9_]+)'/g)) codes.add((match[1] ?? match[2])!);
  }
  return [...codes].sort();
}

describe('extension words for the linkage codes (public/_locales)', () => {
  const ja = locales('ja');
  const en = locales('en');
  const codes = linkageReplyCodes();

  test('the scan finds the codes (a scan that finds nothing would prove nothing)', () => {
    expect(codes).toEqual(expect.arrayContaining(['CONFIG_NOT_FOUND', 'KEY_FILE_MISSING', 'READ_ONLY', 'SUBJECT_MISMATCH', 'WRITE_FAILED', 'RESTORE_INCOMPLETE']));
  });

  test('every one has code_<CODE> in ja and en, with the same placeholders', () => {
    const missing = codes.filter((code) => !ja[`code_${code}`] || !en[`code_${code}`]);
    expect(missing).toEqual([]);
    const differing = codes.filter((code) => placeholders(ja[`code_${code}`]!.message).join() !== placeholders(en[`code_${code}`]!.message).join());
    expect(differing).toEqual([]);
  });

  test('each placeholder is a parameter the linkage sentences use (a misspelt one would stay as {typo} in the popup)', () => {
    const sent = new Set(Object.values(JA_LINKAGE).flatMap((template) => placeholders(template)));
    const unknown = codes.flatMap((code) => placeholders(ja[`code_${code}`]!.message).filter((name) => !sent.has(name)).map((name) => `${code}: {${name}}`));
    expect(unknown).toEqual([]);
  });
});
