/**
 * `weborca-cert doctor [--json]` — what an IT vendor runs first: every check in Japanese, with the fix for each
 * failure. Exit 0 when every essential check passes (Node.js, the tools of this OS, a correct registration for each
 * browser present), 1 otherwise, 2 usage error. Warnings and information never change the exit code.
 * It only reads: files, `reg query` on Windows. It never runs a certificate tool and never touches a store.
 */
import { existsSync } from 'node:fs';
import { dirname, join, win32 } from 'node:path';
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID, HOST_VERSION } from '../build-info';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import type { CheckStatus, DoctorCheck, StoreCheckContext } from '../doctor-check';
import { text, type CatalogueKey } from '../i18n';
import { installHint } from '../install-hints';
import {
  BROWSER_IDS,
  BROWSER_NAMES,
  browserLocation,
  detectBrowser,
  unsupportedVariants,
  windowsManifestPath,
  type BrowserLocation,
  type Presence,
} from '../install/browsers';
import { allowedIds, readConfigFile } from '../install/config-file';
import { systemContext, tildify, type SystemContext } from '../install/context';
import { readTextOrNull } from '../install/files';
import { paths } from '../install/install';
import { isExecutable, isFile, parseLauncher } from '../install/launcher';
import { readManifest, type ManifestProblem } from '../install/manifest';
import { regDefaultValue, valueMatches } from '../install/registry';
import { storesOf } from '../stores/descriptors';
import { SECURITY_PATH } from '../stores/macos/descriptor';
import { policyCheck } from './policy';
import { findOnPath } from '../tools';

export type { CheckStatus, DoctorCheck } from '../doctor-check';

export interface DoctorReport {
  ok: boolean;
  version: string;
  platform: NodeJS.Platform;
  checks: DoctorCheck[];
}

export interface DoctorContext extends SystemContext {
  /** process.version. */
  nodeVersion: string;
  /** /etc/os-release text (tests); default: read by install-hints. */
  osRelease?: string;
  /** Absolute path of a tool a store runs, or null. */
  findTool(name: string): string | null;
}

const MIN_NODE_MAJOR = 20;

export function defaultFindTool(ctx: Pick<SystemContext, 'env' | 'platform'>): DoctorContext['findTool'] {
  return (name) => {
    // The stores run these by absolute path; check that path first.
    const fixed = name === 'security' && ctx.platform === 'darwin' ? SECURITY_PATH : null;
    if (fixed && existsSync(fixed)) return fixed;
    return findOnPath(name, ctx.env, ctx.platform);
  };
}

export function doctorContext(): DoctorContext {
  const ctx = systemContext();
  return { ...ctx, nodeVersion: process.version, findTool: defaultFindTool(ctx) };
}

