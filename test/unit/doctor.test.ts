/**
 * `weborca-cert doctor` in temp HOMEs: every check in Japanese with a fix for each failure, exit 0 only when the
 * essential checks pass (Node.js, the OS's tools, the registration of every browser present).
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEV_EXTENSION_ID } from '../../native-host/src/build-info';
import { createDoctorCommand, runDoctor, type DoctorContext, type DoctorReport } from '../../native-host/src/commands/doctor';
import { install } from '../../native-host/src/install/install';
import type { Executor } from '../../native-host/src/exec';
import { captureIO, context, dirs, FakeRegistry, tempWorld, type TempWorld } from './install/helpers';
import { msiManifests } from '../../scripts/build-msi';

const STORE_ID = 'abcdefghijklmnopabcdefghijklmnop';
const DEBIAN = 'ID=debian\nVERSION_ID="12"\n';

let world: TempWorld;
beforeEach(() => {
  world = tempWorld();
});
afterEach(() => world.cleanup());

function doctorContext(platform: NodeJS.Platform, overrides: Partial<DoctorContext> = {}, env: NodeJS.ProcessEnv = {}, exec?: Executor): DoctorContext {
  return {
    ...context(world, platform, env, exec),
    nodeVersion: 'v20.19.0',
    osRelease: DEBIAN,
    findTool: (name) => `/usr/bin/${name}`,
    ...overrides,
  };
}

const check = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id);

async function runCommand(ctx: DoctorContext, argv: string[] = []): Promise<{ code: number; out: string }> {
  const io = captureIO();
  const code = await createDoctorCommand(() => ctx)(argv, io);
  return { code, out: io.out };
}

describe('Linux', () => {
  test('a healthy install: exit 0, every essential check OK, in Japanese', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.mozilla', 'firefox']);
    const ctx = doctorContext('linux');
    expect((await install(ctx, { extensionIds: [STORE_ID], firefoxAddonIds: [], dryRun: false })).ok).toBe(true);
    const { code, out } = await runCommand(ctx);
    expect(code).toBe(0);
    expect(out).toContain('[OK]   Node.js v20.19.0');
    expect(out).toContain('[OK]   pk12util: /usr/bin/pk12util');
    expect(out).toContain('[OK]   Google Chrome: 登録済み（~/.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json）');
    expect(out).toContain('[OK]   Mozilla Firefox: 登録済み（~/.mozilla/native-messaging-hosts/weborca_cert_companion.json）');
    expect(out).toContain('[情報] Microsoft Edge: 見つかりません（登録は不要）');
    expect(out).toContain(`[情報] 許可している拡張機能 ID: ${DEV_EXTENSION_ID}（開発版）, ${STORE_ID}`);
    expect(out).toContain('[情報] NSS データベース: Chrome / Chromium / Edge / Brave (~/.pki/nssdb) はまだありません');
    expect(out).toContain('[情報] ログファイル: ~/.local/state/weborca-cert/host.log（まだありません）');
    expect(out).toContain('結果: 必要な確認はすべて通りました。');
  });

  test('--json: the same checks as data', async () => {
    dirs(world.home, ['.config', 'chromium']);
    const ctx = doctorContext('linux');
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const { code, out } = await runCommand(ctx, ['--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.platform).toBe('linux');
    expect(check(report, 'node')).toEqual({ id: 'node', status: 'ok', title: 'Node.js v20.19.0' });
    expect(check(report, 'manifest:chromium')?.status).toBe('ok');
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  test('not installed: each present browser fails with the install command as the fix', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const { code, out } = await runCommand(doctorContext('linux'));
    expect(code).toBe(1);
    expect(out).toContain('[NG]   Google Chrome: 登録されていません');
    expect(out).toContain('対処: weborca-cert install を実行し、ブラウザを再起動してください。');
    expect(out).toContain('結果: 問題が 1 件あります。');
  });

  test('missing NSS tools and an old Node.js: the exact install commands', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const ctx = doctorContext('linux', { nodeVersion: 'v18.19.1', findTool: () => null });
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const report = await runDoctor(ctx);
    expect(report.ok).toBe(false);
    expect(check(report, 'node')).toMatchObject({ status: 'fail', fix: 'sudo apt install nodejs' });
    expect(check(report, 'tool:pk12util')).toMatchObject({ status: 'fail', fix: 'sudo apt install libnss3-tools' });
    expect(check(report, 'tool:certutil')).toMatchObject({ status: 'fail', fix: 'sudo apt install libnss3-tools' });
    const fedora = await runDoctor({ ...ctx, osRelease: 'ID=fedora\n' });
    expect(check(fedora, 'tool:pk12util')?.fix).toBe('sudo dnf install nss-tools');
  });

  test('a manifest lacking a configured id, broken JSON, a wrong name', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.config', 'chromium'], ['.config', 'microsoft-edge']);
    const ctx = doctorContext('linux');
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    // An id configured after the manifests were written (by hand): the host allows it, the browser would not.
    writeFileSync(join(world.home, '.config', 'weborca-cert', 'config.json'), JSON.stringify({ extensionIds: [STORE_ID] }));
    writeFileSync(join(world.home, '.config', 'chromium', 'NativeMessagingHosts', 'weborca_cert_companion.json'), '{"name": ');
    writeFileSync(
      join(world.home, '.config', 'microsoft-edge', 'NativeMessagingHosts', 'weborca_cert_companion.json'),
      JSON.stringify({ name: 'other', type: 'stdio', path: '/bin/sh', allowed_origins: [] }),
    );
    const report = await runDoctor(ctx);
    expect(check(report, 'manifest:chrome')).toMatchObject({
      status: 'fail',
      title: `Google Chrome: 登録ファイルに問題があります: 許可している ID が足りません（不足: ${STORE_ID}）`,
    });
    expect(check(report, 'manifest:chromium')).toMatchObject({ status: 'fail', title: 'Chromium: 登録ファイルに問題があります: JSON として読めません' });
    expect(check(report, 'manifest:edge')?.title).toContain('name が weborca_cert_companion ではありません');
    // Rerunning install fixes all three.
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    expect((await runDoctor(ctx)).ok).toBe(true);
  });

  test('the launcher gone, not executable, or pointing at a removed bundle', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const ctx = doctorContext('linux');
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const launcher = join(world.home, '.config', 'weborca-cert', 'weborca-cert-host');

    chmodSync(launcher, 0o644);
    expect(check(await runDoctor(ctx), 'manifest:chrome')?.title).toContain('登録ファイルが指すプログラムがないか、実行できません');
    chmodSync(launcher, 0o755);

    rmSync(world.bundle);
    expect(check(await runDoctor(ctx), 'manifest:chrome')).toMatchObject({
      status: 'fail',
      title: expect.stringContaining('起動用スクリプトが指す weborca-cert がありません'),
    });

    writeFileSync(launcher, "#!/bin/sh\nexec '/opt/old-node/bin/node' '/x.mjs' \"$@\"\n", { mode: 0o755 });
    expect(check(await runDoctor(ctx), 'manifest:chrome')?.title).toContain('起動用スクリプトが指す Node.js がありません: /opt/old-node/bin/node');
  });

  test('NSS databases: Firefox profiles found through profiles.ini, legacy ones warned about', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.pki', 'nssdb']);
    writeFileSync(join(world.home, '.pki', 'nssdb', 'cert9.db'), '');
    const firefox = join(world.home, '.mozilla', 'firefox');
    mkdirSync(join(firefox, 'a1.default-release'), { recursive: true });
    writeFileSync(join(firefox, 'a1.default-release', 'cert9.db'), '');
    mkdirSync(join(firefox, 'b2.old'), { recursive: true });
    writeFileSync(join(firefox, 'b2.old', 'cert8.db'), '');
    writeFileSync(
      join(firefox, 'profiles.ini'),
      '[Profile0]\nName=default-release\nIsRelative=1\nPath=a1.default-release\n\n[Profile1]\nName=old\nIsRelative=1\nPath=b2.old\n',
    );
    const ctx = doctorContext('linux');
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const report = await runDoctor(ctx);
    expect(report.ok).toBe(true); // warnings never fail doctor
    const nss = report.checks.filter((c) => c.id.startsWith('nss:'));
    expect(nss.map((c) => [c.status, c.title])).toEqual([
      ['ok', 'NSS データベース: Chrome / Chromium / Edge / Brave (~/.pki/nssdb)'],
      ['ok', 'NSS データベース: Firefox (default-release)（~/.mozilla/firefox/a1.default-release）'],
      ['warn', 'Firefox のプロファイルが古い形式（cert8.db）のため取り込めません: ~/.mozilla/firefox/b2.old'],
    ]);
    expect(nss[2]!.fix).toContain('Firefox を最新版に更新');
  });

  test('snap Chromium: a warning with what to do instead; no browser at all: a failure', async () => {
    dirs(world.home, ['snap', 'chromium']);
    const report = await runDoctor(doctorContext('linux'));
    expect(check(report, 'unsupported:chromium-snap')).toMatchObject({
      status: 'warn',
      title: 'Chromium (snap): 未対応',
      fix: expect.stringContaining('deb / rpm 版のブラウザ'),
    });
    expect(check(report, 'browsers')).toMatchObject({ status: 'fail', fix: expect.stringContaining('ブラウザをインストールして一度起動') });
    expect(report.ok).toBe(false);
  });

  test('a damaged config.json is a warning with a fix', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.config', 'weborca-cert']);
    writeFileSync(join(world.home, '.config', 'weborca-cert', 'config.json'), 'not json');
    const ctx = doctorContext('linux');
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const report = await runDoctor(ctx);
    expect(check(report, 'config')).toMatchObject({ status: 'warn', fix: expect.stringContaining('weborca-cert install --extension-id') });
    expect(report.ok).toBe(true);
  });

  test('usage error: exit 2', async () => {
    const io = captureIO();
    expect(await createDoctorCommand(() => doctorContext('linux'))(['--fix'], io)).toBe(2);
    expect(io.err).toContain('使い方: weborca-cert doctor');
  });
});

describe('Windows', () => {
  function winEnv(): NodeJS.ProcessEnv {
    const local = join(world.home, 'AppData', 'Local');
    mkdirSync(join(local, 'Microsoft', 'Edge', 'User Data'), { recursive: true });
    return { SystemRoot: 'C:\\Windows', LOCALAPPDATA: local, APPDATA: join(world.home, 'AppData', 'Roaming') };
  }

  test('registered through the registry: OK; the crypt32 store needs koffi.node beside weborca-cert.exe: NG with the next step without it', async () => {
    const registry = new FakeRegistry();
    const env = winEnv();
    const programs = join(world.home, 'AppData', 'Local', 'Programs', 'WebORCA Cert Companion');
    mkdirSync(programs, { recursive: true });
    writeFileSync(join(programs, 'weborca-cert.exe'), 'MZ');
    const ctx = doctorContext('win32', { runtime: { execPath: join(programs, 'weborca-cert.exe'), scriptPath: undefined, isSea: true } }, env, registry);
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const report = await runDoctor(ctx);
    expect(check(report, 'manifest:edge')?.status).toBe('ok');
    expect(check(report, 'store:crypt32')).toMatchObject({
      status: 'fail',
      title: expect.stringContaining(join(programs, 'koffi.node')),
      fix: expect.stringContaining('インストールし直して'),
    });
    expect(report.ok).toBe(false);
    writeFileSync(join(programs, 'koffi.node'), 'MZ');
    expect(check(await runDoctor(ctx), 'store:crypt32')).toMatchObject({ status: 'ok' });
    expect((await runDoctor(ctx)).ok).toBe(true);
  });

  test('the MSI layout: registry → the manifest beside weborca-cert.exe, whose relative path names the executable: OK', async () => {
    const registry = new FakeRegistry();
    const env = winEnv();
    const programs = join(world.home, 'AppData', 'Local', 'Programs', 'WebORCA Cert Companion');
    mkdirSync(programs, { recursive: true });
    for (const [name, text] of msiManifests()) writeFileSync(join(programs, name), text);
    writeFileSync(join(programs, 'koffi.node'), 'MZ');
    for (const browser of ['Google\\Chrome', 'Microsoft\\Edge', 'Mozilla']) {
      const manifest = browser === 'Mozilla' ? 'weborca_cert_companion.firefox.json' : 'weborca_cert_companion.json';
      registry.keys.set(`hkcu\\software\\${browser.toLowerCase()}\\nativemessaginghosts\\weborca_cert_companion`, join(programs, manifest));
    }
    const ctx = doctorContext('win32', { runtime: { execPath: join(programs, 'weborca-cert.exe'), scriptPath: undefined, isSea: true } }, env, registry);
    expect(check(await runDoctor(ctx), 'manifest:edge')).toMatchObject({ status: 'fail', title: expect.stringContaining('プログラムがないか') });
    writeFileSync(join(programs, 'weborca-cert.exe'), 'MZ');
    const report = await runDoctor(ctx);
    expect(check(report, 'manifest:edge')).toMatchObject({ status: 'ok', title: expect.stringContaining('weborca_cert_companion.json') });
    expect(report.ok).toBe(true);
  });

  test('a registry value pointing elsewhere, or missing', async () => {
    const registry = new FakeRegistry();
    const env = winEnv();
    const ctx = doctorContext('win32', {}, env, registry);
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const key = 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\weborca_cert_companion';
    registry.keys.set(key.toLowerCase(), 'C:\\Other\\manifest.json');
    expect(check(await runDoctor(ctx), 'manifest:edge')).toMatchObject({
      status: 'fail',
      title: 'Microsoft Edge: レジストリが別のファイルを指しています: C:\\Other\\manifest.json',
    });
    registry.keys.delete(key.toLowerCase());
    expect(check(await runDoctor(ctx), 'manifest:edge')).toMatchObject({
      status: 'fail',
      title: 'Microsoft Edge: 登録されていません',
      detail: `レジストリ ${key} がありません`,
    });
  });
});

describe('macOS', () => {
  test('registered, security present; a missing login keychain is only a warning', async () => {
    dirs(world.home, ['Library', 'Application Support', 'Google', 'Chrome']);
    const ctx = doctorContext('darwin', { findTool: (name) => (name === 'security' ? '/usr/bin/security' : null) });
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const report = await runDoctor(ctx);
    expect(report.ok).toBe(true);
    expect(check(report, 'tool:security')).toEqual({ id: 'tool:security', status: 'ok', title: 'security: /usr/bin/security' });
    expect(check(report, 'keychain')).toMatchObject({ status: 'warn', title: 'ログインキーチェーンが見つかりません: ~/Library/Keychains/login.keychain-db' });
    expect(check(report, 'log')?.title).toBe('ログファイル: ~/Library/Logs/WebORCA Cert Companion/host.log（まだありません）');
  });
});
