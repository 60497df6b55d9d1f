/**
 * The support CLI, run as the built file in a temp HOME: `import FILE --password-stdin` puts a simulator-issued
 * identity into ~/.pki/nssdb (created on the way) after proving it with the simulator (a first install: nothing to
 * compare with), `list` shows it, a wrong password imports nothing (exit 1), and the password never reaches argv.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestPki, startSimulator, type IssuedIdentity, type Simulator } from '../simulator/index';
import { writeHostConfig } from '../helpers/host-process';
import { runCli, type CliRun } from '../helpers/cli-process';

let home: string;
let identity: IssuedIdentity;
let file: string;
let sim: Simulator;

function cli(args: string[], stdin = ''): Promise<CliRun> {
  return runCli(args, { PATH: process.env.PATH, HOME: home, NODE_EXTRA_CA_CERTS: join(home, 'root.pem') }, stdin);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'weborca-cli-home-'));
  const pki = await createTestPki();
  identity = await pki.issueClient({ mode: 'legacy' });
  file = join(home, identity.fileName);
  writeFileSync(file, identity.p12);
  // The import proves the identity with WebORCA first: the simulator, named in the test config, trusted by Node.
  sim = await startSimulator({ pki, requireLogin: false });
  writeFileSync(join(home, 'root.pem'), pki.rootCertPem);
  writeHostConfig(home, { weborcaOrigins: [sim.weborcaOrigin] });
}, 60_000);
afterAll(async () => {
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

test('import with the password on stdin, then list', async () => {
  const imported = await cli(['import', file, '--password-stdin', '--json'], `${identity.password}\n`);
  expect(imported.code).toBe(0);
  const result = JSON.parse(imported.stdout) as { ok: boolean; certificate: { serialNumber: string }; stores: Array<{ ok: boolean; status: string }> };
  expect(result).toMatchObject({ ok: true, certificate: { serialNumber: identity.serialHex } });
  expect(result.stores).toEqual([expect.objectContaining({ ok: true, status: 'imported', verified: true })]);

  const listed = await cli(['list', '--json']);
  expect(listed.code).toBe(0);
  const identities = (JSON.parse(listed.stdout) as { identities: Array<{ serialNumber: string; daysLeft: number }> }).identities;
  expect(identities.map((entry) => entry.serialNumber)).toEqual([identity.serialHex]);

  const human = await cli(['list']);
  expect(human.stdout).toContain(`シリアル ${identity.serialHex}`);
});

test('a wrong password: exit 1, a Japanese reason, nothing imported', async () => {
  const result = await cli(['import', file, '--password-stdin'], 'wrongwrong\n');
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('証明書パスワードが間違っています');
});

test('usage errors exit 2', async () => {
  expect((await cli(['import'])).code).toBe(2);
  expect((await cli(['list', '--bogus'])).code).toBe(2);
  expect((await cli(['frobnicate'])).code).toBe(2);
});