export async function runDoctor(ctx: DoctorContext): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const t = (path: string): string => tildify(path, ctx.home);
  const hostFolder = paths(ctx).config;

  // Node.js
  const major = Number(/^v?(\d+)/.exec(ctx.nodeVersion)?.[1] ?? 0);
  checks.push(
    major >= MIN_NODE_MAJOR
      ? { id: 'node', status: 'ok', title: text('doctor.node', { version: ctx.nodeVersion }) }
      : {
          id: 'node',
          status: 'fail',
          title: text('doctor.nodeTooOld', { version: ctx.nodeVersion, min: MIN_NODE_MAJOR }),
          fix: installHint('node', ctx.platform, ctx.osRelease),
        },
  );

  // This OS's certificate stores: their tools first (each store's descriptor knows its own).
  const stores = storesOf(ctx.platform);
  const storeContext: StoreCheckContext = { ...ctx, tildify: t };
  const storeChecks = stores.flatMap((store) => store.doctorChecks(storeContext));
  if (stores.length === 0) {
    checks.push({ id: 'os', status: 'fail', title: text('doctor.unsupportedOs', { platform: ctx.platform }), fix: text('doctor.unsupportedOsFix') });
  }
  checks.push(...storeChecks.filter((check) => check.id.startsWith('tool:') || check.id.startsWith('store:')));

  // The program itself
  const program = ctx.runtime.isSea ? ctx.runtime.execPath : (ctx.runtime.scriptPath ?? '');
  checks.push({
    id: 'program',
    status: 'info',
    title: text('doctor.program', { path: t(program) || text('doctor.unknown') }),
    detail: text('doctor.programVersion', { version: HOST_VERSION }),
  });

  // Allowed ids
  const config = readConfigFile(hostFolder);
  const ids = allowedIds(config);
  if (config.damaged) {
    checks.push({ id: 'config', status: 'warn', title: text('doctor.configDamaged', { path: t(config.path) }), fix: text('doctor.configDamagedFix') });
  }
  const list = (values: string[], standard: string, key: 'doctor.devId' | 'doctor.standardId'): string =>
    values.map((id) => (id === standard ? text(key, { id }) : id)).join(', ');
  checks.push({
    id: 'extension-ids',
    status: 'info',
    title: text('doctor.extensionIds', { ids: list(ids.extensionIds, DEV_EXTENSION_ID, 'doctor.devId') }),
    detail: text('doctor.extensionIdsDetail', { ids: list(ids.firefoxAddonIds, FIREFOX_ADDON_ID, 'doctor.standardId') }),
  });

  // Browsers
  let present = 0;
  for (const browser of BROWSER_IDS) {
    const location = browserLocation(ctx, browser, hostFolder);
    if (!location) continue;
    const presence = await detectBrowser(ctx, browser);
    if (!presence.present) {
      checks.push({ id: `browser:${browser}`, status: 'info', title: text('doctor.browserAbsent', { browser: BROWSER_NAMES[browser] }) });
      continue;
    }
    present++;
    const required = location.flavour === 'firefox' ? ids.firefoxAddonIds : ids.extensionIds;
    checks.push(await registrationCheck(ctx, location, presence, required));
  }
  if (present === 0 && stores.length > 0) {
    checks.push({ id: 'browsers', status: 'fail', title: text('doctor.noBrowser'), fix: text('doctor.noBrowserFix') });
  }
  for (const variant of unsupportedVariants(ctx)) {
    checks.push({
      id: `unsupported:${variant.id}`,
      status: 'warn',
      title: text('doctor.unsupported', { browser: variant.name }),
      detail: t(variant.path),
      fix: variant.message,
    });
  }

  // Certificate stores (read-only look)
  checks.push(...storeChecks.filter((check) => !check.id.startsWith('tool:') && !check.id.startsWith('store:crypt32')));
  checks.push(await policyCheck(ctx));

  // Where support finds things
  const state = paths(ctx);
  const log = join(state.state, 'host.log');
  checks.push({ id: 'log', status: 'info', title: text('doctor.log', { path: `${t(log)}${existsSync(log) ? '' : text('doctor.notYet')}` }) });
  checks.push({
    id: 'backups',
    status: 'info',
    title: text('doctor.backups', { path: `${t(state.backups)}${existsSync(state.backups) ? '' : text('doctor.notYet')}` }),
  });

  return { ok: !checks.some((check) => check.status === 'fail'), version: HOST_VERSION, platform: ctx.platform, checks };
}

const PROBLEM_KEYS: Record<ManifestProblem, CatalogueKey> = {
  unparsable: 'doctor.problem.unparsable',
  name: 'doctor.problem.name',
  type: 'doctor.problem.type',
  ids: 'doctor.problem.ids',
};

