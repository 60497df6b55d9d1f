/**
 * The built host importing for real into NSS databases in a temp HOME, as Chrome and Firefox on Linux use them:
 * ~/.pki/nssdb (created by the host) and two Firefox profiles, one under each profiles.ini location. Real
 * pk12util/certutil, real frames over real pipes. While the import runs, no process's command line may hold the
 * password, and no file may be left behind with it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestPki, DAY_MS, startSimulator, type IssuedIdentity, type Simulator } from '../simulator/index';
import { frame, startHost, writeHostConfig, type HostRun } from '../helpers/host-process';

let oldIdentity: IssuedIdentity;
let renewed: IssuedIdentity;
let legacyRenewed: IssuedIdentity;
let home: string;
let sim: Simulator;
let rootFile: string;
const firefoxA = () => join(home, '.mozilla', 'firefox', 'abcd1234.default-release');
const firefoxB = () => join(home, '.config', 'mozilla', 'firefox', 'wxyz9876.default');
const chromeDb = () => join(home, '.pki', 'nssdb');

function certutil(args: string[]): string {
  return execFileSync('certutil', args, { encoding: 'utf8' });
}

function newFirefoxProfile(base: string, dirName: string, name: string): void {
  mkdirSync(join(base, dirName), { recursive: true });
  writeFileSync(join(base, 'profiles.ini'), `[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=${name}\nIsRelative=1\nPath=${dirName}\nDefault=1\n`);
  certutil(['-N', '-d', `sql:${join(base, dirName)}`, '--empty-password']);
}

/** Runs one host session: sends the frames, closes stdin, returns the replies. */
async function session(run: HostRun, requests: object[]): Promise<Array<Record<string, unknown>>> {
  for (const request of requests) run.write(frame(request));
  run.end();
  const result = await run.exited(60_000);
  expect(result.code).toBe(0);
  return result.replies;
}

beforeAll(async () => {
  const pki = await createTestPki();
  oldIdentity = await pki.issueClient({ daysLeft: 60 });
  // `legacyRenewed` comes later than `renewed` (verified by then, so the one to be newer than): a day apart, the way
  // two real replacements would be, instead of within the same second.
  renewed = await pki.issueClient({ notAfter: new Date(Date.now() + 3 * 365 * DAY_MS - DAY_MS) });
  legacyRenewed = await pki.issueClient({ mode: 'legacy' });
  home = execFileSync('mktemp', ['-d', join(tmpdir(), 'weborca-nss-home-XXXXXX')], { encoding: 'utf8' }).trim();
  // WebORCA for the host's proof before it writes: the simulator on the same PKI, trusted like a clinic PC trusts
  // WebORCA's server, and named in the host's (test) config.
  sim = await startSimulator({ pki, requireLogin: false });
  rootFile = join(home, 'simulator-root.pem');
  writeFileSync(rootFile, pki.rootCertPem);
  writeHostConfig(home, { weborcaOrigins: [sim.weborcaOrigin] });
  newFirefoxProfile(join(home, '.mozilla', 'firefox'), 'abcd1234.default-release', 'default-release');
  newFirefoxProfile(join(home, '.config', 'mozilla', 'firefox'), 'wxyz9876.default', 'default');
  // The clinic's current certificate is already in the Firefox profile (imported years ago).
  const pw = join(home, 'old.pw');
  writeFileSync(join(home, 'old.p12'), oldIdentity.p12);
  writeFileSync(pw, oldIdentity.password, { mode: 0o600 });
  execFileSync('pk12util', ['-i', join(home, 'old.p12'), '-d', `sql:${firefoxA()}`, '-w', pw]);
  rmSync(join(home, 'old.p12'));
  rmSync(pw);
}, 120_000);

