/**
 * Registering the host with the user's browsers (install) and taking the registration away (uninstall), at the user
 * level only (no administrator rights, no system folders, HKCU only). Both are idempotent: a second run changes
 * nothing and says so. Neither ever touches certificates, backups, the log or config.json's other content.
 * The reports are what `--json` prints: each sentence in the current locale (i18n/ja/install.ts, en/install.ts), with its code or
 * parameters beside it, and a tool's raw output apart from the sentence.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MessageParams } from '../../../src/lib/native-protocol';
import { fsDetail, fsReasonParams } from '../fs-reason';
import { text, type CatalogueKey } from '../i18n';
import { hostPaths, type HostPaths } from '../paths';
import { BROWSER_IDS, browserLocation, detectBrowser, unsupportedVariants, windowsManifestPath, type BrowserId, type ManifestFlavour } from './browsers';
import { allowedIds, configPath, configWithIds, readConfigFile, writeConfig, type AllowedIds } from './config-file';
import type { SystemContext } from './context';
import { readTextOrNull, writeFileAtomic } from './files';
import { isExecutable, launcherFile, parseLauncher, planLauncher, type LauncherKind } from './launcher';
import { buildManifest, isOurManifest, manifestText } from './manifest';
import { regDefaultValue, regDeleteKey, regKeyExists, regSetDefault, valueMatches } from './registry';

export type ItemStatus = 'written' | 'unchanged' | 'planned' | 'failed';

export interface RegisteredBrowser {
  browser: BrowserId;
  name: string;
  manifestPath: string;
  registryKey?: string;
  status: ItemStatus;
  /** Why it failed, or a limitation worth knowing (snap/Flatpak Firefox): a sentence in the current locale. */
  detail?: string;
  /** What reg.exe said when the registration failed, raw (`detail` is the sentence, this the technical part). */
  toolOutput?: string;
}

export interface SkippedBrowser {
  browser: string;
  name: string;
  reason: 'not-found' | 'unsupported';
  message: string;
  params: MessageParams;
}

export interface InstallOptions {
  /** Ids to add to config.json (already validated). */
  extensionIds: string[];
  firefoxAddonIds: string[];
  dryRun: boolean;
}

export interface InstallReport {
  ok: boolean;
  dryRun: boolean;
  platform: NodeJS.Platform;
  launcher: { path: string; kind: LauncherKind; status: ItemStatus; node: string | null; script: string | null } | null;
  registered: RegisteredBrowser[];
  skipped: SkippedBrowser[];
  config: { path: string; status: ItemStatus };
  extensionIds: string[];
  firefoxAddonIds: string[];
  warnings: string[];
  error?: InstallError;
}

/** Why install stopped: the code, the sentence in the current locale, its parameters, a system error's own text. */
export interface InstallError {
  code: InstallErrorCode;
  message: string;
  params: MessageParams;
  detail?: string;
}

export type InstallErrorCode = 'UNSUPPORTED_OS' | 'CONFIG_DAMAGED' | 'PROGRAM_NOT_FOUND' | 'NO_BROWSER' | 'WRITE_FAILED';

export function paths(ctx: SystemContext): HostPaths {
  // The same HOME for every path, whatever the environment says.
  return hostPaths({ ...ctx.env, HOME: ctx.home, USERPROFILE: ctx.home }, ctx.platform);
}

function supported(platform: NodeJS.Platform): boolean {
  return platform === 'linux' || platform === 'darwin' || platform === 'win32';
}

