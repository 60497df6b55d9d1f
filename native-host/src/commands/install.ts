/**
 * `weborca-cert install [--extension-id ID]... [--firefox-id ID]... [--json] [--dry-run]`
 *
 * Registers the native-messaging host for every supported browser present (Chrome, Chromium, Edge, Brave,
 * Firefox) at the user level, writes the launcher, and adds the given ids to config.json. Exit 0 registered (or,
 * with --dry-run, would register), 1 failed (explained), 2 usage error.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { text, type CatalogueKey } from '../i18n';
import { EXTENSION_ID_PATTERN, FIREFOX_ID_PATTERN } from '../ids';
import { systemContext, tildify, type SystemContext } from '../install/context';
import { install, type InstallReport, type ItemStatus } from '../install/install';

/** The usage text in the current locale. */
export function installUsage(): string {
  return text('install.cli.usage');
}

type Parsed =
  { kind: 'run'; extensionIds: string[]; firefoxAddonIds: string[]; json: boolean; dryRun: boolean } | { kind: 'help' } | { kind: 'usage'; message: string };

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
      if (value === undefined || value === '') return { kind: 'usage', message: text('install.cli.idNeeded', { flag }) };
      if (flag === '--extension-id') {
        if (!EXTENSION_ID_PATTERN.test(value)) return { kind: 'usage', message: text('install.cli.extensionIdInvalid', { value: value.slice(0, 60) }) };
        extensionIds.push(value);
      } else {
        if (!FIREFOX_ID_PATTERN.test(value)) return { kind: 'usage', message: text('install.cli.firefoxIdInvalid', { value: value.slice(0, 60) }) };
        firefoxAddonIds.push(value);
      }
    } else return { kind: 'usage', message: text('install.cli.unknownArgument', { arg: arg.slice(0, 60) }) };
  }
  return { kind: 'run', extensionIds, firefoxAddonIds, json, dryRun };
}

const STATUS_KEYS: Record<ItemStatus, CatalogueKey> = {
  written: 'install.status.written',
  unchanged: 'install.status.unchanged',
  planned: 'install.status.planned',
  failed: 'install.status.failed',
};

export function installSummary(report: InstallReport, home: string): string {
  const t = (path: string): string => tildify(path, home);
  const status = (item: ItemStatus): string => text(STATUS_KEYS[item]);
  const lines: string[] = [];
  const errorDetail = report.error?.detail ? [`  ${text('cli.detail', { detail: report.error.detail })}`] : [];
  if (report.error && report.registered.length === 0) {
    lines.push(text('install.cli.notRegistered', { message: report.error.message }), ...errorDetail);
  } else {
    lines.push(text(report.dryRun ? 'install.cli.dryRun' : report.ok ? 'install.cli.registered' : 'install.cli.partlyRegistered'));
    if (report.launcher) {
      const line = report.launcher.kind === 'executable' ? 'install.cli.executable' : 'install.cli.launcherScript';
      lines.push(`  ${text(line, { path: t(report.launcher.path), status: status(report.launcher.status) })}`);
    }
    for (const entry of report.registered) {
      const where = entry.registryKey ? `${entry.registryKey} → ${t(entry.manifestPath)}` : t(entry.manifestPath);
      lines.push(`  ${text('install.cli.browser', { name: entry.name, where, status: status(entry.status) })}`);
      if (entry.detail) lines.push(`    ${entry.detail}`);
      if (entry.toolOutput) lines.push(`    ${text('cli.detail', { detail: entry.toolOutput })}`);
    }
  }
  if (report.skipped.length > 0) {
    lines.push(text('install.cli.skippedHeading'));
    for (const skipped of report.skipped) lines.push(`  ${skipped.name}: ${t(skipped.message)}`);
  }
  lines.push(text('install.cli.extensionIds', { ids: report.extensionIds.join(', ') }));
  lines.push(text('install.cli.firefoxIds', { ids: report.firefoxAddonIds.join(', ') }));
  if (report.config.status !== 'unchanged') lines.push(text('install.cli.configFile', { path: t(report.config.path), status: status(report.config.status) }));
  for (const warning of report.warnings) lines.push(text('install.cli.warning', { warning: t(warning) }));
  if (report.error && report.registered.length > 0) lines.push(text('install.cli.error', { message: report.error.message }), ...errorDetail);
  if (report.ok && !report.dryRun) lines.push(text('install.cli.restartBrowsers'));
  return `${lines.join('\n')}\n`;
}

export function createInstallCommand(context: () => SystemContext): CliCommand {
  return async (argv: string[], io: CliIO) => {
    const parsed = parseInstallArgs(argv);
    if (parsed.kind === 'help') {
      io.stdout(installUsage());
      return EXIT_OK;
    }
    if (parsed.kind === 'usage') {
      io.stderr(`${parsed.message}\n${installUsage()}`);
      return EXIT_USAGE;
    }
    const ctx = context();
    let report: InstallReport;
    try {
      report = await install(ctx, parsed);
    } catch (error) {
      // The error's own text is technical detail: on a line of its own, never inside the sentence.
      const message = text('install.cli.unexpected');
      const detail = error instanceof Error ? error.message : undefined;
      if (parsed.json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message, ...(detail ? { detail } : {}) } })}\n`);
      else io.stderr(`${message}\n${detail ? `  ${text('cli.detail', { detail })}\n` : ''}`);
      return EXIT_FAILED;
    }
    if (parsed.json) io.stdout(`${JSON.stringify(report)}\n`);
    else if (report.ok) io.stdout(installSummary(report, ctx.home));
    else io.stderr(installSummary(report, ctx.home));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const installCommand: CliCommand = createInstallCommand(systemContext);
