/**
 * install / uninstall on Linux and macOS layouts, for real in a temp HOME: which files appear where, with which
 * content and modes, that a rerun changes nothing, that ids are validated and kept in config.json, and that
 * uninstall removes only what install wrote.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from '../../../native-host/src/build-info';
import { setLocale } from '../../../native-host/src/i18n';
import { createInstallCommand, parseInstallArgs } from '../../../native-host/src/commands/install';
import { createUninstallCommand } from '../../../native-host/src/commands/uninstall';
import type { SystemContext } from '../../../native-host/src/install/context';
import { install, uninstall, type InstallReport } from '../../../native-host/src/install/install';
import { captureIO, context, dirs, tempWorld, type TempWorld } from './helpers';

// The sentences follow LC_ALL/LANG; these assertions read the Japanese ones, whatever the machine's locale.
setLocale('ja');

const STORE_ID = 'abcdefghijklmnopabcdefghijklmnop';
const OTHER_ID = 'ppppppppppppppppaaaaaaaaaaaaaaaa';

let world: TempWorld;
beforeEach(() => {
  world = tempWorld();
});
afterEach(() => world.cleanup());

const read = (...parts: string[]): string => readFileSync(join(world.home, ...parts), 'utf8');
const json = (...parts: string[]): Record<string, unknown> => JSON.parse(read(...parts)) as Record<string, unknown>;
const mode = (...parts: string[]): number => statSync(join(world.home, ...parts)).mode & 0o777;

function chromeManifest(path: string, ids: string[]): Record<string, unknown> {
  return {
    name: 'weborca_cert_companion',
    description: 'WebORCA Cert Companion (weborca-cert): WebORCA クライアント証明書の更新',
    path,
    type: 'stdio',
    allowed_origins: ids.map((id) => `chrome-extension://${id}/`),
  };
}

async function runInstall(ctx: SystemContext, argv: string[] = []): Promise<{ code: number; report: InstallReport; out: string; err: string }> {
  const io = captureIO();
  const code = await createInstallCommand(() => ctx)([...argv, '--json'], io);
  return { code, report: JSON.parse(io.out) as InstallReport, out: io.out, err: io.err };
}

describe('Linux', () => {
  const LAUNCHER = ['.config', 'weborca-cert', 'weborca-cert-host'];

  test('registers Chrome, Chromium and Firefox (present), skips Edge and Brave (absent)', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.config', 'chromium'], ['.mozilla', 'firefox']);
    const ctx = context(world, 'linux');
    const { code, report } = await runInstall(ctx);

    expect(code).toBe(0);
    const launcher = join(world.home, ...LAUNCHER);
    expect(report.ok).toBe(true);
    expect(report.launcher).toEqual({ path: launcher, kind: 'sh', status: 'written', node: process.execPath, script: world.bundle });
    expect(report.registered.map((r) => [r.browser, r.manifestPath, r.status])).toEqual([
      ['chrome', join(world.home, '.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json'), 'written'],
      ['chromium', join(world.home, '.config/chromium/NativeMessagingHosts/weborca_cert_companion.json'), 'written'],
      ['firefox', join(world.home, '.mozilla/native-messaging-hosts/weborca_cert_companion.json'), 'written'],
    ]);
    expect(report.skipped.map((s) => [s.browser, s.reason])).toEqual([
      ['edge', 'not-found'],
      ['brave', 'not-found'],
    ]);

    expect(json('.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json')).toEqual(chromeManifest(launcher, [DEV_EXTENSION_ID]));
    expect(json('.config/chromium/NativeMessagingHosts/weborca_cert_companion.json')).toEqual(chromeManifest(launcher, [DEV_EXTENSION_ID]));
    expect(json('.mozilla/native-messaging-hosts/weborca_cert_companion.json')).toEqual({
      name: 'weborca_cert_companion',
      description: 'WebORCA Cert Companion (weborca-cert): WebORCA クライアント証明書の更新',
      path: launcher,
      type: 'stdio',
      allowed_extensions: [FIREFOX_ADDON_ID],
    });
    expect(mode('.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json')).toBe(0o644);
    expect(existsSync(join(world.home, '.config', 'microsoft-edge'))).toBe(false);

    expect(read(...LAUNCHER)).toBe(
      [
        '#!/bin/sh',
        '# WebORCA Cert Companion: native-messaging host launcher written by `weborca-cert install`.',
        '# Browsers start it without the shell PATH, so it names node and the program by absolute path.',
        `exec '${process.execPath}' '${world.bundle}' "$@"`,
        '',
      ].join('\n'),
    );
    expect(mode(...LAUNCHER)).toBe(0o755);
    // The launcher really runs node on the bundle with the browser's arguments, without PATH.
    const output = execFileSync(launcher, [`chrome-extension://${DEV_EXTENSION_ID}/`, '--parent-window=0'], { env: {}, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual([`chrome-extension://${DEV_EXTENSION_ID}/`, '--parent-window=0']);
  });

  test('a second install changes nothing, byte for byte', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.mozilla', 'firefox']);
    const ctx = context(world, 'linux');
    await runInstall(ctx, ['--extension-id', STORE_ID]);
    const snapshot = () =>
      [
        '.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json',
        '.mozilla/native-messaging-hosts/weborca_cert_companion.json',
        LAUNCHER.join('/'),
        '.config/weborca-cert/config.json',
      ].map((p) => [p, read(p), statSync(join(world.home, p)).mtimeMs]);
    const first = snapshot();
    const { code, report } = await runInstall(ctx, ['--extension-id', STORE_ID]);
    expect(code).toBe(0);
    expect(snapshot()).toEqual(first);
    expect(report.launcher!.status).toBe('unchanged');
    expect(report.config.status).toBe('unchanged');
    expect(report.registered.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(readdirSync(join(world.home, '.config', 'google-chrome', 'NativeMessagingHosts'))).toEqual(['weborca_cert_companion.json']);
  });

  test('--extension-id and --firefox-id go to config.json (other keys kept) and into every manifest', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.config', 'BraveSoftware', 'Brave-Browser'], ['.mozilla', 'firefox']);
    mkdirSync(join(world.home, '.config', 'weborca-cert'), { recursive: true });
    writeFileSync(
      join(world.home, '.config', 'weborca-cert', 'config.json'),
      JSON.stringify({ extensionIds: [OTHER_ID], extraOrigins: ['https://x.orcamo.jp'] }),
    );
    const ctx = context(world, 'linux');
    const { code, report } = await runInstall(ctx, ['--extension-id', STORE_ID, `--firefox-id=clinic@example.jp`, '--extension-id', DEV_EXTENSION_ID]);

    expect(code).toBe(0);
    expect(report.config.status).toBe('written');
    expect(json('.config/weborca-cert/config.json')).toEqual({
      extensionIds: [OTHER_ID, STORE_ID],
      extraOrigins: ['https://x.orcamo.jp'],
      firefoxAddonIds: ['clinic@example.jp'],
    });
    expect(mode('.config/weborca-cert/config.json')).toBe(0o600);
    const launcher = join(world.home, ...LAUNCHER);
    for (const dir of ['.config/google-chrome', '.config/BraveSoftware/Brave-Browser']) {
      expect(json(`${dir}/NativeMessagingHosts/weborca_cert_companion.json`)).toEqual(chromeManifest(launcher, [DEV_EXTENSION_ID, OTHER_ID, STORE_ID]));
    }
    expect(json('.mozilla/native-messaging-hosts/weborca_cert_companion.json').allowed_extensions).toEqual([FIREFOX_ADDON_ID, 'clinic@example.jp']);

    // Later installs without the flags keep the configured ids.
    await runInstall(ctx);
    expect(json('.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json').allowed_origins).toHaveLength(3);
  });

  test.each([
    [['--extension-id', 'ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP'], '拡張機能の ID が正しくありません'],
    [['--extension-id', 'abcdefghijklmnopabcdefghijklmno'], '拡張機能の ID が正しくありません'],
    [['--extension-id', 'abcdefghijklmnopabcdefghijklmnoq'], '拡張機能の ID が正しくありません'],
    [['--extension-id', `chrome-extension://${STORE_ID}/`], '拡張機能の ID が正しくありません'],
    [['--extension-id'], '--extension-id の後に ID を指定してください'],
    [['--firefox-id', 'not an id'], 'Firefox アドオンの ID が正しくありません'],
    [['--force'], '不明な引数です'],
  ])('usage error %j: exit 2, nothing written', async (argv, message) => {
    dirs(world.home, ['.config', 'google-chrome']);
    const io = captureIO();
    expect(await createInstallCommand(() => context(world, 'linux'))(argv, io)).toBe(2);
    expect(io.err).toContain(message);
    expect(io.err).toContain('使い方: weborca-cert install');
    expect(existsSync(join(world.home, '.config', 'weborca-cert'))).toBe(false);
    expect(existsSync(join(world.home, '.config', 'google-chrome', 'NativeMessagingHosts'))).toBe(false);
  });

  test('parseInstallArgs accepts --x=value and repeats', () => {
    expect(parseInstallArgs([`--extension-id=${STORE_ID}`, '--extension-id', OTHER_ID, '--dry-run'])).toEqual({
      kind: 'run',
      extensionIds: [STORE_ID, OTHER_ID],
      firefoxAddonIds: [],
      json: false,
      dryRun: true,
    });
    expect(parseInstallArgs(['--firefox-id', '{12345678-1234-1234-1234-123456789abc}'])).toMatchObject({
      kind: 'run',
      firefoxAddonIds: ['{12345678-1234-1234-1234-123456789abc}'],
    });
  });

  test('--dry-run writes nothing and says what it would write', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const { code, report } = await runInstall(context(world, 'linux'), ['--dry-run', '--extension-id', STORE_ID]);
    expect(code).toBe(0);
    expect(report.dryRun).toBe(true);
    expect(report.launcher!.status).toBe('planned');
    expect(report.config.status).toBe('planned');
    expect(report.registered.map((r) => r.status)).toEqual(['planned']);
    expect(report.extensionIds).toEqual([DEV_EXTENSION_ID, STORE_ID]);
    expect(readdirSync(join(world.home, '.config'))).toEqual(['google-chrome']);
  });

  test('XDG_CONFIG_HOME for the Chrome family; Firefox with XDG profiles still gets ~/.mozilla/native-messaging-hosts', async () => {
    const xdg = join(world.root, 'xdg');
    mkdirSync(join(xdg, 'microsoft-edge'), { recursive: true });
    mkdirSync(join(xdg, 'mozilla', 'firefox'), { recursive: true });
    const ctx = context(world, 'linux', { XDG_CONFIG_HOME: xdg });
    const { report } = await runInstall(ctx);
    expect(report.registered.map((r) => r.manifestPath)).toEqual([
      join(xdg, 'microsoft-edge', 'NativeMessagingHosts', 'weborca_cert_companion.json'),
      join(world.home, '.mozilla', 'native-messaging-hosts', 'weborca_cert_companion.json'),
    ]);
    // The launcher and config follow XDG too (paths.ts).
    expect(report.launcher!.path).toBe(join(xdg, 'weborca-cert', 'weborca-cert-host'));
    expect(existsSync(join(world.home, '.mozilla', 'native-messaging-hosts', 'weborca_cert_companion.json'))).toBe(true);
  });

  test('snap Chromium and Flatpak browsers are reported as unsupported; snap Firefox registered with a caveat', async () => {
    dirs(world.home, ['snap', 'chromium', 'current'], ['.var', 'app', 'com.google.Chrome'], ['snap', 'firefox', 'common']);
    const { code, report, out } = await runInstall(context(world, 'linux'));
    expect(code).toBe(0);
    expect(report.registered.map((r) => r.browser)).toEqual(['firefox']);
    expect(report.registered[0]!.detail).toContain('WebExtensions ポータル');
    expect(report.skipped.filter((s) => s.reason === 'unsupported').map((s) => s.browser)).toEqual(['chromium-snap', 'chrome-flatpak']);
    expect(out).toContain('サンドボックスの外のプログラム');
  });

  test('no browser at all: exit 1, nothing written, and the human message says why', async () => {
    const io = captureIO();
    expect(await createInstallCommand(() => context(world, 'linux'))([], io)).toBe(1);
    expect(io.err).toContain('対応するブラウザ（Chrome、Chromium、Edge、Brave、Firefox）が見つかりません');
    expect(readdirSync(world.home)).toEqual([]);
  });

  test('a damaged config.json is never overwritten', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.config', 'weborca-cert']);
    writeFileSync(join(world.home, '.config', 'weborca-cert', 'config.json'), '{"extensionIds": ["short"]}');
    const { code, report } = await runInstall(context(world, 'linux'), ['--extension-id', STORE_ID]);
    expect(code).toBe(1);
    expect(report.error?.code).toBe('CONFIG_DAMAGED');
    expect(read('.config/weborca-cert/config.json')).toBe('{"extensionIds": ["short"]}');
    // Without new ids it installs, warning that the file is ignored (the host ignores it too).
    const again = await runInstall(context(world, 'linux'));
    expect(again.code).toBe(0);
    expect(again.report.warnings.join()).toContain('壊れている');
    expect(again.report.extensionIds).toEqual([DEV_EXTENSION_ID]);
  });

  test('the bundle path is quoted safely; the PATH node is preferred when it is the same file', async () => {
    const odd = tempWorld("it's a dir");
    try {
      dirs(odd.home, ['.config', 'chromium']);
      const bin = join(odd.root, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      const { report } = await runInstall(context(odd, 'linux', { PATH: bin }));
      expect(report.launcher!.node).toBe(join(bin, 'node'));
      const launcher = report.launcher!.path;
      expect(readFileSync(launcher, 'utf8')).toContain(`exec '${join(bin, 'node')}' '${odd.root}/it'\\''s a dir/weborca-cert.mjs' "$@"`);
      expect(JSON.parse(execFileSync(launcher, ['a b', "c'd"], { env: {}, encoding: 'utf8' }))).toEqual(['a b', "c'd"]);
    } finally {
      odd.cleanup();
    }
  });

  test('running from sources, or from nowhere, is refused', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const ts = await runInstall(context(world, 'linux', {}, undefined, { scriptPath: join(world.root, 'main.ts') }));
    expect(ts.code).toBe(1);
    expect(ts.report.error?.code).toBe('PROGRAM_NOT_FOUND');
    writeFileSync(join(world.root, 'main.ts'), '');
    expect((await runInstall(context(world, 'linux', {}, undefined, { scriptPath: join(world.root, 'main.ts') }))).report.error?.message).toContain(
      'weborca-cert.mjs から実行してください',
    );
  });

  test('a single executable: the manifests point at it, no launcher', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const exe = join(world.root, 'weborca-cert');
    const { report } = await runInstall(context(world, 'linux', {}, undefined, { isSea: true, execPath: exe, scriptPath: undefined }));
    expect(report.launcher).toMatchObject({ kind: 'executable', path: exe, status: 'unchanged' });
    expect(json('.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json').path).toBe(exe);
    expect(existsSync(join(world.home, ...LAUNCHER))).toBe(false);
  });

  test('the human output in Japanese', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const io = captureIO();
    expect(await createInstallCommand(() => context(world, 'linux'))([], io)).toBe(0);
    expect(io.out).toContain('weborca-cert をブラウザに登録しました。');
    expect(io.out).toContain('  起動用スクリプト: ~/.config/weborca-cert/weborca-cert-host（書き込みました）');
    expect(io.out).toContain('  Google Chrome: ~/.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json（書き込みました）');
    expect(io.out).toContain('  Microsoft Edge: 見つかりません（~/.config/microsoft-edge がありません）');
    expect(io.out).toContain(`許可している拡張機能 ID: ${DEV_EXTENSION_ID}`);
    expect(io.out).toContain('ブラウザを再起動すると有効になります。');
  });
});

describe('uninstall', () => {
  test('removes manifests and launcher; keeps backups, config, log; a second run finds nothing', async () => {
    dirs(world.home, ['.config', 'google-chrome'], ['.mozilla', 'firefox']);
    const ctx = context(world, 'linux');
    await runInstall(ctx, ['--extension-id', STORE_ID]);
    // Someone else's host in the same folder, and the user's backups and log.
    writeFileSync(join(world.home, '.config/google-chrome/NativeMessagingHosts/com.other.host.json'), '{"name":"com.other.host"}');
    const backups = join(world.home, '.local', 'share', 'weborca-cert', 'backups');
    mkdirSync(backups, { recursive: true });
    writeFileSync(join(backups, '000123__JP_u00000126_client1210.p12'), 'p12 bytes');
    writeFileSync(join(backups, '000123__JP_u00000126_client1210.json'), '{}');
    const log = join(world.home, '.local', 'state', 'weborca-cert');
    mkdirSync(log, { recursive: true });
    writeFileSync(join(log, 'host.log'), 'log\n');

    const io = captureIO();
    expect(await createUninstallCommand(() => ctx)([], io)).toBe(0);
    expect(io.out).toContain('次のものを削除しました。');
    expect(io.out).toContain('証明書: ブラウザ・OS の証明書ストアにある証明書はそのままです');
    expect(io.out).toContain('証明書ファイルのバックアップ: ~/.local/share/weborca-cert/backups');

    expect(existsSync(join(world.home, '.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json'))).toBe(false);
    expect(existsSync(join(world.home, '.mozilla/native-messaging-hosts/weborca_cert_companion.json'))).toBe(false);
    expect(existsSync(join(world.home, '.config/weborca-cert/weborca-cert-host'))).toBe(false);
    expect(readdirSync(join(world.home, '.config/google-chrome/NativeMessagingHosts'))).toEqual(['com.other.host.json']);
    expect(readdirSync(backups).sort()).toEqual(['000123__JP_u00000126_client1210.json', '000123__JP_u00000126_client1210.p12']);
    expect(readFileSync(join(backups, '000123__JP_u00000126_client1210.p12'), 'utf8')).toBe('p12 bytes');
    expect(json('.config/weborca-cert/config.json')).toMatchObject({ extensionIds: [STORE_ID] });
    expect(readFileSync(join(log, 'host.log'), 'utf8')).toBe('log\n');

    const second = await uninstall(ctx, { dryRun: false });
    expect(second).toMatchObject({ ok: true, removed: [], failed: [] });
  });

  test('--dry-run lists without removing; a file of ours by name but not by content stays', async () => {
    dirs(world.home, ['.config', 'google-chrome']);
    const ctx = context(world, 'linux');
    await install(ctx, { extensionIds: [], firefoxAddonIds: [], dryRun: false });
    const io = captureIO();
    expect(await createUninstallCommand(() => ctx)(['--dry-run', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out) as { removed: Array<{ kind: string; status: string }> };
    expect(report.removed.map((r) => [r.kind, r.status])).toEqual([
      ['manifest', 'planned'],
      ['launcher', 'planned'],
    ]);
    expect(existsSync(join(world.home, '.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json'))).toBe(true);

    writeFileSync(join(world.home, '.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json'), '{"name":"something_else"}');
    await uninstall(ctx, { dryRun: false });
    expect(read('.config/google-chrome/NativeMessagingHosts/weborca_cert_companion.json')).toBe('{"name":"something_else"}');
  });

  test('usage error: exit 2', async () => {
    const io = captureIO();
    expect(await createUninstallCommand(() => context(world, 'linux'))(['--all'], io)).toBe(2);
  });
});

describe('macOS', () => {
  const SUPPORT = ['Library', 'Application Support'];

  test('Application Support layout; Firefox via Mozilla/NativeMessagingHosts', async () => {
    dirs(world.home, [...SUPPORT, 'Google', 'Chrome'], [...SUPPORT, 'Microsoft Edge'], [...SUPPORT, 'Firefox']);
    const ctx = context(world, 'darwin');
    const { code, report } = await runInstall(ctx, ['--extension-id', STORE_ID]);
    expect(code).toBe(0);
    const support = join(world.home, ...SUPPORT);
    const launcher = join(support, 'WebORCA Cert Companion', 'weborca-cert-host');
    expect(report.launcher!.path).toBe(launcher);
    expect(report.registered.map((r) => r.manifestPath)).toEqual([
      join(support, 'Google/Chrome/NativeMessagingHosts/weborca_cert_companion.json'),
      join(support, 'Microsoft Edge/NativeMessagingHosts/weborca_cert_companion.json'),
      join(support, 'Mozilla/NativeMessagingHosts/weborca_cert_companion.json'),
    ]);
    expect(report.skipped.map((s) => s.browser)).toEqual(['chromium', 'brave']);
    // Edge reads only the first manifest it finds: every Chrome-family manifest lists every id.
    expect(json(...SUPPORT, 'Microsoft Edge/NativeMessagingHosts/weborca_cert_companion.json')).toEqual(chromeManifest(launcher, [DEV_EXTENSION_ID, STORE_ID]));
    expect(json(...SUPPORT, 'Google/Chrome/NativeMessagingHosts/weborca_cert_companion.json')).toEqual(chromeManifest(launcher, [DEV_EXTENSION_ID, STORE_ID]));
    expect(json(...SUPPORT, 'Mozilla/NativeMessagingHosts/weborca_cert_companion.json').allowed_extensions).toEqual([FIREFOX_ADDON_ID]);
    expect(json(...SUPPORT, 'WebORCA Cert Companion', 'config.json')).toEqual({ extensionIds: [STORE_ID], firefoxAddonIds: [] });
    // A path with spaces runs (Application Support).
    expect(JSON.parse(execFileSync(launcher, ['x'], { env: {}, encoding: 'utf8' }))).toEqual(['x']);

    const again = await runInstall(ctx);
    expect(again.report.registered.every((r) => r.status === 'unchanged')).toBe(true);

    const downloads = await runInstall(context(world, 'darwin', {}, undefined, { scriptPath: join(world.home, 'Downloads', 'weborca-cert.mjs') }));
    expect(downloads.code).toBe(1); // the file is not there: refused before any warning matters
    mkdirSync(join(world.home, 'Downloads'));
    writeFileSync(join(world.home, 'Downloads', 'weborca-cert.mjs'), '');
    const warned = await runInstall(context(world, 'darwin', {}, undefined, { scriptPath: join(world.home, 'Downloads', 'weborca-cert.mjs') }), ['--dry-run']);
    expect(warned.report.warnings.join()).toContain('macOS のプライバシー保護');

    const removed = await uninstall(ctx, { dryRun: false });
    expect(removed.removed.map((r) => r.kind)).toEqual(['manifest', 'manifest', 'manifest', 'launcher']);
    expect(existsSync(launcher)).toBe(false);
    expect(existsSync(join(support, 'WebORCA Cert Companion', 'config.json'))).toBe(true);
  });
});
