/**
 * `weborca-cert import` through the same gate as the browser (issue 12), run as the built CLI against real NSS and
 * the simulator: forged and foreign files are refused with their code and a Japanese (or English) next step; only a
 * regular file is read (never a symlink, a FIFO, a folder), and only a PKCS#12 file is backed up, never over an
 * existing backup; control and bidi characters never reach the terminal or a backup's name; a PC with no WebORCA
 * identity (a vendor's first install) is imported with a notice, `--no-handshake` only with another.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createForgingCa } from '../simulator/forged';
import { createHostWorld, type HostWorld } from '../helpers/host-world';

let world: HostWorld;
const backupsDir = (w: HostWorld): string => join(w.home, '.local', 'share', 'weborca-cert', 'backups');
const backups = (w: HostWorld): string[] => (existsSync(backupsDir(w)) ? readdirSync(backupsDir(w)) : []);
function keyCount(w: HostWorld): number {
  try {
    return execFileSync('certutil', ['-K', '-d', `sql:${w.db}`, '-f', '/dev/null'], { encoding: 'utf8', stdio: 'pipe' })
      .split('\n')
      .filter((line) => /^<\s*\d+>/.test(line)).length;
  } catch {
    return 0; // certutil fails when the database holds no key at all (or does not exist yet)
  }
}
const RAW_UNSAFE = /[\u001b\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function save(w: HostWorld, name: string, bytes: Buffer | string): string {
  const dir = join(w.home, 'downloads');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

beforeAll(async () => {
  world = await createHostWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

describe('refused by the checks, nothing imported', () => {
  test('a forged replacement: UNTRUSTED_ISSUER, in Japanese by default and in English for an English terminal', async () => {
    const forged = await (await createForgingCa(world.pki, 'otherRoot')).issueClient();
    const file = save(world, forged.fileName, forged.p12);
    const keys = keyCount(world);
    const ja = await world.cli(['import', file, '--password-stdin'], `${forged.password}\n`);
    expect(ja.code).toBe(1);
    expect(ja.stderr).toContain('UNTRUSTED_ISSUER');
    expect(ja.stderr).toContain('安全のため取り込みません');
    const en = await world.cli(['import', file, '--password-stdin', '--no-handshake'], `${forged.password}\n`, { LANG: 'en_US.UTF-8' });
    expect(en.code).toBe(1);
    expect(en.stderr).toContain('is not signed by the certificate authority that issued the certificate in use');
    expect(keyCount(world)).toBe(keys);
  });

  test('another clinic: SUBJECT_MISMATCH; --json gives the protocol error body', async () => {
    const other = await world.pki.issueClient({ subject: { O: 'u00000999', CN: 'client9999' } });
    const result = await world.cli(['import', save(world, other.fileName, other.p12), '--password-stdin', '--json'], `${other.password}\n`);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: 'SUBJECT_MISMATCH', params: { current: 'client1210 / u00000126' }, message: expect.stringContaining('別の医療機関') },
    });
  });
});

describe('only a regular PKCS#12 file is read and backed up', () => {
  test('a symlink (even to a good file), a FIFO and a folder are refused before anything is read or saved', async () => {
    const renewed = await world.pki.issueClient({});
    const good = save(world, 'good.p12', renewed.p12);
    const link = join(world.home, 'downloads', 'link.p12');
    symlinkSync(good, link);
    const fifo = join(world.home, 'downloads', 'fifo.p12');
    execFileSync('mkfifo', [fifo]);
    const before = backups(world);
    for (const [path, key] of [
      [link, 'シンボリックリンク'],
      [fifo, '通常のファイルではない'],
      [join(world.home, 'downloads'), '通常のファイルではない'],
    ] as const) {
      const result = await world.cli(['import', path, '--password-stdin'], `${renewed.password}\n`);
      expect(result.code, path).toBe(1);
      expect(result.stderr, path).toContain('FILE_REFUSED');
      expect(result.stderr, path).toContain(key);
    }
    expect(backups(world)).toEqual(before);
  });

  test('a file that is not PKCS#12 is not backed up', async () => {
    const before = backups(world);
    const result = await world.cli(['import', save(world, 'shadow.p12', 'root:$6$secret:19000:0:99999:7:::\n'), '--password-stdin'], 'x\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NOT_PKCS12');
    expect(backups(world)).toEqual(before);
  });
});

describe('names from outside', () => {
  test('control and bidi characters in a path are escaped in the output and never kept in the backup name', async () => {
    const renewed = await world.pki.issueClient({});
    const name = 'evil\u001b[31m\u202egp1.exe\u2066.p12';
    const file = save(world, name, renewed.p12);
    const human = await world.cli(['import', file, '--password-stdin'], `${renewed.password}\n`);
    expect(human.code).toBe(0);
    expect(human.stdout + human.stderr).not.toMatch(RAW_UNSAFE);
    // A refusal echoes the path it refused: escaped.
    const link = join(world.home, 'downloads', `link-${name}`);
    symlinkSync(file, link);
    const refused = await world.cli(['import', link]);
    expect(refused.stderr).not.toMatch(RAW_UNSAFE);
    expect(refused.stderr).toContain('evil\\u{001B}[31m\\u{202E}gp1.exe\\u{2066}.p12');
    const saved = backups(world).find((entry) => entry.startsWith('evil') && entry.endsWith('.p12'));
    expect(saved).toBe('evil_[31m_gp1.exe_.p12');
    expect(backups(world).join('')).not.toMatch(RAW_UNSAFE);

    const json = await world.cli(['import', file, '--password-stdin', '--json'], `${renewed.password}\n`);
    expect(json.stdout).not.toMatch(RAW_UNSAFE);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, backup: { path: join(backupsDir(world), saved!) } });
  });

  test('a backup is never written over an existing file of that name', async () => {
    const renewed = await world.pki.issueClient({});
    mkdirSync(backupsDir(world), { recursive: true });
    writeFileSync(join(backupsDir(world), renewed.fileName), "someone else's file");
    const result = await world.cli(['import', save(world, renewed.fileName, renewed.p12), '--password-stdin', '--json'], `${renewed.password}\n`);
    expect(result.code).toBe(0);
    expect(readFileSync(join(backupsDir(world), renewed.fileName), 'utf8')).toBe("someone else's file");
    const second = renewed.fileName.replace(/\.p12$/, ' (2).p12');
    expect((JSON.parse(result.stdout) as { backup: { path: string } }).backup.path).toBe(join(backupsDir(world), second));
    expect(readFileSync(join(backupsDir(world), second))).toEqual(renewed.p12);
  });
});

describe("a vendor's first install (no WebORCA identity on the PC)", () => {
  let empty: HostWorld;
  beforeAll(async () => {
    empty = await createHostWorld({ withCurrent: false });
  }, 120_000);
  afterAll(async () => {
    await empty?.close();
  });

  test("a certificate not issued by WebORCA's CA (self-signed, the clinic's name): NOT_WEBORCA_ISSUER, nothing written", async () => {
    const dir = join(empty.home, 'self-signed');
    mkdirSync(dir, { recursive: true });
    const openssl = (args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '400', '-subj', '/C=JP/O=u00000126/CN=client1210']);
    openssl(['pkcs12', '-export', '-inkey', 'k.pem', '-in', 'c.pem', '-out', 'self.p12', '-passout', 'pass:Ab3dEf9hJk']);
    const keys = keyCount(empty);
    const ja = await empty.cli(['import', join(dir, 'self.p12'), '--password-stdin', '--no-handshake'], 'Ab3dEf9hJk\n');
    expect(ja.code).toBe(1);
    expect(ja.stderr).toContain('NOT_WEBORCA_ISSUER');
    expect(ja.stderr).toContain('発行者が「Intermediate CA」ではなく「client1210」です');
    const en = await empty.cli(['import', join(dir, 'self.p12'), '--password-stdin', '--json'], 'Ab3dEf9hJk\n', { LANG: 'en_US.UTF-8' });
    expect(JSON.parse(en.stdout)).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_WEBORCA_ISSUER',
        params: { expected: 'Intermediate CA', issuer: 'client1210' },
        message: expect.stringContaining('Not a WebORCA client certificate'),
      },
    });
    expect(keyCount(empty)).toBe(keys);
  });

  test('imported after the handshake, with a notice that there was nothing to compare with; listed as verified', async () => {
    const first = await empty.pki.issueClient({});
    const result = await empty.cli(['import', save(empty, first.fileName, first.p12), '--password-stdin'], `${first.password}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('比較（同じ名義・同じ認証局・より新しい）はできませんでした');
    expect(result.stdout).toContain(`接続確認: ${empty.sim.weborcaOrigin}`);
    const listed = JSON.parse((await empty.cli(['list', '--json'])).stdout) as { identities: Array<{ serialNumber: string; verified: boolean }> };
    expect(listed.identities).toEqual([expect.objectContaining({ serialNumber: first.serialHex, verified: true })]);
  });

  test('--no-handshake (offline): imported with its own notice, and not marked verified', async () => {
    empty.configure({ weborcaOrigins: ['https://weborca.localhost:9'] });
    const first = (JSON.parse((await empty.cli(['list', '--json'])).stdout) as { identities: Array<{ notAfter: string }> }).identities[0]!;
    const other = await empty.pki.issueClient({ notAfter: new Date(Date.parse(first.notAfter) + 60_000) });
    const offline = await empty.cli(['import', save(empty, other.fileName, other.p12), '--password-stdin', '--no-handshake'], `${other.password}\n`);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('接続確認をせずに取り込みます');
    const listed = JSON.parse((await empty.cli(['list', '--json'])).stdout) as { identities: Array<{ serialNumber: string; verified: boolean }> };
    expect(listed.identities.find((identity) => identity.serialNumber === other.serialHex)).toMatchObject({ verified: false });
  });

  test("--no-handshake is the CLI's only: the native request has no such key", async () => {
    const first = await empty.pki.issueClient({});
    const [reply] = await empty.ask([
      { id: 'n', type: 'import', p12: first.p12.toString('base64'), password: first.password, fileName: first.fileName, noHandshake: true },
    ]);
    expect(reply).toMatchObject({ id: 'n', ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
