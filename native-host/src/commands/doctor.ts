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
import { installHint } from '../install-hints';
import { BROWSER_IDS, BROWSER_NAMES, browserLocation, detectBrowser, unsupportedVariants, windowsManifestPath, type BrowserLocation, type Presence } from '../install/browsers';
import { allowedIds, readConfigFile } from '../install/config-file';
import { systemContext, tildify, type SystemContext } from '../install/context';
import { readTextOrNull } from '../install/files';
import { paths } from '../install/install';
import { isExecutable, isFile, parseLauncher } from '../install/launcher';
import { readManifest, type ManifestProblem } from '../install/manifest';
import { regDefaultValue, valueMatches } from '../install/registry';
import { discoverNssDatabases } from '../stores/nss-discovery';
import { loginKeychainPath, SECURITY_PATH } from '../stores/macos';
import { crypt32Readiness } from '../stores/windows';
import { policyCheck } from './policy';
import { findOnPath } from '../tools';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'info';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  title: string;
  detail?: string;
  /** The next step, for every fail and warn. */
  fix?: string;
}

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
  /** Absolute path of a tool, or null. */
  findTool(name: 'pk12util' | 'certutil' | 'security'): string | null;
}

const MIN_NODE_MAJOR = 20;
const INSTALL_FIX = 'weborca-cert install を実行し、ブラウザを再起動してください。';

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
      ? { id: 'node', status: 'ok', title: `Node.js ${ctx.nodeVersion}` }
      : { id: 'node', status: 'fail', title: `Node.js ${ctx.nodeVersion} は古すぎます（${MIN_NODE_MAJOR} 以上が必要）`, fix: installHint('node', ctx.platform, ctx.osRelease) },
  );

  // Tools of this OS
  for (const check of toolChecks(ctx)) checks.push(check);

  // The program itself
  const program = ctx.runtime.isSea ? ctx.runtime.execPath : (ctx.runtime.scriptPath ?? '');
  checks.push({ id: 'program', status: 'info', title: `プログラム: ${t(program) || '不明'}`, detail: `バージョン ${HOST_VERSION}` });

  // Allowed ids
  const config = readConfigFile(hostFolder);
  const ids = allowedIds(config);
  if (config.damaged) {
    checks.push({ id: 'config', status: 'warn', title: `設定ファイルが壊れているため無視されています: ${t(config.path)}`, fix: `内容を直すかファイルを削除し、weborca-cert install --extension-id <ID> で ID を登録し直してください。` });
  }
  checks.push({
    id: 'extension-ids',
    status: 'info',
    title: `許可している拡張機能 ID: ${ids.extensionIds.map((id) => (id === DEV_EXTENSION_ID ? `${id}（開発版）` : id)).join(', ')}`,
    detail: `Firefox アドオン ID: ${ids.firefoxAddonIds.map((id) => (id === FIREFOX_ADDON_ID ? `${id}（標準）` : id)).join(', ')}。ほかの ID を許可するには weborca-cert install --extension-id <ID>`,
  });

  // Browsers
  let present = 0;
  for (const browser of BROWSER_IDS) {
    const location = browserLocation(ctx, browser, hostFolder);
    if (!location) continue;
    const presence = await detectBrowser(ctx, browser);
    if (!presence.present) {
      checks.push({ id: `browser:${browser}`, status: 'info', title: `${BROWSER_NAMES[browser]}: 見つかりません（登録は不要）` });
      continue;
    }
    present++;
    const required = location.flavour === 'firefox' ? ids.firefoxAddonIds : ids.extensionIds;
    checks.push(await registrationCheck(ctx, location, presence, required));
  }
  if (present === 0 && (ctx.platform === 'linux' || ctx.platform === 'darwin' || ctx.platform === 'win32')) {
    checks.push({ id: 'browsers', status: 'fail', title: '対応するブラウザ（Chrome、Chromium、Edge、Brave、Firefox）が見つかりません', fix: 'ブラウザをインストールして一度起動してから、weborca-cert install を実行してください。' });
  }
  for (const variant of unsupportedVariants(ctx)) {
    checks.push({ id: `unsupported:${variant.id}`, status: 'warn', title: `${variant.name}: 未対応`, detail: t(variant.path), fix: variant.message });
  }

  // Certificate stores (read-only look)
  for (const check of storeChecks(ctx)) checks.push(check);
  checks.push(await policyCheck(ctx));

  // Where support finds things
  const state = paths(ctx);
  const log = join(state.state, 'host.log');
  checks.push({ id: 'log', status: 'info', title: `ログファイル: ${t(log)}${existsSync(log) ? '' : '（まだありません）'}` });
  checks.push({ id: 'backups', status: 'info', title: `証明書ファイルのバックアップ: ${t(state.backups)}${existsSync(state.backups) ? '' : '（まだありません）'}` });

  return { ok: !checks.some((check) => check.status === 'fail'), version: HOST_VERSION, platform: ctx.platform, checks };
}

