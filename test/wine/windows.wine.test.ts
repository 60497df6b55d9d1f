/**
 * Windows for real, under Wine (issue 13, docs/windows.md): the MSI built by `npm run test:wine` (scripts/build-msi.ts)
 * installed silently into a fresh prefix; the registry read as Chrome reads it; the installed weborca-cert.exe
 * started as Chrome on Windows starts it, from the Windows-side harness with Windows pipes, exchanging real frames;
 * the CLI with its exit codes through Wine; then the uninstall. The story is a clinic's: the certificate in use
 * (legacy 3DES/RC2 file, 60 days left) is installed by the vendor with the CLI, proven by a handshake with the
 * simulator on Linux loopback; the renewal (AES file) then comes from the browser and passes the host's gate (same O
 * and CN, later expiry, signed by the issuer of the one in use, proven) before crypt32 imports it into
 * CurrentUser\MY; a look-alike and a first import from the browser are refused with nothing written. Where Wine
 * differs from Windows, the test says so; the unit tests' fake binding (test/unit/stores-windows.test.ts) gives
 * Windows' own answers.
 */
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { msiPath } from '../../scripts/build-msi';
import { developmentExtensionId } from '../../scripts/extension-id';
import { FIREFOX_ADDON_ID } from '../../native-host/src/build-info';
import { createForgingCa } from '../simulator/forged';
import { WEBORCA_ISSUER_CN } from '../../src/lib/site';
import { startSimulator, type ClientIdentity, type Simulator } from '../simulator/index';
import type { ChromeLaunchResult, HarnessResult } from './harness';
import { createWineWorld, WORK_WIN, type WineWorld } from './world';

const ORIGIN = `chrome-extension://${developmentExtensionId()}/`;
const HOST = 'weborca_cert_companion';
const VENDOR_KEYS = ['Google\\Chrome', 'Chromium', 'Microsoft\\Edge', 'BraveSoftware\\Brave-Browser', 'Mozilla'];
const keyOf = (vendor: string): string => `HKCU\\Software\\${vendor}\\NativeMessagingHosts\\${HOST}`;
const CHROME_KEY = keyOf('Google\\Chrome');
const MSI = msiPath();

let world: WineWorld;
let sim: Simulator;
/** The certificate in use: legacy (3DES/RC2), 60 days left. */
let legacy: ClientIdentity;
/** Its renewal: AES, 400 days left, from the same Intermediate CA. */
let aes: ClientIdentity;
/** A look-alike renewal: the clinic's subject, the genuine intermediate shipped as chain, signed by another key. */
let forged: ClientIdentity;
let ecP12: Buffer;
const EC_PASSWORD = 'Ec3dEf9hJk';
let localAppData: string;
let programDir: string;
let installedExe: string;

const thumbprint = (identity: ClientIdentity): string => new X509Certificate(identity.certPem).fingerprint.replace(/:/g, '');
const b64 = (bytes: Buffer): string => bytes.toString('base64');

const SIMULATOR_ROOT = { NODE_EXTRA_CA_CERTS: `${WORK_WIN}\\root.pem` };

/** One Chrome-style host session (cmd.exe /d /s /c …) with these frames, as the Chrome key's registration says. */
async function chromeSession(frames: unknown[]): Promise<ChromeLaunchResult> {
  const [result] = await world.harness([{ kind: 'chromeLaunch', registryKey: CHROME_KEY, origin: ORIGIN, frames, env: SIMULATOR_ROOT }]);
  const launch = result as Extract<HarnessResult, { kind: 'chromeLaunch' }>;
  expect(launch.error, `${launch.error}\nstderr: ${launch.stderr}`).toBeNull();
  expect(launch.exitCode).toBe(0);
  return launch;
}

async function registry(keys: string[]): Promise<Record<string, string | null>> {
  return ((await world.harness([{ kind: 'registry', keys }]))[0] as Extract<HarnessResult, { kind: 'registry' }>).values;
}

/**
 * An EC (P-256) client identity made by openssl, under an openssl CA named like WebORCA's issuer: Windows imports its
 * key into CNG; Wine cannot (RSA only).
 */
