/**
 * `weborca-cert uninstall [--json] [--dry-run]`
 *
 * Removes what install wrote: the manifests (Linux/macOS), the HKCU registry keys and the manifests in the host
 * folder (Windows), the launcher. Keeps config.json, the backups of certificate files, the log — and never touches
 * a certificate in any store. Exit 0 removed (or nothing to remove), 1 something could not be removed, 2 usage.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { systemContext, tildify, type SystemContext } from '../install/context';
import { uninstall, type UninstallReport } from '../install/install';

export const UNINSTALL_USAGE = [
  '使い方: weborca-cert uninstall [--json] [--dry-run]',
  '  ブラウザへの登録（ホストの設定ファイル、レジストリ、起動用スクリプト）を削除します。',
  '  証明書、証明書ファイルのバックアップ、設定（config.json）、ログは削除しません。',
  '  --json     結果を JSON で出力する',
  '  --dry-run  何も削除せずに、削除する内容だけを表示する',
  '',
].join('\n');

export function uninstallSummary(report: UninstallReport, home: string): string {
  const t = (path: string): string => tildify(path, home);
  const lines: string[] = [];
  if (report.error) return `${report.error.message}\n`;
  if (report.removed.length === 0 && report.failed.length === 0) lines.push('削除するものはありませんでした（登録されていません）。');
  else lines.push(report.dryRun ? '（--dry-run: 何も削除していません）次のものを削除します。' : '次のものを削除しました。');
  for (const item of report.removed) {
    const kind = item.kind === 'registry' ? 'レジストリ' : item.kind === 'launcher' ? '起動用スクリプト' : '登録ファイル';
    lines.push(`  ${kind}: ${t(item.path)}`);
  }
  for (const failure of report.failed) lines.push(`  削除できませんでした: ${t(failure.path)}（${failure.message}）`);
  lines.push('次のものは削除していません（必要なら手作業で）:');
  lines.push(`  証明書: ブラウザ・OS の証明書ストアにある証明書はそのままです`);
  lines.push(`  証明書ファイルのバックアップ: ${t(report.kept.backups)}`);
  lines.push(`  設定: ${t(report.kept.config)}`);
  lines.push(`  ログ: ${t(report.kept.log)}`);
  if (report.removed.length > 0 && !report.dryRun) lines.push('ブラウザを再起動すると反映されます。');
  return `${lines.join('\n')}\n`;
}

export function createUninstallCommand(context: () => SystemContext): CliCommand {
  return async (argv: string[], io: CliIO) => {
    let json = false;
    let dryRun = false;
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg === '--dry-run') dryRun = true;
      else if (arg === '--help' || arg === '-h') {
        io.stdout(UNINSTALL_USAGE);
        return EXIT_OK;
      } else {
        io.stderr(`不明な引数です: ${arg.slice(0, 60)}\n${UNINSTALL_USAGE}`);
        return EXIT_USAGE;
      }
    }
    const ctx = context();
    let report: UninstallReport;
    try {
      report = await uninstall(ctx, { dryRun });
    } catch (error) {
      const message = `予期しないエラーで削除を中断しました（${error instanceof Error ? error.message : '不明'}）。`;
      if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message } })}\n`);
      else io.stderr(`${message}\n`);
      return EXIT_FAILED;
    }
    if (json) io.stdout(`${JSON.stringify(report)}\n`);
    else if (report.ok) io.stdout(uninstallSummary(report, ctx.home));
    else io.stderr(uninstallSummary(report, ctx.home));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const uninstallCommand: CliCommand = createUninstallCommand(systemContext);
