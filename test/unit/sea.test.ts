/**
 * The host as a Node single executable application (dist/native-host/weborca-cert-linux-x64, `npm run build:sea`)
 * must behave exactly like the bundled dist/native-host/weborca-cert.mjs: the same CLI (`--version`, `--help`,
 * `inspect` per the contract in docs/ARCHITECTURE.md, legacy ciphers included) and the same native-messaging host. Each case runs both files
 * as real processes and compares what they print.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestPki, type ClientIdentity } from '../simulator/index';
import { DEV_ORIGIN, HOST_BIN, frame } from '../helpers/host-process';
import { FIREFOX_ADDON_ID } from '../../native-host/src/build-info';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEA = join(ROOT, 'dist', 'native-host', `weborca-cert-${process.platform}-${process.arch}`);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const LEGACY_VECTOR = join(ROOT, 'test', 'fixtures', 'windows-pfx', 'windows-azure-tools-null-password.p12');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

type Flavour = 'sea' | 'mjs';

let home: string;

/** Runs one of the two builds with a temp HOME, feeds stdin, and waits for its exit. */
function run(flavour: Flavour, args: string[], stdin: Buffer | string = ''): Promise<Run> {
  const [command, argv] = flavour === 'sea' ? [SEA, args] : [process.execPath, [HOST_BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env: { PATH: process.env.PATH, HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.end(stdin);
  });
}

/** Every byte of a host's stdout must be a frame: parse them all or throw. */
function frames(stdout: Buffer): Array<Record<string, unknown>> {
  const replies: Array<Record<string, unknown>> = [];
  let rest = stdout;
  while (rest.length > 0) {
    if (rest.length < 4) throw new Error(`${rest.length} stray bytes on stdout`);
    const length = rest.readUInt32LE(0);
    if (rest.length < 4 + length) throw new Error('a truncated frame on stdout');
    replies.push(JSON.parse(rest.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>);
    rest = rest.subarray(4 + length);
  }
  return replies;
}

const json = (result: Run): Record<string, unknown> => JSON.parse(result.stdout.toString('utf8')) as Record<string, unknown>;

if (!existsSync(SEA)) {
  console.warn(`sea.test.ts skipped: ${SEA} is absent — run \`npm run build:sea\` (npm run test:unit builds it).`);
}

describe.skipIf(!existsSync(SEA))('the single executable behaves like weborca-cert.mjs', () => {
  let client: ClientIdentity;
  let p12File: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'weborca-sea-test-'));
    client = await (await createTestPki()).issueClient({ daysLeft: 60 });
    p12File = join(home, client.fileName);
    writeFileSync(p12File, client.p12, { mode: 0o600 });
  });
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('--version prints package.json version, as the .mjs does', async () => {
    const [sea, mjs] = await Promise.all([run('sea', ['--version']), run('mjs', ['--version'])]);
    expect(sea.code).toBe(0);
    expect(sea.stdout.toString().trim()).toBe(VERSION);
    expect(sea.stdout.toString()).toBe(mjs.stdout.toString());
    expect(sea.stderr).toBe(''); // no "experimental SEA" banner
  });

  test('--help prints the same usage text', async () => {
    const [sea, mjs] = await Promise.all([run('sea', ['--help']), run('mjs', ['--help'])]);
    expect(sea.code).toBe(mjs.code);
    expect(sea.stdout.toString()).toContain('weborca-cert');
    expect(sea.stdout.toString()).toBe(mjs.stdout.toString());
  });

  test('inspect --password-stdin --json: the contract document, identical to the .mjs', async () => {
    const args = ['inspect', p12File, '--password-stdin', '--json'];
    const [sea, mjs] = await Promise.all([run('sea', args, `${client.password}\n`), run('mjs', args, `${client.password}\n`)]);
    expect(sea.code).toBe(0);
    expect(json(sea)).toMatchObject({
      ok: true,
      certificate: { subject: { CN: 'client1210', O: 'u00000126', C: 'JP' }, serialNumber: client.serialHex, clientAuth: true, daysLeft: expect.any(Number) },
      privateKey: { present: true, matchesCertificate: true },
      identities: 1,
    });
    expect(json(sea)).toEqual(json(mjs));
  });

  test('inspect of a legacy Windows export (3DES/RC2-40, NULL password) and a wrong password: same as the .mjs', async () => {
    const legacy = ['inspect', LEGACY_VECTOR, '--password-stdin', '--json'];
    const [sea, mjs] = await Promise.all([run('sea', legacy, ''), run('mjs', legacy, '')]);
    expect(sea.code).toBe(0);
    expect(json(sea)).toEqual(json(mjs));

    const wrong = ['inspect', p12File, '--password-stdin', '--json'];
    const [seaBad, mjsBad] = await Promise.all([run('sea', wrong, 'not-the-password'), run('mjs', wrong, 'not-the-password')]);
    expect(seaBad.code).toBe(1);
    expect(json(seaBad)).toMatchObject({ ok: false, error: { code: 'BAD_PASSWORD' } });
    expect(json(seaBad)).toEqual(json(mjsBad));
  });

  test('native messaging (Chrome origin): hello, an unknown type, EOF → exit 0, nothing but frames', async () => {
    const input = Buffer.concat([frame({ id: 'h1', type: 'hello' }), frame({ id: 'u1', type: 'nope' })]);
    const [sea, mjs] = await Promise.all([run('sea', [DEV_ORIGIN], input), run('mjs', [DEV_ORIGIN], input)]);
    expect(sea.code).toBe(0);
    const replies = frames(sea.stdout);
    expect(replies).toHaveLength(2);
    expect(replies[0]).toMatchObject({ id: 'h1', ok: true, version: VERSION, protocol: 1, platform: process.platform, node: process.versions.node });
    expect(replies[1]).toMatchObject({ id: 'u1', ok: false, error: { code: expect.any(String) } });
    expect(replies).toEqual(frames(mjs.stdout));
  });

  test('native messaging (Firefox: manifest path + add-on id) is served; an unknown Chrome id is refused', async () => {
    const firefoxArgs = [join(home, '.mozilla', 'native-messaging-hosts', 'weborca_cert_companion.json'), FIREFOX_ADDON_ID];
    const firefox = await run('sea', firefoxArgs, frame({ id: 'ff', type: 'hello' }));
    expect(firefox.code).toBe(0);
    expect(frames(firefox.stdout)).toEqual([expect.objectContaining({ id: 'ff', ok: true, version: VERSION })]);

    const stranger = await run('sea', [`chrome-extension://${'b'.repeat(32)}/`], frame({ id: 'x', type: 'hello' }));
    expect(frames(stranger.stdout)).toEqual([expect.objectContaining({ id: 'x', ok: false, error: expect.objectContaining({ code: 'ORIGIN_NOT_ALLOWED' }) })]);
  });
});