function makeEcP12(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'weborca-ec-'));
  try {
    const openssl = (args: string[]): void => {
      const result = spawnSync('openssl', args, { cwd: dir, env: { ...process.env, PW: EC_PASSWORD }, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`openssl ${args[0]}: ${result.stderr}`);
    };
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '800',
      '-subj',
      `/CN=${WEBORCA_ISSUER_CN}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]);
    openssl([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'leaf.csr',
      '-subj',
      '/C=JP/O=u00000126/CN=client1210',
    ]);
    writeFileSync(join(dir, 'leaf.ext'), 'extendedKeyUsage=clientAuth\nbasicConstraints=critical,CA:FALSE\n');
    openssl([
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '400',
      '-extfile',
      'leaf.ext',
      '-out',
      'cert.pem',
    ]);
    openssl(['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-certfile', 'ca.pem', '-out', 'ec.p12', '-passout', 'env:PW']);
    return readFileSync(join(dir, 'ec.p12'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  if (!existsSync(MSI)) throw new Error(`${MSI} is missing: run \`npm run test:wine\` (it builds the executable and the MSI first)`);
  // Started before the prefix: the simulator's PKI takes a second, wineboot ten.
  sim = await startSimulator({ host: '127.0.0.1' });
  legacy = await sim.issueClient({ mode: 'legacy', daysLeft: 60 });
  aes = await sim.issueClient({ mode: 'aes', daysLeft: 400 });
  forged = await (await createForgingCa(sim.pki, 'sameKeyId')).issueWithGenuineChain({ notAfter: aes.notAfter });
  ecP12 = makeEcP12();
  world = createWineWorld();
  writeFileSync(join(world.work, 'weborca-cert-companion.msi'), readFileSync(MSI));
  writeFileSync(join(world.work, 'legacy.p12'), legacy.p12);
  writeFileSync(join(world.work, 'aes.p12'), aes.p12);
  writeFileSync(join(world.work, 'ec.p12'), ecP12);
  writeFileSync(join(world.work, 'root.pem'), sim.pki.rootCertPem);
  const [machine] = await world.harness([{ kind: 'testMachine', extraOrigins: [sim.weborcaOrigin] }]);
  localAppData = (machine as Extract<HarnessResult, { kind: 'testMachine' }>).localAppData;
  programDir = `${localAppData}\\Programs\\WebORCA Cert Companion`;
  installedExe = `${programDir}\\weborca-cert.exe`;
}, 300_000);

afterAll(async () => {
  world?.dispose();
  await sim?.close();
});

describe('the MSI', () => {
  test('msiexec /i … /qn installs per user under %LOCALAPPDATA%\\Programs, silently, without an administrator', async () => {
    const install = world.run('msiexec', ['/i', `${WORK_WIN}\\weborca-cert-companion.msi`, '/qn']);
    expect(install.status).toBe(0);
    for (const file of ['weborca-cert.exe', 'koffi.node', 'weborca_cert_companion.json', 'weborca_cert_companion.firefox.json']) {
      expect(existsSync(world.linuxPath(`${programDir}\\${file}`)), file).toBe(true);
    }
    // Apps & features lists it (Wine's uninstaller reads the same Uninstall data).
    expect(world.run('uninstaller', ['--list']).stdout).toContain('WebORCA Cert Companion');
  });

  test('the registry as Chrome reads it: every browser key → our manifest; Chromium-family allowed_origins, Firefox allowed_extensions', async () => {
    const values = await registry(VENDOR_KEYS.map(keyOf));
    for (const vendor of VENDOR_KEYS) {
      const manifestPath = values[keyOf(vendor)];
      expect(manifestPath, vendor).toBe(`${programDir}\\${vendor === 'Mozilla' ? 'weborca_cert_companion.firefox.json' : 'weborca_cert_companion.json'}`);
      const manifest = JSON.parse(readFileSync(world.linuxPath(manifestPath!), 'utf8')) as Record<string, unknown>;
      expect(manifest).toMatchObject({ name: HOST, type: 'stdio', path: 'weborca-cert.exe' });
      if (vendor === 'Mozilla') expect(manifest.allowed_extensions).toEqual([FIREFOX_ADDON_ID]);
      else expect(manifest.allowed_origins).toEqual([ORIGIN]);
    }
  });
});

