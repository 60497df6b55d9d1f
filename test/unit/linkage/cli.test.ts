/**
 * `weborca-cert linkage …` run as the built file (dist/native-host/weborca-cert.mjs; `npm run build:host` first) in
 * a temp HOME: list, dry run, update with the password on stdin, rollback, a refused update, usage errors, and
 * where configs come from (--config, config.json). While the update runs, no process's command line may hold the
 * password or a passphrase, and neither may appear in anything it prints.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestPki, type ClientIdentity, type TestPki } from '../../simulator/index';
import { HOST_BIN } from '../../helpers/host-process';
import { makeWorld, OLD_PASSPHRASE, snapshot, type LinkageWorld } from './tree';

let pki: TestPki;
let old: ClientIdentity;
let renewed: ClientIdentity;
let world: LinkageWorld;
let home: string;
let p12File: string;

beforeAll(async () => {
  pki = await createTestPki();
  old = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({ mode: 'legacy' });
}, 60_000);
beforeEach(() => {
  world = makeWorld(pki, old);
  home = mkdtempSync(join(tmpdir(), 'weborca-linkage-home-'));
  p12File = join(home, renewed.fileName);
  writeFileSync(p12File, renewed.p12);
});
afterEach(() => {
  world.cleanup();
  rmSync(home, { recursive: true, force: true });
});

function env(extra: NodeJS.ProcessEnv = { WEBORCA_CERT_LINKAGE_PATHS: `${world.shell.dir}:${world.push.dir}` }): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, ...extra };
}

function cli(args: string[], stdin = '', extraEnv?: NodeJS.ProcessEnv): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [HOST_BIN, ...args], { input: stdin, env: env(extraEnv), encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cmdlines(): Array<{ pid: number; cmdline: string }> {
  const out: Array<{ pid: number; cmdline: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // The process has gone.
    }
  }
  return out;
}

/** Runs the CLI asynchronously while sampling every process's command line until it exits. */
async function cliWatched(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string; samples: number; lines: string[] }> {
  const child = spawn(process.execPath, [HOST_BIN, ...args], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exit.then(() => (done = true));
  child.stdin.end(stdin);
  const lines: string[] = [];
  let samples = 0;
  while (!done) {
    const all = cmdlines();
    if (all.some((p) => p.pid === child.pid)) samples += 1; // proves we looked while it ran
    lines.push(...all.map((p) => p.cmdline));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { code: await exit, stdout, stderr, samples, lines };
}

describe('linkage (list)', () => {
  test('--json lists both tools; the human form says experimental and shows serial and days left', () => {
    const listed = cli(['linkage', '--json']);
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as {
      ok: boolean;
      configs: Array<{ tool: string; cert: { serialNumber: string; daysLeft: number } }>;
      errors: unknown[];
    };
    expect(json.ok).toBe(true);
    expect(json.configs.map((c) => [c.tool, c.cert.serialNumber, c.cert.daysLeft])).toEqual([
      ['onshi-shell', old.serialHex, 60],
      ['push-exchanger', old.serialHex, 60],
    ]);
    const human = cli(['linkage']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('実験的');
    expect(human.stdout).toContain(`シリアル ${old.serialHex}`);
    expect(human.stdout).toContain('残り 60 日');
    expect(human.stdout).not.toContain(OLD_PASSPHRASE);
  });

  test('--config names exactly the configs to look at; config.json linkageConfigs is used without it', () => {
    const explicit = JSON.parse(cli(['linkage', '--json', '--config', world.shell.config]).stdout) as { configs: Array<{ path: string }> };
    expect(explicit.configs.map((c) => c.path)).toEqual([world.shell.config]);
    const configDir = join(home, '.config', 'weborca-cert');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ linkageConfigs: [world.push.dir] }));
    const configured = JSON.parse(cli(['linkage', '--json'], '', {}).stdout) as { configs: Array<{ path: string }> };
    expect(configured.configs.map((c) => c.path)).toEqual([world.push.config]);
  });

  test('a problem (missing key file): exit 1 and the reason in Japanese', () => {
    rmSync(world.shell.key);
    const result = cli(['linkage']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KEY_FILE_MISSING');
    expect(result.stderr).toContain(world.shell.key);
  });
});

describe('linkage update / rollback', () => {
  test('dry run, update with the password on stdin (never in argv or output), rollback', async () => {
    const before = snapshot(world.root);
    const dry = cli(['linkage', 'update', p12File, '--password-stdin', '--dry-run', '--json'], `${renewed.password}\n`);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, dryRun: true, backupId: null });
    expect(snapshot(world.root)).toEqual(before);

    const run = await cliWatched(['linkage', 'update', p12File, '--password-stdin', '--json'], `${renewed.password}\n`);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; updated: Array<{ tool: string; passphraseAdded: boolean }>; backupId: string };
    expect(result.updated.map((c) => [c.tool, c.passphraseAdded])).toEqual([
      ['onshi-shell', false],
      ['push-exchanger', true],
    ]);
    const addedPassphrase = /:passphrase: (\S+)/.exec(readFileSync(world.push.config, 'utf8'))![1]!;
    expect(run.samples).toBeGreaterThan(0);
    for (const secret of [renewed.password, OLD_PASSPHRASE, addedPassphrase]) {
      expect(run.lines.filter((line) => line.includes(secret))).toEqual([]);
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    const backupDir = join(home, '.local', 'share', 'weborca-cert', 'backups', 'linkage', result.backupId);
    expect(readdirSync(backupDir).sort()).toEqual(['1-config.yml', '2-config.yml', 'manifest.json']);

    const human = cli(['linkage']);
    expect(human.stdout).toContain(`シリアル ${renewed.serialHex}`);

    const rolled = cli(['linkage', 'rollback', '--json']);
    expect(rolled.code).toBe(0);
    expect(JSON.parse(rolled.stdout)).toMatchObject({ ok: true, backupId: result.backupId, restored: [world.shell.config, world.push.config] });
    expect(snapshot(world.root)).toEqual(before);
    const again = cli(['linkage', 'rollback']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('NO_BACKUP');
  });

  test('human output: what was written, the backup and how to roll back', () => {
    const result = cli(['linkage', 'update', p12File, '--password-stdin'], renewed.password);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('実験的機能');
    expect(result.stdout).toContain(`client-${renewed.serialHex}.pem`);
    expect(result.stdout).toMatch(/weborca-cert linkage rollback \d{8}-\d{6}/);
  });

  test('refused (missing key file, wrong password): exit 1, a Japanese reason, nothing changed', () => {
    rmSync(world.shell.key);
    const before = snapshot(world.root);
    const refused = cli(['linkage', 'update', p12File, '--password-stdin', '--json'], renewed.password);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      ok: false,
      error: { code: 'KEY_FILE_MISSING' },
      problems: [expect.objectContaining({ code: 'KEY_FILE_MISSING' })],
    });
    const wrong = cli(['linkage', 'update', p12File, '--password-stdin'], 'wrongwrong');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('パスワードが間違っています');
    expect(snapshot(world.root)).toEqual(before);
  });

  test('usage errors exit 2; --help exits 0', () => {
    expect(cli(['linkage', 'update']).code).toBe(2);
    expect(cli(['linkage', 'update', 'a.p12', 'b.p12']).code).toBe(2);
    expect(cli(['linkage', '--bogus']).code).toBe(2);
    expect(cli(['linkage', 'extra']).code).toBe(2);
    expect(cli(['linkage', '--config']).code).toBe(2);
    expect(cli(['linkage', 'rollback', 'a', 'b']).code).toBe(2);
    expect(cli(['linkage', '--password-stdin']).code).toBe(2);
    const help = cli(['linkage', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('linkage update FILE.p12');
  });
});
