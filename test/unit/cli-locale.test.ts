/**
 * The CLI speaks the terminal's language (issue 14): the built file (`npm run build:host` first) run with
 * LC_ALL=ja_JP.UTF-8 prints today's Japanese, with LC_ALL=en_US.UTF-8 not one Japanese character — `inspect` of a
 * missing file, with a wrong password, of a file with problems (human and --json), `import --help`, `--help`, `list`
 * and `policy`. Paths, serial numbers and names from certificates are the only things not translated.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOST_BIN } from '../helpers/host-process';

/** Hiragana, katakana, CJK punctuation and ideographs, full-width forms (（）：…). */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
const LOCALES = { ja: 'ja_JP.UTF-8', en: 'en_US.UTF-8' } as const;
const VECTORS = join(import.meta.dirname, '../fixtures/windows-pfx');
/** Expired, a CA, not for client authentication, no chain; the empty password. */
const PROBLEMS = join(VECTORS, 'windows-empty-string-password.p12');

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'weborca-cli-locale-'));
  // An empty NSS database: `list` has one store to show, with nothing in it.
  mkdirSync(join(home, '.pki', 'nssdb'), { recursive: true });
  spawnSync('certutil', ['-N', '-d', `sql:${join(home, '.pki', 'nssdb')}`, '--empty-password']);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cli(locale: keyof typeof LOCALES, args: string[], stdin = ''): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [HOST_BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, LC_ALL: LOCALES[locale] },
    input: stdin,
    encoding: 'utf8',
    cwd: home,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectEnglish(...outputs: string[]): void {
  const all = outputs.join('\n');
  expect(all.trim()).not.toBe('');
  expect(all.split('\n').filter((line) => JAPANESE.test(line))).toEqual([]);
}