describe('the host, started as Chrome on Windows starts it', () => {
  test('cmd.exe /d /s /c ""<path>" chrome-extension://ID/ --parent-window=0" answers hello with platform win32', async () => {
    const session = await chromeSession([{ id: 'h1', type: 'hello' }]);
    expect(session.commandLine).toBe(`"${installedExe}" ${ORIGIN} --parent-window=0`);
    expect(session.replies[0]).toMatchObject({ id: 'h1', ok: true, platform: 'win32', protocol: 1, stores: ['windows'], node: expect.stringMatching(/^22\./) });
    expect(session.replies[0]!.tools).not.toHaveProperty('powershell');
  });

  test('inspect reads the legacy (3DES/RC2) and the AES file', async () => {
    const session = await chromeSession([
      { id: 'i1', type: 'inspect', p12: b64(legacy.p12), password: legacy.password },
      { id: 'i2', type: 'inspect', p12: b64(aes.p12), password: aes.password },
    ]);
    for (const [index, identity] of [legacy, aes].entries()) {
      expect(session.replies[index]).toMatchObject({
        ok: true,
        certificate: { serialNumber: identity.serialHex, subject: { CN: 'client1210' } },
        privateKey: { present: true, matchesCertificate: true },
      });
    }
  });

  test('verifyLogin from inside Wine to the simulator on Linux loopback: the handshake with the new identity is accepted', async () => {
    const seenBefore = sim.presentedSerials('weborca').length;
    const session = await chromeSession([{ id: 'v1', type: 'verifyLogin', origin: sim.weborcaOrigin, p12: b64(aes.p12), password: aes.password }]);
    expect(session.replies[0]).toMatchObject({ id: 'v1', ok: true, accepted: true, certificate: { serialNumber: aes.serialHex } });
    expect(sim.presentedSerials('weborca').slice(seenBefore)).toContain(aes.serialHex);
  });

  test('Wine only: an EC key makes PFXImportCertStore return NULL with GetLastError 0 → IMPORT_FAILED 0x00000000 (Windows imports it into CNG: the fake binding covers that)', async () => {
    // The CLI, offline (--no-handshake), with nothing in the store to compare with: the checks pass, crypt32 decides.
    const run = world.run(installedExe, ['import', `${WORK_WIN}\\ec.p12`, '--password-stdin', '--json', '--no-handshake'], { stdin: EC_PASSWORD });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      error: { code: 'IMPORT_FAILED', message: expect.stringContaining('0x00000000') },
      notices: ['nothingToCompare', 'noHandshake'],
    });
  });

  test('the gate: from the browser, with no certificate in use to compare with, nothing is imported (NO_CURRENT_IDENTITY); the file is backed up', async () => {
    const session = await chromeSession([
      { id: 'g1', type: 'import', p12: b64(aes.p12), password: aes.password, fileName: aes.fileName },
      { id: 'g2', type: 'list' },
    ]);
    const [refused, listed] = session.replies;
    expect(refused).toMatchObject({ ok: false, error: { code: 'NO_CURRENT_IDENTITY' } });
    expect(listed).toMatchObject({ ok: true, identities: [], errors: [] });
    expect(world.run('reg', ['query', 'HKCU\\Software\\Microsoft\\SystemCertificates\\MY\\Certificates']).stdout.toUpperCase()).not.toContain(thumbprint(aes));
  });

  test("the vendor's first install with the CLI: the legacy file, proven by a handshake with the simulator, into CurrentUser\\MY through crypt32", async () => {
    const run = await world.runAsync(installedExe, ['import', `${WORK_WIN}\\legacy.p12`, '--password-stdin', '--json'], {
      stdin: `${legacy.password}\r\n`,
      env: SIMULATOR_ROOT,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      certificate: { thumbprint: thumbprint(legacy) },
      proof: { origin: sim.weborcaOrigin },
      notices: ['nothingToCompare'],
      stores: [{ ok: true, status: 'imported', verified: true, store: { id: 'windows:CurrentUser\\My' } }],
    });
  });

  test('the renewal from the browser: a look-alike is refused before any store; the AES file passes the gate (checked, proven) and is imported; list shows both with their keys', async () => {
    const session = await chromeSession([
      { id: 'f1', type: 'import', p12: b64(forged.p12), password: forged.password, fileName: forged.fileName },
      { id: 'm2', type: 'import', p12: b64(aes.p12), password: aes.password, fileName: aes.fileName },
      { id: 'l1', type: 'list' },
    ]);
    const [forgedImport, aesImport, after] = session.replies;
    expect(forgedImport).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_ISSUER' } });
    expect(aesImport).toMatchObject({
      ok: true,
      certificate: { thumbprint: thumbprint(aes) },
      stores: [{ ok: true, status: 'imported', verified: true, store: { id: 'windows:CurrentUser\\My' } }],
    });
    // The backup is written before the checks (the refused file's too), in the data folder the MSI never touches.
    const backup = (aesImport as { backup: { path: string } }).backup.path;
    expect(backup.startsWith(`${localAppData}\\WebORCA Cert Companion\\backups\\`)).toBe(true);
    expect(existsSync(world.linuxPath(backup))).toBe(true);
    expect(existsSync(world.linuxPath(`${localAppData}\\WebORCA Cert Companion\\backups\\${forged.fileName}`))).toBe(true);
    // Both proven in a handshake with the simulator (the CLI's and this import's proof), and recorded so.
    const listed = (after as { identities: Array<{ thumbprint: string; hasPrivateKey: boolean; verified: boolean }> }).identities;
    expect(listed.map((i) => [i.thumbprint, i.hasPrivateKey, i.verified]).sort()).toEqual(
      [
        [thumbprint(legacy), true, true],
        [thumbprint(aes), true, true],
      ].sort(),
    );
    // Where Windows keeps them: HKCU\Software\Microsoft\SystemCertificates\MY\Certificates\<SHA-1>.
    const certificates = world.run('reg', ['query', 'HKCU\\Software\\Microsoft\\SystemCertificates\\MY\\Certificates']).stdout.toUpperCase();
    expect(certificates).toContain(thumbprint(legacy));
    expect(certificates).toContain(thumbprint(aes));
    expect(certificates).not.toContain(thumbprint(forged));
    // Nothing went to the trusted roots (the file's chain is never imported there).
    expect(world.run('reg', ['query', 'HKCU\\Software\\Microsoft\\SystemCertificates\\Root\\Certificates']).stdout.toUpperCase()).not.toContain(
      new X509Certificate(sim.pki.rootCertPem).fingerprint.replace(/:/g, ''),
    );
  });
});

