/**
 * The support CLI, run as the built file in a temp HOME: `import FILE --password-stdin` puts a simulator-issued
 * identity into ~/.pki/nssdb (created on the way), `list` shows it, a wrong password imports nothing (exit 1),
 * and the password never reaches argv.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestPki, type IssuedIdentity } from '../simulator/index';
import { HOST_BIN } from '../helpers/host-process';

let home: string;
let identity: IssuedIdentity;
let file: string;

function cli(args: string[], stdin = ''): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [HOST_BIN, ...args], { input: stdin, env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'weborca-cli-home-'));
  identity = await (await createTestPki()).issueClient({ mode: 'legacy' });
  file = join(home, identity.fileName);
  writeFileSync(file, identity.p12);
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

test('import with the password on stdin, then list', () => {
  const imported = cli(['import', file, '--password-stdin', '--json'], `${identity.password}\n`);
  expect(imported.code).toBe(0);
  const result = JSON.parse(imported.stdout) as { ok: boolean; certificate: { serialNumber: string }; stores: Array<{ ok: boolean; status: string }> };
  expect(result).toMatchObject({ ok: true, certificate: { serialNumber: identity.serialHex } });
  expect(result.stores).toEqual([expect.objectContaining({ ok: true, status: 'imported', verified: true })]);

  const listed = cli(['list', '--json']);
  expect(listed.code).toBe(0);
  const identities = (JSON.parse(listed.stdout) as { identities: Array<{ serialNumber: string; daysLeft: number }> }).identities;
  expect(identities.map((entry) => entry.serialNumber)).toEqual([identity.serialHex]);

  const human = cli(['list']);
  expect(human.stdout).toContain(`シリアル ${identity.serialHex}`);
});

test('a wrong password: exit 1, a Japanese reason, nothing imported', () => {
  const result = cli(['import', file, '--password-stdin'], 'wrongwrong\n');
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('証明書パスワードが間違っています');
});

test('usage errors exit 2', () => {
  expect(cli(['import']).code).toBe(2);
  expect(cli(['list', '--bogus']).code).toBe(2);
  expect(cli(['frobnicate']).code).toBe(2);
});