afterAll(async () => {
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Each host session runs in the same HOME: the databases persist between sessions, as on a real PC. */
function spawnInHome(): HostRun {
  return startHost(undefined, { HOME: home, NODE_EXTRA_CA_CERTS: rootFile });
}

describe('import into every NSS database of the user', () => {
  test('imports, verifies and backs up; the old identity stays', async () => {
    const run = spawnInHome();
    // Sample every process's command line while the import runs.
    const leaks: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
          try {
            const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            if (cmdline.includes(renewed.password)) leaks.push(cmdline.replace(/\0/g, ' '));
          } catch {
            // The process is gone.
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const tempBefore = new Set(readdirSync(tmpdir()));
    const replies = await session(run, [
      { id: 'i1', type: 'import', p12: renewed.p12.toString('base64'), password: renewed.password, fileName: renewed.fileName },
    ]);
    sampling = false;
    await sampler;
    run.cleanup();

    const reply = replies[0]!;
    expect(reply).toMatchObject({ id: 'i1', ok: true, certificate: { serialNumber: renewed.serialHex } });
    const stores = reply.stores as Array<{ store: { id: string }; ok: boolean; status: string; verified: boolean }>;
    expect(stores.map((s) => [s.store.id, s.ok, s.status, s.verified]).sort()).toEqual(
      [
        [`nss:${chromeDb()}`, true, 'imported', true],
        [`nss:${firefoxA()}`, true, 'imported', true],
        [`nss:${firefoxB()}`, true, 'imported', true],
      ].sort(),
    );
    expect(leaks).toEqual([]);

    // Backup: the original file name, 0600, in a 0700 folder, with a JSON record that holds no password.
    const backup = (reply.backup as { path: string }).path;
    expect(backup.endsWith(`/${renewed.fileName}`)).toBe(true);
    expect(readFileSync(backup)).toEqual(renewed.p12);
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    expect(statSync(join(backup, '..')).mode & 0o777).toBe(0o700);
    const record = readFileSync(`${backup}.json`, 'utf8');
    expect(record).not.toContain(renewed.password);
    expect(JSON.parse(record)).toMatchObject({ fileName: renewed.fileName, certificate: { serialNumber: renewed.serialHex } });

    // Nothing left in the temp folder, and the password in no file under HOME.
    const leftovers = readdirSync(tmpdir()).filter((name) => !tempBefore.has(name) && name.startsWith('weborca-cert-'));
    expect(leftovers).toEqual([]);
    const grep = (() => {
      try {
        return execFileSync('grep', ['-rl', renewed.password, home], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    expect(grep).toBe('');
  });

  test('lists both identities in every store; the old one is intact', async () => {
    const run = spawnInHome();
    const [reply] = await session(run, [{ id: 'l1', type: 'list' }]);
    run.cleanup();
    expect(reply).toMatchObject({ id: 'l1', ok: true, errors: [] });
    const identities = reply!.identities as Array<{
      store: { id: string };
      serialNumber: string;
      hasPrivateKey: boolean;
      subject: Record<string, string>;
      daysLeft: number;
    }>;
    const inFirefoxA = identities.filter((identity) => identity.store.id === `nss:${firefoxA()}`);
    expect(inFirefoxA.map((identity) => identity.serialNumber).sort()).toEqual([oldIdentity.serialHex, renewed.serialHex].sort());
    expect(inFirefoxA.every((identity) => identity.hasPrivateKey && identity.subject.CN === 'client1210')).toBe(true);
    expect(inFirefoxA.find((identity) => identity.serialNumber === oldIdentity.serialHex)?.daysLeft).toBe(60);
    for (const db of [chromeDb(), firefoxB()]) {
      expect(identities.filter((identity) => identity.store.id === `nss:${db}`).map((identity) => identity.serialNumber)).toEqual([renewed.serialHex]);
    }
    // NSS gives both the same nickname: exactly why nothing may ever act by nickname.
    expect(certutil(['-L', '-d', `sql:${firefoxA()}`]).match(/client1210\s+u,u,u/g)).toHaveLength(2);
  });

  test('a second import of the same file is a no-op', async () => {
    const run = spawnInHome();
    const [reply] = await session(run, [
      { id: 'i2', type: 'import', p12: renewed.p12.toString('base64'), password: renewed.password, fileName: renewed.fileName },
    ]);
    run.cleanup();
    const stores = reply!.stores as Array<{ status: string; verified: boolean }>;
    expect(stores).toHaveLength(3);
    expect(stores.every((s) => s.status === 'alreadyPresent' && s.verified)).toBe(true);
    expect(certutil(['-L', '-d', `sql:${chromeDb()}`]).match(/client1210\s+u,u,u/g)).toHaveLength(1);
  });

  test('a legacy (3DES/RC2) file imports too', async () => {
    const run = spawnInHome();
    const [reply] = await session(run, [
      { id: 'i3', type: 'import', p12: legacyRenewed.p12.toString('base64'), password: legacyRenewed.password, fileName: legacyRenewed.fileName },
    ]);
    run.cleanup();
    expect(reply).toMatchObject({ ok: true, certificate: { serialNumber: legacyRenewed.serialHex } });
    expect((reply!.stores as Array<{ ok: boolean }>).every((s) => s.ok)).toBe(true);
  });

  test('a wrong password imports nothing, and the file is still backed up', async () => {
    const other = renewed; // any valid file, wrong password
    const run = spawnInHome();
    const before = certutil(['-L', '-d', `sql:${chromeDb()}`]);
    const [reply] = await session(run, [{ id: 'bad', type: 'import', p12: other.p12.toString('base64'), password: 'WRONGwrong', fileName: 'wrong.p12' }]);
    run.cleanup();
    expect(reply).toMatchObject({ id: 'bad', ok: false, error: { code: 'BAD_PASSWORD' } });
    expect(certutil(['-L', '-d', `sql:${chromeDb()}`])).toBe(before);
    const backups = join(home, '.local', 'share', 'weborca-cert', 'backups');
    expect(existsSync(join(backups, 'wrong.p12'))).toBe(true);
  });

  test('removeIdentity deletes the old identity by thumbprint only, leaving the renewed one with the same nickname', async () => {
    const list = spawnInHome();
    const [listed] = await session(list, [{ id: 'l', type: 'list' }]);
    list.cleanup();
    const old = (listed!.identities as Array<{ serialNumber: string; thumbprint: string }>).find(
      (identity) => identity.serialNumber === oldIdentity.serialHex,
    )!;
    const run = spawnInHome();
    const [reply] = await session(run, [{ id: 'rm', type: 'removeIdentity', thumbprint: old.thumbprint }]);
    run.cleanup();
    expect(reply).toMatchObject({ id: 'rm', ok: true, removed: [{ store: { id: `nss:${firefoxA()}` } }] });
    const after = spawnInHome();
    const [listedAfter] = await session(after, [{ id: 'l2', type: 'list' }]);
    after.cleanup();
    const inStore = (listedAfter!.identities as Array<{ store: { id: string }; serialNumber: string; hasPrivateKey: boolean }>).filter(
      (identity) => identity.store.id === `nss:${firefoxA()}`,
    );
    // The old key is gone, so the old certificate is no longer an identity any browser can offer.
    expect(
      inStore
        .filter((identity) => identity.hasPrivateKey)
        .map((identity) => identity.serialNumber)
        .sort(),
    ).toEqual([renewed.serialHex, legacyRenewed.serialHex].sort());
    expect(execFileSync('certutil', ['-K', '-d', `sql:${firefoxA()}`], { encoding: 'utf8' }).match(/client1210/g)).toHaveLength(2);
  });
});
