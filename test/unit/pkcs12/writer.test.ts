/**
 * The PKCS#12 writer (src/lib/pkcs12/writer.ts), shared by the macOS and NSS stores for the re-wrap: real OpenSSL and
 * real NSS read what it writes, our own reader gets exactly the given certificate, key and CA certificates back, and
 * only with the one-time password.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { randomOneTimePassword, readPkcs12, writeLegacyPkcs12 } from '../../../src/lib/pkcs12/index';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'stores', 'certs');
const pemToDer = (name: string): Uint8Array =>
  new Uint8Array(Buffer.from(readFileSync(join(FIXTURES, name), 'utf8').replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
const ONE_TIME = 'OneTimePassword_0123456789ab';
const contents = {
  certificateDer: pemToDer('new-client.pem'),
  privateKeyPkcs8: pemToDer('new-client.key.pem'),
  chainDer: [pemToDer('intermediate.pem')],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'weborca-writer-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('legacy PKCS#12 writer', () => {
  test('OpenSSL reads it as 3DES + SHA-1 MAC, and gets our certificate and key back', async () => {
    const file = join(dir, 'out.p12');
    writeFileSync(file, await writeLegacyPkcs12({ ...contents, friendlyName: 'client1210' }, ONE_TIME));
    const env = { ...process.env, P12PASS: ONE_TIME };
    const info = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'env:P12PASS', '-info', '-nodes'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const certs = [...info.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
    const sha1 = (der: Uint8Array): string => createHash('sha1').update(der).digest('hex').toUpperCase();
    expect(certs.map((c) => c.fingerprint.replace(/:/g, ''))).toEqual([sha1(contents.certificateDer), sha1(contents.chainDer[0]!)]);
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/.exec(info)![0];
    expect(createPrivateKey(key).export({ format: 'der', type: 'pkcs8' }).equals(Buffer.from(contents.privateKeyPkcs8))).toBe(true);
    expect(info).toContain('friendlyName: client1210');
    const details = execFileSync('sh', ['-c', 'openssl pkcs12 -in "$0" -passin env:P12PASS -info -noout 2>&1', file], { env, encoding: 'utf8' });
    expect(details).toContain('MAC: sha1, Iteration 2048');
    expect(details).toContain('PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(details).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(() => execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:wrong', '-noout'], { stdio: 'ignore' })).toThrow();
  });

  test('NSS (pk12util) accepts it too', async () => {
    const file = join(dir, 'out.p12');
    writeFileSync(file, await writeLegacyPkcs12(contents, ONE_TIME));
    const passwordFile = join(dir, 'pw');
    writeFileSync(passwordFile, ONE_TIME, { mode: 0o600 });
    const listing = execFileSync('pk12util', ['-l', file, '-w', passwordFile], { encoding: 'utf8' });
    expect(listing).toContain('PBE With SHA-1 And 3KEY Triple DES-CBC');
    expect(listing).toContain('client1210');
  });

  test('our reader gets back exactly the certificate, the key and the CA certificates given; nothing else', async () => {
    for (const chainDer of [[], contents.chainDer]) {
      const p12 = await writeLegacyPkcs12({ ...contents, chainDer }, ONE_TIME);
      const read = await readPkcs12(p12, ONE_TIME, { now: new Date('2026-01-15T00:00:00Z') });
      if (!read.ok) throw new Error(read.error.code);
      expect(read.report.privateKey).toEqual({ present: true, matchesCertificate: true });
      expect(Buffer.from(read.material.certificateDer)).toEqual(Buffer.from(contents.certificateDer));
      expect(Buffer.from(read.material.privateKeyPkcs8!)).toEqual(Buffer.from(contents.privateKeyPkcs8));
      expect(read.material.chainDer.map((der) => Buffer.from(der))).toEqual(chainDer.map((der) => Buffer.from(der)));
      expect((await readPkcs12(p12, 'not-the-one-time-password')).ok).toBe(false);
    }
  });

  test('fresh salts and a fresh one-time password every time; pinned randomness gives the same bytes', async () => {
    const a = await writeLegacyPkcs12(contents, ONE_TIME);
    const b = await writeLegacyPkcs12(contents, ONE_TIME);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    const pinned = (): ((n: number) => Uint8Array) => (n) => new Uint8Array(n).fill(7);
    expect(Buffer.from(await writeLegacyPkcs12(contents, ONE_TIME, { random: pinned() }))).toEqual(
      Buffer.from(await writeLegacyPkcs12(contents, ONE_TIME, { random: pinned() })),
    );
    const passwords = new Set(Array.from({ length: 50 }, () => randomOneTimePassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
