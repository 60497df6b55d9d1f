/**
 * install / uninstall on Windows: the manifests and the .cmd launcher in the host folder (real files in a temp
 * "LOCALAPPDATA"), the HKCU registration through exactly these `reg.exe` commands (fake Executor).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from '../../../native-host/src/build-info';
import { setLocale } from '../../../native-host/src/i18n';
import { cmdPath, parseLauncher } from '../../../native-host/src/install/launcher';
import { install, uninstall } from '../../../native-host/src/install/install';
import { context, FakeRegistry, tempWorld, type TempWorld } from './helpers';

// The sentences follow LC_ALL/LANG; these assertions read the Japanese ones, whatever the machine's locale.
setLocale('ja');

const REG = 'C:\\Windows\\System32\\reg.exe';
const KEY = {
  chrome: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\weborca_cert_companion',
  chromium: 'HKCU\\Software\\Chromium\\NativeMessagingHosts\\weborca_cert_companion',
  edge: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\weborca_cert_companion',
  brave: 'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\weborca_cert_companion',
  firefox: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\weborca_cert_companion',
};
const STORE_ID = 'abcdefghijklmnopabcdefghijklmnop';

let world: TempWorld;
let env: NodeJS.ProcessEnv;
let local: string;
beforeEach(() => {
  world = tempWorld();
  local = join(world.home, 'AppData', 'Local');
  env = {
    SystemRoot: 'C:\\Windows',
    LOCALAPPDATA: local,
    APPDATA: join(world.home, 'AppData', 'Roaming'),
    USERPROFILE: world.home,
    ProgramFiles: join(world.root, 'Program Files'),
  };
  // Chrome and Firefox have profiles; Edge only shows in the registry (BLBeacon); Chromium and Brave are absent.
  mkdirSync(join(local, 'Google', 'Chrome', 'User Data'), { recursive: true });
  mkdirSync(join(world.home, 'AppData', 'Roaming', 'Mozilla', 'Firefox'), { recursive: true });
});
afterEach(() => world.cleanup());

const hostFolder = (): string => join(local, 'WebORCA Cert Companion');

describe('Windows', () => {
  test('manifests in the host folder, HKCU keys through reg.exe, only for browsers present', async () => {
    const registry = new FakeRegistry(['HKCU\\Software\\Microsoft\\Edge\\BLBeacon']);
    const ctx = context(world, 'win32', env, registry);
    const report = await install(ctx, { extensionIds: [STORE_ID], firefoxAddonIds: [], dryRun: false });

    expect(report.ok).toBe(true);
    const chromeManifest = join(hostFolder(), 'weborca_cert_companion.json');
    const firefoxManifest = join(hostFolder(), 'weborca_cert_companion.firefox.json');
    const launcher = join(hostFolder(), 'weborca-cert-host.cmd');
    expect(report.registered.map((r) => [r.browser, r.registryKey, r.manifestPath, r.status])).toEqual([
      ['chrome', KEY.chrome, chromeManifest, 'written'],
      ['edge', KEY.edge, chromeManifest, 'written'],
      ['firefox', KEY.firefox, firefoxManifest, 'written'],
    ]);
    expect(report.skipped.map((s) => s.browser)).toEqual(['chromium', 'brave']);

    expect(registry.calls.every((call) => call.command === REG)).toBe(true);
    expect(registry.calls.map((call) => call.args)).toEqual([
      // presence: profile folders first; the registry only for the browsers not found on disk
      ['query', 'HKCU\\Software\\Chromium\\BLBeacon'],
      ['query', 'HKCU\\Software\\Microsoft\\Edge\\BLBeacon'],
      ['query', 'HKCU\\Software\\BraveSoftware\\Brave-Browser\\BLBeacon'],
      // registration
      ['query', KEY.chrome, '/ve'],
      ['add', KEY.chrome, '/ve', '/t', 'REG_SZ', '/d', chromeManifest, '/f'],
      ['query', KEY.edge, '/ve'],
      ['add', KEY.edge, '/ve', '/t', 'REG_SZ', '/d', chromeManifest, '/f'],
      ['query', KEY.firefox, '/ve'],
      ['add', KEY.firefox, '/ve', '/t', 'REG_SZ', '/d', firefoxManifest, '/f'],
    ]);

    const manifest = JSON.parse(readFileSync(chromeManifest, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      name: 'weborca_cert_companion',
      type: 'stdio',
      path: launcher,
      allowed_origins: [`chrome-extension://${DEV_EXTENSION_ID}/`, `chrome-extension://${STORE_ID}/`],
    });
    expect(JSON.parse(readFileSync(firefoxManifest, 'utf8'))).toMatchObject({ path: launcher, allowed_extensions: [FIREFOX_ADDON_ID] });

    // The .cmd: CRLF, node and bundle by absolute path, quoted.
    const cmd = readFileSync(launcher, 'utf8');
    expect(cmd).toBe(
      [
        '@echo off',
        'rem WebORCA Cert Companion: native-messaging host launcher written by "weborca-cert install".',
        `"${process.execPath}" "${world.bundle}" %*`,
        '',
      ].join('\r\n'),
    );
    expect(parseLauncher(cmd, env)).toEqual({ node: process.execPath, script: world.bundle });
  });

  test('a second install: values already right, no reg add, files unchanged', async () => {
    const registry = new FakeRegistry(['HKCU\\Software\\Microsoft\\Edge\\BLBeacon']);
    const ctx = context(world, 'win32', env, registry);
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    registry.calls = [];
    const again = await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    expect(again.ok).toBe(true);
    expect(again.registered.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.launcher!.status).toBe('unchanged');
    expect(registry.calls.filter((call) => call.args[0] !== 'query')).toEqual([]);
  });

  test('a value pointing elsewhere is corrected; a refused reg add fails the install', async () => {
    const registry = new FakeRegistry();
    registry.keys.set(KEY.chrome.toLowerCase(), 'C:\\old\\place.json');
    const ctx = context(world, 'win32', env, registry);
    const report = await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    expect(report.registered[0]).toMatchObject({ browser: 'chrome', status: 'written' });
    expect(registry.keys.get(KEY.chrome.toLowerCase())).toBe(join(hostFolder(), 'weborca_cert_companion.json'));

    const denied = new FakeRegistry();
    denied.failAdd = true;
    const failed = await install(context(world, 'win32', env, denied), { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    expect(failed.ok).toBe(false);
    expect(failed.error?.code).toBe('WRITE_FAILED');
    // reg.exe's own words are technical detail, apart from the sentence.
    expect(failed.registered[0]!.toolOutput).toContain('Access is denied');
    expect(failed.registered[0]!.detail).toBe(`レジストリ ${KEY.chrome} に登録できません（reg.exe 終了コード 1）`);
  });

  test('--dry-run: reads the registry, changes nothing', async () => {
    const registry = new FakeRegistry();
    const report = await install(context(world, 'win32', env, registry), { extensionIds: [], firefoxAddonIds: [], dryRun: true });
    expect(report.registered.map((r) => r.status)).toEqual(['planned', 'planned']);
    expect(registry.calls.filter((call) => call.args[0] !== 'query')).toEqual([]);
    expect(existsSync(hostFolder())).toBe(false);
  });

  test('uninstall deletes our keys (reg delete), manifests and launcher; not config.json or backups', async () => {
    const registry = new FakeRegistry(['HKCU\\Software\\Microsoft\\Edge\\BLBeacon']);
    const ctx = context(world, 'win32', env, registry);
    await install(ctx, { extensionIds: [STORE_ID], firefoxAddonIds: [], dryRun: false });
    mkdirSync(join(hostFolder(), 'backups'), { recursive: true });
    writeFileSync(join(hostFolder(), 'backups', '000123__JP_u00000126_client1210.p12'), 'p12');
    registry.calls = [];

    const report = await uninstall(ctx, { dryRun: false });
    expect(report.ok).toBe(true);
    expect(registry.calls.map((call) => call.args)).toEqual([
      ['query', KEY.chrome],
      ['delete', KEY.chrome, '/f'],
      ['query', KEY.chromium],
      ['query', KEY.edge],
      ['delete', KEY.edge, '/f'],
      ['query', KEY.brave],
      ['query', KEY.firefox],
      ['delete', KEY.firefox, '/f'],
    ]);
    expect(report.removed.map((r) => [r.kind, r.path])).toEqual([
      ['registry', KEY.chrome],
      ['registry', KEY.edge],
      ['registry', KEY.firefox],
      ['manifest', join(hostFolder(), 'weborca_cert_companion.json')],
      ['manifest', join(hostFolder(), 'weborca_cert_companion.firefox.json')],
      ['launcher', join(hostFolder(), 'weborca-cert-host.cmd')],
    ]);
    expect(existsSync(join(hostFolder(), 'config.json'))).toBe(true);
    expect(readFileSync(join(hostFolder(), 'backups', '000123__JP_u00000126_client1210.p12'), 'utf8')).toBe('p12');
    expect(report.kept.backups).toBe(join(hostFolder(), 'backups'));
  });
});

describe('.cmd paths', () => {
  const winEnv = {
    LOCALAPPDATA: 'C:\\Users\\山田\\AppData\\Local',
    APPDATA: 'C:\\Users\\山田\\AppData\\Roaming',
    USERPROFILE: 'C:\\Users\\山田',
    ProgramFiles: 'C:\\Program Files',
  };

  test('a Japanese user name is expressed through the variable, which cmd.exe expands in Unicode', () => {
    expect(cmdPath('C:\\Users\\山田\\AppData\\Roaming\\npm\\node_modules\\weborca-cert-companion\\dist\\native-host\\weborca-cert.mjs', winEnv)).toEqual({
      text: '%APPDATA%\\npm\\node_modules\\weborca-cert-companion\\dist\\native-host\\weborca-cert.mjs',
      ascii: true,
    });
    expect(cmdPath('c:\\program files\\nodejs\\node.exe', winEnv)).toEqual({ text: '%ProgramFiles%\\nodejs\\node.exe', ascii: true });
    expect(cmdPath('C:\\Users\\山田\\デスクトップ\\weborca-cert.mjs', winEnv)).toEqual({ text: '%USERPROFILE%\\デスクトップ\\weborca-cert.mjs', ascii: false });
    expect(cmdPath('D:\\100%\\node.exe', winEnv)).toEqual({ text: 'D:\\100%%\\node.exe', ascii: true });
    expect(parseLauncher('@echo off\r\n"%ProgramFiles%\\nodejs\\node.exe" "D:\\100%%\\x.mjs" %*\r\n', winEnv)).toEqual({
      node: 'C:\\Program Files\\nodejs\\node.exe',
      script: 'D:\\100%\\x.mjs',
    });
  });

  test('install refuses a bundle path cmd.exe could not read', async () => {
    const japanese = tempWorld('配布');
    try {
      mkdirSync(join(local, 'Google', 'Chrome', 'User Data'), { recursive: true });
      const refused = await install(context(japanese, 'win32', { ...env, LOCALAPPDATA: local }, new FakeRegistry()), {
        extensionIds: [],
        firefoxAddonIds: [],
        dryRun: false,
      });
      expect(refused.ok).toBe(false);
      expect(refused.error?.code).toBe('PROGRAM_NOT_FOUND');
      expect(refused.error?.message).toContain('英数字だけのフォルダー');
    } finally {
      japanese.cleanup();
    }
  });
});