describe('weborca-cert in Japanese and in English', () => {
  test("inspect missing.p12 --json: the message follows the locale (the issue's own check)", () => {
    const ja = cli('ja', ['inspect', 'missing.p12', '--json']);
    const en = cli('en', ['inspect', 'missing.p12', '--json']);
    expect([ja.code, en.code]).toEqual([1, 1]);
    expect(JSON.parse(ja.stdout)).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'ファイルが見つかりません: missing.p12。ファイル名と保存場所を確認してください。' },
    });
    expect(JSON.parse(en.stdout)).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'File not found: missing.p12. Check the file name and where it was saved.' },
    });
    const human = cli('en', ['inspect', 'missing.p12']);
    expect(human.stderr).toBe('Error (FILE_NOT_FOUND): File not found: missing.p12. Check the file name and where it was saved.\n');
  });

  test('inspect with a wrong password, human and --json', () => {
    const args = ['inspect', PROBLEMS, '--password-stdin'];
    const ja = cli('ja', [...args, '--json'], 'nope\n');
    const en = cli('en', [...args, '--json'], 'nope\n');
    expect(JSON.parse(ja.stdout)).toEqual({
      ok: false,
      error: { code: 'BAD_PASSWORD', message: '証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。' },
    });
    expect(JSON.parse(en.stdout)).toEqual({
      ok: false,
      error: { code: 'BAD_PASSWORD', message: 'Wrong certificate password. Check the password ORCAMO shows.' },
    });
    expect(cli('ja', args, 'nope').stderr).toBe(
      'エラー（BAD_PASSWORD）: 証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。\n',
    );
    expectEnglish(cli('en', args, 'nope').stderr);
  });

  test('inspect of a file with problems: the summary and the problems, dates in Japan time', () => {
    const ja = cli('ja', ['inspect', PROBLEMS]);
    const en = cli('en', ['inspect', PROBLEMS]);
    expect([ja.code, en.code]).toEqual([0, 0]);
    expect(ja.stdout).toContain('有効期限: 2014年11月1日まで（期限切れ）\n鍵: RSA 2048 ビット（秘密鍵あり・証明書と一致）\n問題:\n');
    expect(ja.stdout).toContain(
      '  - [要対応] 証明書の有効期限が切れています（2014年11月1日まで）。ORCAMO の画面から新しい証明書をダウンロードしてください。\n',
    );
    expect(ja.stdout).toContain(
      '  - [注意] ファイルに中間 CA 証明書が含まれていません。通常は接続に影響ありません。\n判定: このファイルは WebORCA の接続に使えません。\n',
    );
    expectEnglish(en.stdout);
    expect(en.stdout).toContain('Valid until: November 1, 2014 (expired)\nKey: RSA 2048 bits (private key present, matches the certificate)\nProblems:\n');
    expect(en.stdout).toContain('  - [must fix] The certificate has expired (valid until November 1, 2014). Download a new certificate from ORCAMO.\n');
    expect(en.stdout).toContain('Verdict: this file cannot be used to connect to WebORCA.\n');

    const jaJson = JSON.parse(cli('ja', ['inspect', PROBLEMS, '--json']).stdout) as { problems: Array<{ code: string; blocking: boolean; message: string }> };
    const enJson = JSON.parse(cli('en', ['inspect', PROBLEMS, '--json']).stdout) as typeof jaJson;
    expect(jaJson.problems.map((p) => Object.keys(p))).toEqual(jaJson.problems.map(() => ['code', 'blocking', 'message']));
    expect(enJson.problems.map((p) => [p.code, p.blocking])).toEqual(jaJson.problems.map((p) => [p.code, p.blocking]));
    expect(jaJson.problems.find((p) => p.code === 'IS_CA')?.message).toBe(
      'この証明書は認証局（CA）の証明書で、クライアント証明書ではありません。ORCAMO からダウンロードしたクライアント証明書のファイルを指定してください。',
    );
    expectEnglish(...enJson.problems.map((p) => p.message));
  });

  test('--help, import --help, a usage error', () => {
    const ja = cli('ja', ['--help']);
    const en = cli('en', ['--help']);
    expect([ja.code, en.code]).toEqual([0, 0]);
    expect(ja.stdout).toContain('使い方 / Usage:\n  weborca-cert COMMAND [options]\n');
    expect(ja.stdout).toContain('  inspect FILE [--password-stdin] [--json]   .p12 を検査する / check a .p12 file\n');
    expectEnglish(en.stdout);
    expect(en.stdout).toContain('Usage:\n  weborca-cert COMMAND [options]\n');
    expect(en.stdout).toContain('  inspect FILE [--password-stdin] [--json]   check a .p12 file\n');

    const jaImport = cli('ja', ['import', '--help']);
    const enImport = cli('en', ['import', '--help']);
    expect(jaImport.stdout).toContain('使い方: weborca-cert import FILE [--password-stdin] [--json] [--no-handshake]\n');
    expectEnglish(enImport.stdout);
    expect(enImport.stdout).toContain('Usage: weborca-cert import FILE');

    const jaUnknown = cli('ja', ['frobnicate']);
    const enUnknown = cli('en', ['frobnicate']);
    expect([jaUnknown.code, enUnknown.code]).toEqual([2, 2]);
    expect(jaUnknown.stderr).toBe('不明なコマンドです: frobnicate\nUnknown command. Run: weborca-cert --help\n');
    expectEnglish(enUnknown.stderr);
  });

  test('list: the stores, and what each holds', () => {
    const ja = cli('ja', ['list']);
    const en = cli('en', ['list']);
    expect([ja.code, en.code]).toEqual([0, 0]);
    expect(ja.stdout).toContain('  （WebORCA の証明書はありません）\n');
    expectEnglish(en.stdout);
    expect(en.stdout).toContain('  (no WebORCA certificate)\n');
    expect(cli('ja', ['list', '--bogus']).stderr).toBe('不明な引数です: --bogus\n使い方: weborca-cert list [--json] [--all]\n');
    expectEnglish(cli('en', ['list', '--bogus']).stderr);
  });

  test('policy: the policy itself is the same; its usage and errors follow the locale', () => {
    const ja = cli('ja', ['policy', '--format', 'json']);
    const en = cli('en', ['policy', '--format', 'json']);
    expect(en.stdout).toBe(ja.stdout);
    expectEnglish(en.stdout);
    expect(cli('ja', ['policy', '--help']).stdout).toContain('--install  この PC に設定する（Windows は管理者、Linux は root で実行）');
    expectEnglish(cli('en', ['policy', '--help']).stdout);
    const bad = cli('en', ['policy', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expectEnglish(bad.stderr);
    expect(cli('ja', ['policy', '--format', 'xml']).stderr).toContain('--format は reg、json、mobileconfig のいずれかです。');
  });
});
