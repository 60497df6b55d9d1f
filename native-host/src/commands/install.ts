/**
 * `weborca-cert install [--extension-id ID]... [--firefox-id ID]... [--json] [--dry-run]`
 *
 * Registers the native-messaging host for every supported browser present (Chrome, Chromium, Edge, Brave,
 * Firefox) at the user level, writes the launcher, and adds the given ids to config.json. Exit 0 registered (or,
 * with --dry-run, would register), 1 failed (explained), 2 usage error.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { EXTENSION_ID_PATTERN, FIREFOX_ID_PATTERN } from '../ids';
import { systemContext, tildify, type SystemContext } from '../install/context';
import { install, type InstallReport, type ItemStatus } from '../install/install';

export const INSTALL_USAGE = [
  '使い方: weborca-cert install [--extension-id ID]... [--firefox-id ID]... [--json] [--dry-run]',
  '  ブラウザ（Chrome、Chromium、Edge、Brave、Firefox）に weborca-cert を登録します（このユーザーだけ、管理者権限は不要）。',
  '  --extension-id ID  許可する Chrome 拡張機能の ID（a〜p の 32 文字）。設定に追加され、何度でも指定できます',
  '  --firefox-id ID    許可する Firefox アドオンの ID（例: name@example.jp）',
  '  --json             結果を JSON で出力する',
  '  --dry-run          何も書き込まずに、行う内容だけを表示する',
  '',
].join('\n');

type Parsed =
  | { kind: 'run'; extensionIds: string[]; firefoxAddonIds: string[]; json: boolean; dryRun: boolean }
  | { kind: 'help' }
  | { kind: 'usage'; message: string };

export function parseInstallArgs(argv: readonly string[]): Parsed {
  const extensionIds: string[] = [];
  const firefoxAddonIds: string[] = [];
  let json = false;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--json') json = true;
    else if (flag === '--dry-run') dryRun = true;
    else if (flag === '--help' || flag === '-h') return { kind: 'help' };
    else if (flag === '--extension-id' || flag === '--firefox-id') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') return { kind: 'usage', message: `${flag} の後に ID を指定してください。` };
      if (flag === '--extension-id') {
        if (!EXTENSION_ID_PATTERN.test(value)) {
          return { kind: 'usage', message: `拡張機能の ID が正しくありません: ${value.slice(0, 60)}（a〜p の小文字 32 文字。chrome://extensions の「ID」を写してください）` };
        }
        extensionIds.push(value);
      } else {
        if (!FIREFOX_ID_PATTERN.test(value)) return { kind: 'usage', message: `Firefox アドオンの ID が正しくありません: ${value.slice(0, 60)}（例: name@example.jp または {GUID}）` };
        firefoxAddonIds.push(value);
      }
    } else return { kind: 'usage', message: `不明な引数です: ${arg.slice(0, 60)}` };
  }
  return { kind: 'run', extensionIds, firefoxAddonIds, json, dryRun };
}

const STATUS_TEXT: Record<ItemStatus, string> = { written: '書き込みました', unchanged: '変更なし', planned: '書き込み予定', failed: '失敗' };

export function installSummary(report: InstallReport, home: string): string {
  const t = (path: string): string => tildify(path, home);
  const lines: string[] = [];
  if (report.error && report.registered.length === 0) {
    lines.push(`登録できませんでした: ${report.error.message}`);
  } else {
    lines.push(report.dryRun ? '（--dry-run: 何も書き込んでいません）次の内容で登録します。' : report.ok ? 'weborca-cert をブラウザに登録しました。' : '一部のブラウザに登録できませんでした。');
    if (report.launcher) {
      const what = report.launcher.kind === 'executable' ? '実行ファイル' : '起動用スクリプト';
      lines.push(`  ${what}: ${t(report.launcher.path)}（${STATUS_TEXT[report.launcher.status]}）`);
    }
    for (const entry of report.registered) {
      const where = entry.registryKey ? `${entry.registryKey} → ${t(entry.manifestPath)}` : t(entry.manifestPath);
      lines.push(`  ${entry.name}: ${where}（${STATUS_TEXT[entry.status]}）`);
      if (entry.detail) lines.push(`    ${entry.detail}`);
    }
  }
  if (report.skipped.length > 0) {
    lines.push('登録しなかったブラウザ:');
    for (const skipped of report.skipped) lines.push(`  ${skipped.name}: ${t(skipped.message)}`);
  }
  lines.push(`許可している拡張機能 ID: ${report.extensionIds.join(', ')}`);
  lines.push(`許可している Firefox アドオン ID: ${report.firefoxAddonIds.join(', ')}`);
  if (report.config.status !== 'unchanged') lines.push(`設定ファイル: ${t(report.config.path)}（${STATUS_TEXT[report.config.status]}）`);
  for (const warning of report.warnings) lines.push(`注意: ${t(warning)}`);
  if (report.error && report.registered.length > 0) lines.push(`エラー: ${report.error.message}`);
  if (report.ok && !report.dryRun) lines.push('ブラウザを再起動すると有効になります。状態の確認: weborca-cert doctor');
  return `${lines.join('\n')}\n`;
}

export function createInstallCommand(context: () => SystemContext): CliCommand {
  return async (argv: string[], io: CliIO) => {
    const parsed = parseInstallArgs(argv);
    if (parsed.kind === 'help') {
      io.stdout(INSTALL_USAGE);
      return EXIT_OK;
    }
    if (parsed.kind === 'usage') {
      io.stderr(`${parsed.message}\n${INSTALL_USAGE}`);
      return EXIT_USAGE;
    }
    const ctx = context();
    let report: InstallReport;
    try {
      report = await install(ctx, parsed);
    } catch (error) {
      const message = `予期しないエラーで登録を中断しました（${error instanceof Error ? error.message : '不明'}）。weborca-cert doctor を実行してください。`;
      if (parsed.json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message } })}\n`);
      else io.stderr(`${message}\n`);
      return EXIT_FAILED;
    }
    if (parsed.json) io.stdout(`${JSON.stringify(report)}\n`);
    else if (report.ok) io.stdout(installSummary(report, ctx.home));
    else io.stderr(installSummary(report, ctx.home));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const installCommand: CliCommand = createInstallCommand(systemContext);
