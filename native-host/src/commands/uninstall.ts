/**
 * `weborca-cert uninstall [--json] [--dry-run]`
 *
 * Removes what install wrote: the manifests (Linux/macOS), the HKCU registry keys and the manifests in the host
 * folder (Windows), the launcher. Keeps config.json, the backups of certificate files, the log — and never touches
 * a certificate in any store. Exit 0 removed (or nothing to remove), 1 something could not be removed, 2 usage.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { text, type CatalogueKey } from '../i18n';
import { systemContext, tildify, type SystemContext } from '../install/context';
import { uninstall, type RemovedItem, type UninstallReport } from '../install/install';

/** The usage text in the current locale. */
export function uninstallUsage(): string {
  return text('uninstall.cli.usage');
}

const KIND_KEYS: Record<RemovedItem['kind'], CatalogueKey> = {
  registry: 'uninstall.cli.registry',
  launcher: 'uninstall.cli.launcher',
  manifest: 'uninstall.cli.manifest',
};

export function uninstallSummary(report: UninstallReport, home: string): string {
  const t = (path: string): string => tildify(path, home);
  const lines: string[] = [];
  if (report.error) return `${report.error.message}\n`;
  if (report.removed.length === 0 && report.failed.length === 0) lines.push(text('uninstall.cli.nothingRegistered'));
  else lines.push(text(report.dryRun ? 'uninstall.cli.dryRun' : 'uninstall.cli.removed'));
  for (const item of report.removed) lines.push(`  ${text(KIND_KEYS[item.kind], { path: t(item.path) })}`);
  for (const failure of report.failed) {
    lines.push(`  ${text('uninstall.cli.notRemoved', { path: t(failure.path), message: failure.message })}`);
    if (failure.toolOutput) lines.push(`    ${text('cli.detail', { detail: failure.toolOutput })}`);
  }
  lines.push(text('uninstall.cli.keptHeading'));
  lines.push(`  ${text('uninstall.cli.keptCertificates')}`);
  lines.push(`  ${text('uninstall.cli.keptBackups', { path: t(report.kept.backups) })}`);
  lines.push(`  ${text('uninstall.cli.keptConfig', { path: t(report.kept.config) })}`);
  lines.push(`  ${text('uninstall.cli.keptLog', { path: t(report.kept.log) })}`);
  if (report.removed.length > 0 && !report.dryRun) lines.push(text('uninstall.cli.restartBrowsers'));
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
        io.stdout(uninstallUsage());
        return EXIT_OK;
      } else {
        io.stderr(`${text('install.cli.unknownArgument', { arg: arg.slice(0, 60) })}\n${uninstallUsage()}`);
        return EXIT_USAGE;
      }
    }
    const ctx = context();
    let report: UninstallReport;
    try {
      report = await uninstall(ctx, { dryRun });
    } catch (error) {
      // The error's own text is technical detail: on a line of its own, never inside the sentence.
      const message = text('uninstall.cli.unexpected');
      const detail = error instanceof Error ? error.message : undefined;
      if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message, ...(detail ? { detail } : {}) } })}\n`);
      else io.stderr(`${message}\n${detail ? `  ${text('cli.detail', { detail })}\n` : ''}`);
      return EXIT_FAILED;
    }
    if (json) io.stdout(`${JSON.stringify(report)}\n`);
    else if (report.ok) io.stdout(uninstallSummary(report, ctx.home));
    else io.stderr(uninstallSummary(report, ctx.home));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const uninstallCommand: CliCommand = createUninstallCommand(systemContext);
