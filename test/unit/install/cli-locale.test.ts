/**
 * `weborca-cert install` and `uninstall` speak the terminal's language: the built file (`npm run build:host` first)
 * run in a temp HOME with LC_ALL=ja_JP.UTF-8 prints today's Japanese, with LC_ALL=en_US.UTF-8 not one Japanese
 * character — a dry run, a real install then an uninstall dry run, no browser at all, and a usage error.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { HOST_BIN } from '../../helpers/host-process';

/** Hiragana, katakana, CJK punctuation and ideographs, full-width forms (（）：…). */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;

const LOCALES = { ja: 'ja_JP.UTF-8', en: 'en_US.UTF-8' } as const;

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'weborca-install-locale-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function cli(locale: keyof typeof LOCALES, args: string[]): { code: number | null; out: string } {
  // HOME alone decides every path (no XDG_* from the machine running the tests).
  const result = spawnSync(process.execPath, [HOST_BIN, ...args], { env: { PATH: process.env.PATH, HOME: home, LC_ALL: LOCALES[locale] }, encoding: 'utf8' });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

function expectEnglish(out: string): void {
  expect(out.trim()).not.toBe('');
  expect(out.split('\n').filter((line) => JAPANESE.test(line))).toEqual([]);
}

describe('install and uninstall in Japanese and in English', () => {
  test('install --dry-run: what would be written, and nothing is', () => {
    mkdirSync(join(home, '.config', 'google-chrome'), { recursive: true });
    const ja = cli('ja', ['install', '--dry-run']);
    const en = cli('en', ['install', '--dry-run']);
    expect([ja.code, en.code]).toEqual([0, 0]);
    expect(ja.out).toContain('（--dry-run: 何も書き込んでいません）次の内容で登録します。');
    expect(ja.out).toContain('  Google Chrome: ~/.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json（書き込み予定）');
    expect(ja.out).toContain('  Microsoft Edge: 見つかりません（~/.config/microsoft-edge がありません）');
    expectEnglish(en.out);
    expect(en.out).toContain('(--dry-run: nothing was written) Would register as follows.');
    expect(en.out).toContain('  Google Chrome: ~/.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json (to be written)');
    expect(en.out).toContain('  Microsoft Edge: not found (~/.config/microsoft-edge does not exist)');
    expect(readdirSync(join(home, '.config'))).toEqual(['google-chrome']);
  });

  test('install, then uninstall --dry-run: what would be removed and what is kept', () => {
    mkdirSync(join(home, '.config', 'google-chrome'), { recursive: true });
    const installed = cli('ja', ['install']);
    expect(installed.code, installed.out).toBe(0);
    expect(installed.out).toContain('weborca-cert をブラウザに登録しました。');
    const ja = cli('ja', ['uninstall', '--dry-run']);
    const en = cli('en', ['uninstall', '--dry-run']);
    expect([ja.code, en.code]).toEqual([0, 0]);
    expect(ja.out).toContain('（--dry-run: 何も削除していません）次のものを削除します。');
    expect(ja.out).toContain('  登録ファイル: ~/.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json');
    expect(ja.out).toContain('  証明書: ブラウザ・OS の証明書ストアにある証明書はそのままです');
    expectEnglish(en.out);
    expect(en.out).toContain('(--dry-run: nothing was removed) Would remove the following.');
    expect(en.out).toContain('  Host manifest: ~/.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json');
    expect(en.out).toContain('  Launcher script: ~/.config/weborca-cert/weborca-cert-host');
    expect(en.out).toContain('  Certificate file backups: ~/.local/share/weborca-cert/backups');
  });

  test('no browser: the refusal, its code and its sentence', () => {
    const ja = cli('ja', ['install', '--dry-run']);
    const en = cli('en', ['install', '--dry-run']);
    expect([ja.code, en.code]).toEqual([1, 1]);
    expect(ja.out).toContain('登録できませんでした: 対応するブラウザ（Chrome、Chromium、Edge、Brave、Firefox）が見つかりません。');
    expectEnglish(en.out);
    expect(en.out).toContain('Not registered: No supported browser (Chrome, Chromium, Edge, Brave, Firefox) was found.');
    const json = JSON.parse(cli('en', ['install', '--dry-run', '--json']).out) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('NO_BROWSER');
    expectEnglish(json.error.message);
  });

  test('usage errors and the usage texts', () => {
    const ja = cli('ja', ['install', '--extension-id', 'NOT-AN-ID']);
    const en = cli('en', ['install', '--extension-id', 'NOT-AN-ID']);
    expect([ja.code, en.code]).toEqual([2, 2]);
    expect(ja.out).toContain('拡張機能の ID が正しくありません: NOT-AN-ID');
    expect(ja.out).toContain('使い方: weborca-cert install');
    expectEnglish(en.out);
    expect(en.out).toContain('Not an extension id: NOT-AN-ID');
    expect(en.out).toContain('Usage: weborca-cert install');

    const jaUninstall = cli('ja', ['uninstall', '--force']);
    const enUninstall = cli('en', ['uninstall', '--force']);
    expect([jaUninstall.code, enUninstall.code]).toEqual([2, 2]);
    expect(jaUninstall.out).toContain('不明な引数です: --force');
    expectEnglish(enUninstall.out);
    expect(enUninstall.out).toContain('Usage: weborca-cert uninstall');
  });
});