function toolChecks(ctx: DoctorContext): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  if (ctx.platform === 'linux') {
    for (const tool of ['pk12util', 'certutil'] as const) {
      const found = ctx.findTool(tool);
      checks.push(
        found
          ? { id: `tool:${tool}`, status: 'ok', title: `${tool}: ${found}` }
          : { id: `tool:${tool}`, status: 'fail', title: `${tool} が見つかりません（NSS のツール。証明書の取り込みに必要）`, fix: installHint('nss-tools', 'linux', ctx.osRelease) },
      );
    }
  } else if (ctx.platform === 'win32') {
    // No external tool: the store calls crypt32 in-process through koffi.node, shipped beside weborca-cert.exe.
    const crypt32 = crypt32Readiness(ctx.runtime);
    checks.push(
      crypt32.ok
        ? { id: 'store:crypt32', status: 'ok', title: `Windows の証明書 API（crypt32）: ${crypt32.detail}` }
        : { id: 'store:crypt32', status: 'fail', title: `証明書ストアを使う部品がありません（${crypt32.detail}）`, fix: 'WebORCA Cert Companion をインストールし直してください。ウイルス対策ソフトが koffi.node を隔離していないか IT 担当者にご確認ください。' },
    );
  } else if (ctx.platform === 'darwin') {
    const found = ctx.findTool('security');
    checks.push(
      found
        ? { id: 'tool:security', status: 'ok', title: `security: ${found}` }
        : { id: 'tool:security', status: 'fail', title: `security コマンドが見つかりません（${SECURITY_PATH}）`, fix: 'macOS に標準で入っているコマンドです。macOS の状態を IT 担当者にご確認ください。' },
    );
  } else {
    checks.push({ id: 'os', status: 'fail', title: `この OS（${ctx.platform}）には対応していません`, fix: 'Windows、macOS、Linux でお使いください。' });
  }
  return checks;
}

const PROBLEM_TEXT: Record<ManifestProblem, string> = {
  unparsable: 'JSON として読めません',
  name: `name が weborca_cert_companion ではありません`,
  type: 'type が stdio ではありません',
  ids: '許可している ID が足りません',
};

async function registrationCheck(ctx: DoctorContext, location: BrowserLocation, presence: Presence, requiredIds: string[]): Promise<DoctorCheck> {
  const t = (path: string): string => tildify(path, ctx.home);
  const id = `manifest:${location.browser}`;
  const fail = (title: string, detail?: string): DoctorCheck => ({ id, status: 'fail', title: `${location.name}: ${title}`, ...(detail ? { detail } : {}), fix: INSTALL_FIX });

  let manifestPath = location.manifestPath;
  if (location.registryKey) {
    const value = await regDefaultValue(ctx, location.registryKey);
    if (value === null) return fail('登録されていません', `レジストリ ${location.registryKey} がありません`);
    // The MSI (installer/windows) registers the manifests it installs beside weborca-cert.exe: ours too.
    const installed = ctx.runtime.isSea ? windowsManifestPath(dirname(ctx.runtime.execPath), location.flavour) : null;
    const atInstalled = installed ? valueMatches(value, installed) : false;
    if (installed && (atInstalled === true || (atInstalled === null && !existsSync(manifestPath) && existsSync(installed)))) manifestPath = installed;
    else if (valueMatches(value, location.manifestPath) === false) return fail(`レジストリが別のファイルを指しています: ${value}`, `期待: ${location.manifestPath}`);
  }
  const text = readTextOrNull(manifestPath);
  if (text === null) return fail('登録されていません', `${t(manifestPath)} がありません`);
  const reading = readManifest(text, location.flavour, requiredIds);
  if (reading.problems.length > 0) {
    const missing = reading.missingIds.length > 0 ? `（不足: ${reading.missingIds.join(', ')}）` : '';
    return fail(`登録ファイルに問題があります: ${reading.problems.map((p) => PROBLEM_TEXT[p]).join('、')}${missing}`, t(manifestPath));
  }
  // Windows: Chrome and Firefox take a relative `path` as relative to the manifest's folder (the MSI's manifests do).
  const target = ctx.platform === 'win32' && reading.path && !win32.isAbsolute(reading.path) ? join(dirname(manifestPath), reading.path) : (reading.path ?? '');
  if (!isExecutable(target, ctx.platform)) return fail(`登録ファイルが指すプログラムがないか、実行できません: ${t(target)}`, t(manifestPath));
  const launcher = parseLauncher(readTextOrNull(target, 64 * 1024) ?? '', ctx.env);
  if (launcher) {
    if (!isExecutable(launcher.node, ctx.platform)) return fail(`起動用スクリプトが指す Node.js がありません: ${launcher.node}`, `${t(target)}（Node.js を更新・移動した場合は install をやり直してください）`);
    if (!isFile(launcher.script)) return fail(`起動用スクリプトが指す weborca-cert がありません: ${t(launcher.script)}`, t(target));
  }
  const title = `${location.name}: 登録済み（${t(manifestPath)}）`;
  return presence.caveat ? { id, status: 'warn', title, fix: presence.caveat } : { id, status: 'ok', title };
}

