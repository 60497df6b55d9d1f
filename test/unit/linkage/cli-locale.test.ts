/**
 * `weborca-cert linkage` speaks the terminal's language: the built file (`npm run build:host` first) run with
 * LC_ALL=ja_JP.UTF-8 prints today's Japanese, with LC_ALL=en_US.UTF-8 not one Japanese character — in the list, its
 * problems, a refused update (human and --json), an update, a rollback, and a usage error. Paths and the
 * certificate's names are ASCII here, so any Japanese character in the English output is a sentence left behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { HOST_BIN } from '../../helpers/host-process';
import { createTestPki, type ClientIdentity, type TestPki } from '../../simulator/index';
import { makeWorld, type LinkageWorld } from './tree';

/** Hiragana, katakana, CJK punctuation and ideographs, full-width forms (（）：…). */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

const LOCALES = { ja: 'ja_JP.UTF-8', en: 'en_US.UTF-8' } as const;

let pki: TestPki;
let old: ClientIdentity;
let renewed: ClientIdentity;
let world: LinkageWorld;
let home: string;
let p12File: string;

beforeAll(async () => {
  pki = await createTestPki();
  old = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({});
}, 60_000);
beforeEach(() => {
  world = makeWorld(pki, old);
  home = mkdtempSync(join(tmpdir(), 'weborca-linkage-locale-'));
  p12File = join(home, 'renewed.p12');
  writeFileSync(p12File, renewed.p12);
});
afterEach(() => {
  world.cleanup();
  rmSync(home, { recursive: true, force: true });
});

function cli(locale: keyof typeof LOCALES, args: string[], stdin = ''): { code: number | null; out: string } {
  const env = { PATH: process.env.PATH, HOME: home, LC_ALL: LOCALES[locale], WEBORCA_CERT_LINKAGE_PATHS: `${world.shell.dir}:${world.push.dir}` };
  const result = spawnSync(process.execPath, [HOST_BIN, ...args], { input: stdin, env, encoding: 'utf8' });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function expectEnglish(out: string): void {
  expect(out.trim()).not.toBe('');
  expect(out.split('\n').filter((line) => JAPANESE.test(line))).toEqual([]);
}

describe('linkage in Japanese and in English', () => {
  test('the list, and its problems', () => {
    const ja = cli('ja', ['linkage']);
    const en = cli('en', ['linkage']);
    expect([ja.code, en.code]).toEqual([0, 0]);
    expect(ja.out).toContain('オンライン資格確認の連携ツール（実験的機能 / experimental linkage tools）:');
    expect(ja.out).toContain(`シリアル ${old.serialHex}`);
    expect(ja.out).toContain('（残り 60 日）');
    expectEnglish(en.out);
    expect(en.out).toContain('Online-eligibility linkage tools (experimental):');
    expect(en.out).toContain(`serial ${old.serialHex}`);
    expect(en.out).toContain('(60 days left)');

    rmSync(world.shell.key);
    const jaProblem = cli('ja', ['linkage']);
    const enProblem = cli('en', ['linkage']);
    expect([jaProblem.code, enProblem.code]).toEqual([1, 1]);
    expect(jaProblem.out).toContain(`[KEY_FILE_MISSING] 秘密鍵ファイルが見つかりません: ${world.shell.key}（${world.shell.config} の :cert_key）。`);
    expectEnglish(enProblem.out);
    expect(enProblem.out).toContain(`[KEY_FILE_MISSING] Private key file not found: ${world.shell.key} (:cert_key in ${world.shell.config}).`);
  });

  test('a refused update, human and --json: the sentence follows the locale, the code and parameters do not', () => {
    rmSync(world.shell.key);
    const ja = cli('ja', ['linkage', 'update', p12File, '--password-stdin'], renewed.password);
    const en = cli('en', ['linkage', 'update', p12File, '--password-stdin'], renewed.password);
    expect([ja.code, en.code]).toEqual([1, 1]);
    expect(ja.out).toContain('エラー（KEY_FILE_MISSING）: 連携ツールの設定に問題があるため、更新しませんでした: 秘密鍵ファイルが見つかりません');
    expectEnglish(en.out);
    expect(en.out).toContain('Error (KEY_FILE_MISSING): Not updated, because a linkage tool config has a problem: Private key file not found');

    const jaJson = JSON.parse(cli('ja', ['linkage', 'update', p12File, '--password-stdin', '--json'], renewed.password).out) as Record<string, unknown>;
    const enJson = JSON.parse(cli('en', ['linkage', 'update', p12File, '--password-stdin', '--json'], renewed.password).out) as Record<string, unknown>;
    expectEnglish(JSON.stringify(enJson));
    expect(JSON.stringify(jaJson)).toMatch(JAPANESE);
    const coded = (json: Record<string, unknown>): unknown => ({ ...(json.error as object), message: null });
    expect(coded(enJson)).toEqual(coded(jaJson));
    expect(jaJson.error).toMatchObject({ code: 'KEY_FILE_MISSING', params: { file: world.shell.key, config: world.shell.config } });
  });

  test('an update, then a rollback, then a rollback with nothing left', () => {
    for (const locale of ['ja', 'en'] as const) {
      const updated = cli(locale, ['linkage', 'update', p12File, '--password-stdin'], renewed.password);
      expect(updated.code, updated.out).toBe(0);
      const rolled = cli(locale, ['linkage', 'rollback']);
      expect(rolled.code, rolled.out).toBe(0);
      const none = cli(locale, ['linkage', 'rollback']);
      expect(none.code).toBe(1);
      if (locale === 'ja') {
        expect(updated.out).toContain('に更新しました（実験的機能）。');
        expect(updated.out).toContain('古い証明書ファイルは残してあります。');
        expect(rolled.out).toMatch(/バックアップ \d{8}-\d{6}(-\d+)? の状態に戻しました/);
        expect(rolled.out).toContain('連携ツールを再起動してください。');
        expect(none.out).toContain('エラー（NO_BACKUP）: 戻せる連携ツールのバックアップがありません');
      } else {
        for (const out of [updated.out, rolled.out, none.out]) expectEnglish(out);
        expect(updated.out).toContain('Updated the linkage tool configs to the new certificate');
        expect(updated.out).toMatch(/To undo: weborca-cert linkage rollback \d{8}-\d{6}/);
        expect(rolled.out).toMatch(/Restored the state of backup \d{8}-\d{6}(-\d+)?/);
        expect(none.out).toContain('Error (NO_BACKUP): No linkage tool backup to restore');
      }
    }
  });

  test('a usage error and its usage text', () => {
    const ja = cli('ja', ['linkage', '--bogus']);
    const en = cli('en', ['linkage', '--bogus']);
    expect([ja.code, en.code]).toEqual([2, 2]);
    expect(ja.out).toContain('不明なオプションです: --bogus');
    expect(ja.out).toContain('使い方（実験的機能 / experimental）:');
    expectEnglish(en.out);
    expect(en.out).toContain('Unknown option: --bogus');
    expect(en.out).toContain('Usage (experimental):');
  });
});