export async function install(ctx: SystemContext, options: InstallOptions): Promise<InstallReport> {
  const hostFolder = paths(ctx).config;
  const state = readConfigFile(hostFolder);
  const added: AllowedIds = { extensionIds: options.extensionIds, firefoxAddonIds: options.firefoxAddonIds };
  const ids = allowedIds(state, added);
  const report: InstallReport = {
    ok: false,
    dryRun: options.dryRun,
    platform: ctx.platform,
    launcher: null,
    registered: [],
    skipped: [],
    config: { path: state.path, status: 'unchanged' },
    extensionIds: ids.extensionIds,
    firefoxAddonIds: ids.firefoxAddonIds,
    warnings: [],
  };
  const fail = (code: InstallErrorCode, key: CatalogueKey, params: MessageParams = {}, detail?: string): InstallReport => ({
    ...report,
    ok: false,
    error: { code, message: text(key, params), params, ...(detail ? { detail } : {}) },
  });

  if (!supported(ctx.platform)) return fail('UNSUPPORTED_OS', 'install.unsupportedOs', { platform: ctx.platform });
  const configText = configWithIds(state, added);
  if (state.damaged) {
    if (configText !== null || added.extensionIds.length + added.firefoxAddonIds.length > 0) {
      return fail('CONFIG_DAMAGED', 'install.configDamaged', { config: state.path });
    }
    report.warnings.push(text('install.configDamagedIgnored', { config: state.path }));
  }
  const launcher = planLauncher(ctx, hostFolder);
  if (!launcher.ok) return fail('PROGRAM_NOT_FOUND', launcher.key, launcher.params);
  report.warnings.push(...launcher.plan.warnings.map((warning) => text(warning.key, warning.params)));

  const targets: Array<{ browser: BrowserId; caveat?: string }> = [];
  for (const browser of BROWSER_IDS) {
    const presence = await detectBrowser(ctx, browser);
    const location = browserLocation(ctx, browser, hostFolder);
    if (!location) continue;
    if (presence.present) targets.push({ browser, ...(presence.caveat ? { caveat: presence.caveat } : {}) });
    else {
      const params = { evidence: presence.evidence };
      report.skipped.push({ browser, name: location.name, reason: 'not-found', message: text('install.browserNotFound', params), params });
    }
  }
  for (const variant of unsupportedVariants(ctx)) {
    report.skipped.push({ browser: variant.id, name: variant.name, reason: 'unsupported', message: variant.message, params: { name: variant.name } });
  }
  if (targets.length === 0) return fail('NO_BROWSER', 'install.noBrowser');

  try {
    if (configText !== null) {
      if (!options.dryRun) writeConfig(hostFolder, configText);
      report.config.status = options.dryRun ? 'planned' : 'written';
    }
    const plan = launcher.plan;
    let launcherStatus: ItemStatus = 'unchanged';
    if (plan.content !== null) {
      const current = readTextOrNull(plan.path);
      if (current !== plan.content || !isExecutable(plan.path, ctx.platform)) {
        launcherStatus = options.dryRun ? 'planned' : 'written';
        if (!options.dryRun) {
          mkdirSync(dirname(plan.path), { recursive: true, mode: 0o700 });
          writeFileAtomic(plan.path, plan.content, 0o755);
        }
      }
    }
    report.launcher = { path: plan.path, kind: plan.kind, status: launcherStatus, node: plan.node, script: plan.script };
  } catch (error) {
    return fail('WRITE_FAILED', 'install.folderNotWritable', { folder: hostFolder, ...fsReasonParams(error) }, fsDetail(error));
  }

  const written = new Map<string, ItemStatus>();
  for (const target of targets) {
    const location = browserLocation(ctx, target.browser, hostFolder)!;
    const entry: RegisteredBrowser = { browser: target.browser, name: location.name, manifestPath: location.manifestPath, status: 'unchanged' };
    if (location.registryKey) entry.registryKey = location.registryKey;
    if (target.caveat) entry.detail = target.caveat;
    try {
      // On Windows several browsers share one manifest file: write it once.
      let fileStatus = written.get(location.manifestPath);
      if (fileStatus === undefined) {
        fileStatus = writeManifest(location.manifestPath, location.flavour, report.launcher!.path, ids, options.dryRun);
        written.set(location.manifestPath, fileStatus);
      }
      entry.status = fileStatus;
    } catch (error) {
      entry.status = 'failed';
      entry.detail = text('install.manifestNotWritten', { file: location.manifestPath, ...fsReasonParams(error) });
      report.registered.push(entry);
      continue;
    }
    if (location.registryKey) {
      const current = await regDefaultValue(ctx, location.registryKey);
      if (valueMatches(current, location.manifestPath) !== true) {
        if (options.dryRun) {
          entry.status = 'planned';
        } else {
          const result = await regSetDefault(ctx, location.registryKey, location.manifestPath);
          if (result.ok) entry.status = 'written';
          else {
            entry.status = 'failed';
            entry.detail = text('install.registryNotWritten', { registryKey: location.registryKey, ...result.problem });
            if (result.output) entry.toolOutput = result.output;
          }
        }
      }
    }
    report.registered.push(entry);
  }
  const failed = report.registered.filter((entry) => entry.status === 'failed');
  if (failed.length > 0)
    return fail('WRITE_FAILED', 'install.browsersNotRegistered', { browsers: failed.map((entry) => entry.name).join(text('list.separator')) });
  return { ...report, ok: true };
}