function storeChecks(ctx: DoctorContext): DoctorCheck[] {
  const t = (path: string): string => tildify(path, ctx.home);
  if (ctx.platform === 'linux') {
    const discovery = discoverNssDatabases(ctx.home);
    const checks: DoctorCheck[] = [];
    for (const db of discovery.databases) {
      const where = t(db.dir);
      const name = db.info.label.includes(where) ? db.info.label : `${db.info.label}（${where}）`;
      checks.push(
        existsSync(join(db.dir, 'cert9.db'))
          ? { id: `nss:${db.dir}`, status: 'ok', title: `NSS データベース: ${name}` }
          : { id: `nss:${db.dir}`, status: 'info', title: `NSS データベース: ${name} はまだありません`, detail: '最初の取り込みのときに作成します。' },
      );
    }
    for (const skipped of discovery.skipped) {
      checks.push(
        skipped.reason === 'legacy-dbm'
          ? { id: `nss:${skipped.dir}`, status: 'warn', title: `Firefox のプロファイルが古い形式（cert8.db）のため取り込めません: ${t(skipped.dir)}`, fix: 'Firefox を最新版に更新して一度起動してください。' }
          : { id: `nss:${skipped.dir}`, status: 'warn', title: `Firefox のプロファイルに証明書データベースがありません: ${t(skipped.dir)}`, fix: 'Firefox でこのプロファイルを一度開いてください。使っていないプロファイルなら問題ありません。' },
      );
    }
    return checks;
  }
  if (ctx.platform === 'darwin') {
    const keychain = loginKeychainPath(ctx.home);
    return [
      existsSync(keychain)
        ? { id: 'keychain', status: 'ok', title: `ログインキーチェーン: ${t(keychain)}` }
        : { id: 'keychain', status: 'warn', title: `ログインキーチェーンが見つかりません: ${t(keychain)}`, fix: '「キーチェーンアクセス」を開いて、ログインキーチェーンがあるか確認してください。' },
    ];
  }
  if (ctx.platform === 'win32') return [{ id: 'store', status: 'info', title: '証明書ストア: Windows（現在のユーザー / 個人）CurrentUser\\My' }];
  return [];
}

const LABEL: Record<CheckStatus, string> = { ok: '[OK]  ', warn: '[注意]', fail: '[NG]  ', info: '[情報]' };

export function doctorSummary(report: DoctorReport): string {
  const lines = [`weborca-cert doctor ${report.version}（${report.platform}）`];
  for (const check of report.checks) {
    lines.push(`${LABEL[check.status]} ${check.title}`);
    if (check.detail) lines.push(`        ${check.detail}`);
    if (check.fix) lines.push(`        対処: ${check.fix}`);
  }
  const failures = report.checks.filter((check) => check.status === 'fail').length;
  lines.push(failures === 0 ? '結果: 必要な確認はすべて通りました。' : `結果: 問題が ${failures} 件あります。「対処」の手順を実行してから、もう一度 weborca-cert doctor を実行してください。`);
  return `${lines.join('\n')}\n`;
}

export const DOCTOR_USAGE = ['使い方: weborca-cert doctor [--json]', '  Node.js、ツール、ブラウザへの登録、証明書の保存先を確認します。', '  --json  結果を JSON で出力する', ''].join('\n');

export function createDoctorCommand(context: () => DoctorContext): CliCommand {
  return async (argv: string[], io: CliIO) => {
    let json = false;
    for (const arg of argv) {
      if (arg === '--json') json = true;
      else if (arg === '--help' || arg === '-h') {
        io.stdout(DOCTOR_USAGE);
        return EXIT_OK;
      } else {
        io.stderr(`不明な引数です: ${arg.slice(0, 60)}\n${DOCTOR_USAGE}`);
        return EXIT_USAGE;
      }
    }
    let report: DoctorReport;
    try {
      report = await runDoctor(context());
    } catch (error) {
      const message = `予期しないエラーで確認を中断しました（${error instanceof Error ? error.message : '不明'}）。`;
      if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL_ERROR', message } })}\n`);
      else io.stderr(`${message}\n`);
      return EXIT_FAILED;
    }
    io.stdout(json ? `${JSON.stringify(report)}\n` : doctorSummary(report));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  };
}

export const doctorCommand: CliCommand = createDoctorCommand(doctorContext);
