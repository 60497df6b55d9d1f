/**
 * The built host's other request types over real frames: inspect (the report of docs/ARCHITECTURE.md), backup (the file kept,
 * 0600), verifyLogin (a real mutual-TLS handshake with the simulator: accepted with a WebORCA identity, refused
 * with a stranger's, never to an origin outside the allowed list).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestPki, startSimulator, type IssuedIdentity, type Simulator } from '../simulator/index';
import { frame, startHost } from '../helpers/host-process';

let sim: Simulator;
let own: IssuedIdentity;
let stranger: IssuedIdentity;
let rootFile: string;

beforeAll(async () => {
  sim = await startSimulator({ requireLogin: false });
  own = await sim.issueClient({ daysLeft: 60 });
  stranger = await (await createTestPki()).issueClient({});
}, 60_000);
afterAll(async () => {
  await sim?.close();
});

/** One request, one reply, in a fresh host process (HOME is a temp dir with the test world's config.json). */
async function ask(request: object, env: NodeJS.ProcessEnv = {}): Promise<{ reply: Record<string, unknown>; home: string }> {
  const run = startHost(undefined, env, { config: { weborcaOrigins: [sim.weborcaOrigin] } });
  run.write(frame(request));
  const [reply] = await run.replies(1, 30_000);
  run.end();
  await run.exited();
  return { reply: reply!, home: run.home };
}

describe('inspect', () => {
  test('answers with the inspect report of the file', async () => {
    const { reply } = await ask({ id: 'i', type: 'inspect', p12: own.p12.toString('base64'), password: own.password });
    expect(Object.keys(reply).sort()).toEqual(['certificate', 'chain', 'id', 'identities', 'ok', 'pkcs12', 'privateKey', 'problems']);
    expect(reply).toMatchObject({
      id: 'i',
      ok: true,
      identities: 1,
      certificate: {
        serialNumber: own.serialHex,
        subject: { CN: 'client1210', O: 'u00000126', C: 'JP' },
        issuer: { CN: 'Intermediate CA' },
        clientAuth: true,
        daysLeft: 60,
      },
    });
    expect(reply.problems).toEqual([expect.objectContaining({ code: 'EXPIRES_SOON', blocking: false })]);
  });

  test('a wrong password and a file that is not PKCS#12 are typed errors', async () => {
    expect((await ask({ id: 'w', type: 'inspect', p12: own.p12.toString('base64'), password: 'nope' })).reply).toMatchObject({
      id: 'w',
      ok: false,
      error: { code: 'BAD_PASSWORD' },
    });
    expect((await ask({ id: 'n', type: 'inspect', p12: Buffer.from('hello').toString('base64'), password: '' })).reply).toMatchObject({
      id: 'n',
      ok: false,
      error: { code: 'NOT_PKCS12' },
    });
  });
});

describe('backup', () => {
  test('keeps the file under its own name, readable by the user only', async () => {
    const { reply, home } = await ask({ id: 'b', type: 'backup', p12: own.p12.toString('base64'), fileName: own.fileName });
    expect(reply).toMatchObject({ id: 'b', ok: true });
    const path = reply.path as string;
    expect(path).toBe(join(home, '.local', 'share', 'weborca-cert', 'backups', own.fileName));
    expect(readFileSync(path)).toEqual(own.p12);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test('a file name with a path in it is refused by the schema', async () => {
    const { reply } = await ask({ id: 'p', type: 'backup', p12: own.p12.toString('base64'), fileName: '../../.bashrc' });
    expect(reply).toMatchObject({ id: 'p', ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('verifyLogin', () => {
  beforeAll(() => {
    // The host trusts the simulator's root as a clinic PC trusts WebORCA's server: through Node's CA list.
    rootFile = join(mkdtempSync(join(tmpdir(), 'weborca-root-')), 'root.pem');
    writeFileSync(rootFile, sim.pki.rootCertPem);
  });
  afterAll(() => rmSync(dirname(rootFile), { recursive: true, force: true }));
  const env = (): NodeJS.ProcessEnv => ({ NODE_EXTRA_CA_CERTS: rootFile });

  test('the simulator accepts a WebORCA identity in a real handshake', async () => {
    const { reply } = await ask({ id: 'v', type: 'verifyLogin', origin: sim.weborcaOrigin, p12: own.p12.toString('base64'), password: own.password }, env());
    expect(reply).toMatchObject({ id: 'v', ok: true, accepted: true, certificate: { serialNumber: own.serialHex } });
    expect(sim.presentedSerials('weborca')).toContain(own.serialHex);
  });

  test('an identity from another CA is refused, and said so', async () => {
    const { reply } = await ask(
      { id: 's', type: 'verifyLogin', origin: sim.weborcaOrigin, p12: stranger.p12.toString('base64'), password: stranger.password },
      env(),
    );
    expect(reply).toMatchObject({ id: 's', ok: true, accepted: false, status: 400 });
  });

  test('never to an origin outside the allowed list, nor with a path', async () => {
    for (const origin of ['https://example.com', 'https://weborca.cloud.orcamo.jp.evil.example']) {
      const { reply } = await ask({ id: 'o', type: 'verifyLogin', origin, p12: own.p12.toString('base64'), password: own.password }, env());
      expect(reply).toMatchObject({ id: 'o', ok: false, error: { code: 'ORIGIN_NOT_ALLOWED' } });
    }
    const { reply } = await ask(
      { id: 'q', type: 'verifyLogin', origin: `${sim.weborcaOrigin}/client.html`, p12: own.p12.toString('base64'), password: own.password },
      env(),
    );
    expect(reply).toMatchObject({ id: 'q', ok: false, error: { code: 'BAD_REQUEST' } });
  });

  test('a server the host cannot trust is reported as such', async () => {
    const { reply } = await ask({ id: 't', type: 'verifyLogin', origin: sim.weborcaOrigin, p12: own.p12.toString('base64'), password: own.password });
    expect(reply).toMatchObject({ id: 't', ok: false, error: { code: 'SERVER_UNTRUSTED' } });
  });
});