function writeManifest(path: string, flavour: ManifestFlavour, launcherPath: string, ids: AllowedIds, dryRun: boolean): ItemStatus {
  const text = manifestText(buildManifest(flavour, launcherPath, ids));
  if (readTextOrNull(path) === text) return 'unchanged';
  if (dryRun) return 'planned';
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, text, 0o644);
  return 'written';
}

export interface RemovedItem {
  kind: 'manifest' | 'registry' | 'launcher';
  path: string;
  browser?: BrowserId;
  status: 'removed' | 'planned';
}

export interface UninstallReport {
  ok: boolean;
  dryRun: boolean;
  platform: NodeJS.Platform;
  removed: RemovedItem[];
  /** `message`: the reason in the current locale; `toolOutput`: what reg.exe said, raw. */
  failed: Array<{ path: string; message: string; toolOutput?: string }>;
  /** Never removed, and the report says so: the user's certificates are not ours to delete either. */
  kept: { config: string; backups: string; log: string };
  error?: { code: 'UNSUPPORTED_OS'; message: string; params: MessageParams };
}

export async function uninstall(ctx: SystemContext, options: { dryRun: boolean }): Promise<UninstallReport> {
  const hostPathsNow = paths(ctx);
  const hostFolder = hostPathsNow.config;
  const report: UninstallReport = {
    ok: true,
    dryRun: options.dryRun,
    platform: ctx.platform,
    removed: [],
    failed: [],
    kept: { config: configPath(hostFolder), backups: hostPathsNow.backups, log: hostPathsNow.state },
  };
  if (!supported(ctx.platform)) {
    const params = { platform: ctx.platform };
    return { ...report, ok: false, error: { code: 'UNSUPPORTED_OS', message: text('uninstall.unsupportedOs', params), params } };
  }
  const status = options.dryRun ? 'planned' : 'removed';
  const removeFile = (path: string, kind: RemovedItem['kind'], isOurs: (content: string) => boolean, browser?: BrowserId): void => {
    const content = readTextOrNull(path);
    if (content === null || !isOurs(content)) return;
    try {
      if (!options.dryRun) rmSync(path, { force: true });
      report.removed.push({ kind, path, status, ...(browser ? { browser } : {}) });
    } catch (error) {
      report.failed.push({ path, message: text('uninstall.notRemoved', fsReasonParams(error)) });
    }
  };

  for (const browser of BROWSER_IDS) {
    const location = browserLocation(ctx, browser, hostFolder)!;
    if (location.registryKey) {
      if (!(await regKeyExists(ctx, location.registryKey))) continue;
      if (!options.dryRun) {
        const result = await regDeleteKey(ctx, location.registryKey);
        if (!result.ok) {
          report.failed.push({
            path: location.registryKey,
            message: text(result.problem.problemKey, result.problem),
            ...(result.output ? { toolOutput: result.output } : {}),
          });
          continue;
        }
      }
      report.removed.push({ kind: 'registry', path: location.registryKey, browser, status });
    } else {
      removeFile(location.manifestPath, 'manifest', isOurManifest, browser);
    }
  }
  if (ctx.platform === 'win32') {
    for (const flavour of ['chrome', 'firefox'] as const) removeFile(windowsManifestPath(hostFolder, flavour), 'manifest', isOurManifest);
  }
  removeFile(
    launcherFile(ctx.platform, hostFolder),
    'launcher',
    (content) => parseLauncher(content, ctx.env) !== null || content.includes('WebORCA Cert Companion'),
  );
  report.ok = report.failed.length === 0;
  return report;
}