describe('the CLI under Wine (exit codes pass through)', () => {
  test('inspect: 0 with the report, 1 for a wrong password, 2 for a usage error', async () => {
    const ok = world.run(installedExe, ['inspect', `${WORK_WIN}\\aes.p12`, '--password-stdin', '--json'], { stdin: `${aes.password}\r\n` });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, certificate: { serialNumber: aes.serialHex }, problems: [] });
    const wrong = world.run(installedExe, ['inspect', `${WORK_WIN}\\aes.p12`, '--password-stdin', '--json'], { stdin: 'not-the-password' });
    expect(wrong.status).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, error: { code: 'BAD_PASSWORD' } });
    expect(world.run(installedExe, ['inspect']).status).toBe(2);
  });

  test('list --json shows the imported identities with their keys', async () => {
    const list = world.run(installedExe, ['list', '--json']);
    expect(list.status).toBe(0);
    const identities = (JSON.parse(list.stdout) as { identities: Array<{ thumbprint: string; hasPrivateKey: boolean }> }).identities;
    expect(
      identities
        .filter((i) => i.hasPrivateKey)
        .map((i) => i.thumbprint)
        .sort(),
    ).toEqual([thumbprint(legacy), thumbprint(aes)].sort());
  });

  test('doctor: the MSI registration for Chrome and Firefox, koffi.node beside the executable; exit 0', async () => {
    const doctor = world.run(installedExe, ['doctor', '--json']);
    const report = JSON.parse(doctor.stdout) as { ok: boolean; platform: string; checks: Array<{ id: string; status: string; title: string }> };
    const status = Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
    expect(status).toMatchObject({ 'store:crypt32': 'ok', 'manifest:chrome': 'ok', 'manifest:firefox': 'ok' });
    expect(report.checks.filter((check) => check.status === 'fail')).toEqual([]);
    expect(report.platform).toBe('win32');
    expect(doctor.status).toBe(0);
  });

  test("linkage finds the vendor sample's C:\\Program Files (x86)\\Onshi\\onshi-shell.yml by default, with the certificate it names", async () => {
    const onshi = world.linuxPath('C:\\Program Files (x86)\\Onshi');
    mkdirSync(join(onshi, 'cert'), { recursive: true });
    writeFileSync(join(onshi, 'cert', 'client.pem'), aes.certPem);
    const yaml = readFileSync(new URL('../fixtures/linkage/onshi-shell.config.yml', import.meta.url), 'utf8');
    writeFileSync(join(onshi, 'onshi-shell.yml'), yaml.replaceAll('{{DIR}}', 'C:/Program Files (x86)/Onshi').replaceAll('{{PASSPHRASE}}', 'not-a-secret'));
    const linkage = world.run(installedExe, ['linkage', '--json']);
    const configs = (JSON.parse(linkage.stdout) as { configs: Array<{ tool: string; path: string; cert: { serialNumber: string | null } | null }> }).configs;
    expect(configs).toContainEqual(
      expect.objectContaining({
        tool: 'onshi-shell',
        path: 'C:\\Program Files (x86)\\Onshi\\onshi-shell.yml',
        cert: expect.objectContaining({ serialNumber: aes.serialHex }),
      }),
    );
  });
});