async function registrationCheck(ctx: DoctorContext, location: BrowserLocation, presence: Presence, requiredIds: string[]): Promise<DoctorCheck> {
  const t = (path: string): string => tildify(path, ctx.home);
  const id = `manifest:${location.browser}`;
  const browser = location.name;
  const fail = (title: string, detail?: string): DoctorCheck => ({ id, status: 'fail', title, ...(detail ? { detail } : {}), fix: text('doctor.installFix') });

  let manifestPath = location.manifestPath;
  if (location.registryKey) {
    const value = await regDefaultValue(ctx, location.registryKey);
    if (value === null) return fail(text('doctor.notRegistered', { browser }), text('doctor.registryMissing', { key: location.registryKey }));
    // The MSI (installer/windows) registers the manifests it installs beside weborca-cert.exe: ours too.
    const installed = ctx.runtime.isSea ? windowsManifestPath(dirname(ctx.runtime.execPath), location.flavour) : null;
    const atInstalled = installed ? valueMatches(value, installed) : false;
    if (installed && (atInstalled === true || (atInstalled === null && !existsSync(manifestPath) && existsSync(installed)))) manifestPath = installed;
    else if (valueMatches(value, location.manifestPath) === false)
      return fail(text('doctor.registryOther', { browser, value }), text('doctor.registryExpected', { path: location.manifestPath }));
  }
  const manifestText = readTextOrNull(manifestPath);
  if (manifestText === null) return fail(text('doctor.notRegistered', { browser }), text('doctor.fileMissing', { path: t(manifestPath) }));
  const reading = readManifest(manifestText, location.flavour, requiredIds);
  if (reading.problems.length > 0) {
    const missing = reading.missingIds.length > 0 ? text('doctor.manifestMissingIds', { ids: reading.missingIds.join(', ') }) : '';
    return fail(
      text('doctor.manifestProblems', { browser, problems: reading.problems.map((p) => text(PROBLEM_KEYS[p])).join(text('list.separator')), missing }),
      t(manifestPath),
    );
  }
  // Windows: Chrome and Firefox take a relative `path` as relative to the manifest's folder (the MSI's manifests do).
  const target = ctx.platform === 'win32' && reading.path && !win32.isAbsolute(reading.path) ? join(dirname(manifestPath), reading.path) : (reading.path ?? '');
  if (!isExecutable(target, ctx.platform)) return fail(text('doctor.programMissing', { browser, path: t(target) }), t(manifestPath));
  const launcher = parseLauncher(readTextOrNull(target, 64 * 1024) ?? '', ctx.env);
  if (launcher) {
    if (!isExecutable(launcher.node, ctx.platform))
      return fail(text('doctor.launcherNodeMissing', { browser, path: launcher.node }), text('doctor.launcherNodeDetail', { path: t(target) }));
    if (!isFile(launcher.script)) return fail(text('doctor.launcherScriptMissing', { browser, path: t(launcher.script) }), t(target));
  }
  const title = text('doctor.registered', { browser, path: t(manifestPath) });
  return presence.caveat ? { id, status: 'warn', title, fix: presence.caveat } : { id, status: 'ok', title };
}

const LABEL: Record<CheckStatus, CatalogueKey> = { ok: 'doctor.label.ok', warn: 'doctor.label.warn', fail: 'doctor.label.fail', info: 'doctor.label.info' };

export function doctorSummary(report: DoctorReport): string {
  const lines = [text('doctor.header', { version: report.version, platform: report.platform })];
  for (const check of report.checks) {
    lines.push(`${text(LABEL[check.status])} ${check.title}`);
    if (check.detail) lines.push(`        ${check.detail}`);
    if (check.fix) lines.push(`        ${text('doctor.fixLabel', { fix: check.fix })}`);
  }
  const failures = report.checks.filter((check) => check.status === 'fail').length;
  lines.push(failures === 0 ? text('doctor.allPassed') : text('doctor.failures', { count: failures }));
  return `${lines.join('\n')}\n`;
}

export function doctorUsage(): string {
  return text('doctor.usage');
}

export function createDoctorCommand(context: () => DoctorContext): CliCommand {
  return async (argv: string[], io: CliIO) => {
    let json = false;
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg === '--help' || arg === '-h') {
        io.stdout(doctorUsage());
        return EXIT_OK;
      } else {
        io.stderr(`${text('doctor.unknownArgument', { arg: arg.slice(0, 60) })}\n${doctorUsage()}`);
        return EXIT_USAGE;
      }
    }
    let report: DoctorReport;
    try {
      report = await runDoctor(context());
    } catch (error) {
      const message = text('doctor.crashed', { reason: error instanceof Error ? error.message : text('doctor.unknown') });
      if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message } })}\n`);
      else io.stderr(`${message}\n`);
      return EXIT_FAILED;
    }
    io.stdout(json ? `${JSON.stringify(report)}\n` : doctorSummary(report));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const doctorCommand: CliCommand = createDoctorCommand(doctorContext);