describe('removal and uninstall', () => {
  test('removeIdentity removes the legacy certificate; Wine keeps every key in ONE container, which the AES certificate still uses, so it is kept and still opens', async () => {
    const session = await chromeSession([
      // Already there with a key that opens (CryptAcquireCertificatePrivateKey): nothing imported again.
      { id: 'm3', type: 'import', p12: b64(aes.p12), password: aes.password, fileName: aes.fileName },
      { id: 'r1', type: 'removeIdentity', thumbprint: thumbprint(legacy) },
      { id: 'l2', type: 'list' },
      { id: 'r2', type: 'removeIdentity', thumbprint: thumbprint(legacy) },
    ]);
    const [reimport, removed, listed, again] = session.replies;
    expect(removed).toMatchObject({ ok: true, removed: [{ store: { kind: 'windows' } }] });
    expect((listed as { identities: Array<{ thumbprint: string; hasPrivateKey: boolean }> }).identities.map((i) => [i.thumbprint, i.hasPrivateKey])).toEqual([
      [thumbprint(aes), true],
    ]);
    expect(again).toMatchObject({ ok: true, removed: [] });
    expect(reimport).toMatchObject({ ok: true, stores: [{ ok: true, status: 'alreadyPresent', verified: true }] });
  });

  test('msiexec /x … /qn: program and registrations gone; backups, config.json and the certificate kept', async () => {
    const uninstall = world.run('msiexec', ['/x', `${WORK_WIN}\\weborca-cert-companion.msi`, '/qn']);
    expect(uninstall.status).toBe(0);
    expect(existsSync(world.linuxPath(programDir))).toBe(false);
    expect(Object.values(await registry(VENDOR_KEYS.map(keyOf)))).toEqual(VENDOR_KEYS.map(() => null));
    expect(world.run('uninstaller', ['--list']).stdout).not.toContain('WebORCA Cert Companion');
    const data = world.linuxPath(`${localAppData}\\WebORCA Cert Companion`);
    expect(existsSync(join(data, 'config.json'))).toBe(true);
    expect(readFileSync(join(data, 'config.json'), 'utf8')).toContain('"testSetup": true');
    expect(existsSync(join(data, 'backups'))).toBe(true);
    expect(world.run('reg', ['query', 'HKCU\\Software\\Microsoft\\SystemCertificates\\MY\\Certificates']).stdout.toUpperCase()).toContain(thumbprint(aes));
  });
});
