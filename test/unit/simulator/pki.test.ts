import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { type ClientIdentity, DAY_MS, type TestPki, createTestPki, daysLeft, p12FileName } from '../../simulator/index';
import { opensslPkcs12, opensslX509, run } from './helpers';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

let pki: TestPki;
let sixty: ClientIdentity;

beforeAll(async () => {
  pki = await createTestPki();
  sixty = await pki.issueClient({ daysLeft: 60 });
});

async function verifyChain(leafPem: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-pki-'));
  try {
    await writeFile(join(dir, 'root.pem'), pki.rootCertPem);
    await writeFile(join(dir, 'int.pem'), pki.intermediateCertPem);
    await writeFile(join(dir, 'leaf.pem'), leafPem);
    const r = await run('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'int.pem'), join(dir, 'leaf.pem')]);
    return r.stdout + r.stderr;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('test PKI', () => {
  test('root → Intermediate CA', () => {
    const root = new X509Certificate(pki.rootCertPem);
    const intermediate = new X509Certificate(pki.intermediateCertPem);
    expect(root.subject).toBe('CN=WebORCA Simulator Root CA');
    expect(root.ca).toBe(true);
    expect(intermediate.subject).toBe('CN=Intermediate CA');
    expect(intermediate.issuer).toBe('CN=WebORCA Simulator Root CA');
    expect(intermediate.ca).toBe(true);
    expect(intermediate.verify(root.publicKey)).toBe(true);
  });

  test('client certificate: subject, issuer, extensions, chain', async () => {
    const cert = new X509Certificate(sixty.certPem);
    expect(cert.subject).toBe('C=JP\nO=u00000126\nCN=client1210');
    expect(cert.issuer).toBe('CN=Intermediate CA');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert.verify(new X509Certificate(pki.intermediateCertPem).publicKey)).toBe(true);
    const text = (await opensslX509(sixty.certPem, ['-text'])).stdout;
    expect(text).toContain('CA:FALSE');
    expect(text).toContain('Digital Signature, Key Encipherment');
    expect(text).toContain('TLS Web Client Authentication');
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(text).toContain('sha256WithRSAEncryption');
    expect(await verifyChain(sixty.certPem)).toContain(': OK');
  });

  test('serials are small, unique, real-looking; file names carry them in decimal', async () => {
    const more = await Promise.all([pki.issueClient(), pki.issueClient({ mode: 'legacy' })]);
    const all = [sixty, ...more];
    for (const id of all) {
      expect(id.serialHex).toMatch(/^(0[1-9A-F]|[1-7][0-9A-F])[0-9A-F]{2}$/);
      expect(new X509Certificate(id.certPem).serialNumber.toUpperCase()).toBe(id.serialHex);
      expect(id.fileName).toMatch(/^\d{6}__JP_u00000126_client1210\.p12$/);
      expect(Number(id.fileName.slice(0, 6))).toBe(Number.parseInt(id.serialHex, 16));
      expect(id.password).toMatch(/^[A-Za-z0-9]{10}$/);
    }
    expect(new Set(all.map((i) => i.serialHex)).size).toBe(all.length);
    expect(new Set(all.map((i) => i.password)).size).toBe(all.length);
  });

  test('the manual’s example: serial 114F is file 004431__JP_u00000126_client1210.p12', () => {
    expect(p12FileName('114F', { O: 'u00000126', CN: 'client1210' })).toBe('004431__JP_u00000126_client1210.p12');
  });

  test('a forced serial with the top bit set keeps a leading 00 (positive DER INTEGER)', async () => {
    const id = await pki.issueClient({ serialHex: '81A2' });
    expect(id.serialHex).toBe('0081A2');
    expect(id.fileName).toBe('033186__JP_u00000126_client1210.p12');
    await expect(pki.issueClient({ serialHex: '0081a2' })).rejects.toThrow(/already used/);
  });

  test('daysLeft: notAfter ≈ now + N days, notBefore = notAfter − 3 years, whole seconds', () => {
    const now = Date.now();
    expect(daysLeft(sixty.notAfter)).toBe(60);
    expect(sixty.notAfter.getTime() - now).toBeGreaterThan(60 * DAY_MS);
    expect(sixty.notAfter.getTime() - now).toBeLessThan(60 * DAY_MS + 11 * 60_000);
    const expected = new Date(sixty.notAfter);
    expected.setUTCFullYear(expected.getUTCFullYear() - 3);
    expect(sixty.notBefore.toISOString()).toBe(expected.toISOString());
    expect(sixty.notAfter.getMilliseconds()).toBe(0);
    const cert = new X509Certificate(sixty.certPem);
    expect(new Date(cert.validTo).toISOString()).toBe(sixty.notAfter.toISOString());
    expect(new Date(cert.validFrom).toISOString()).toBe(sixty.notBefore.toISOString());
  });

  test('expired and explicit-date certificates; custom subject', async () => {
    const expired = await pki.issueClient({ daysLeft: -5, subject: { O: 'u00000777', CN: 'client0777' } });
    expect(daysLeft(expired.notAfter)).toBe(-5);
    expect(expired.fileName).toMatch(/^\d{6}__JP_u00000777_client0777\.p12$/);
    expect(new X509Certificate(expired.certPem).subject).toBe('C=JP\nO=u00000777\nCN=client0777');
    expect(await verifyChain(expired.certPem)).toMatch(/certificate has expired/);

    const notAfter = new Date('2030-04-01T00:00:00Z');
    const fixed = await pki.issueClient({ notAfter });
    expect(fixed.notAfter.toISOString()).toBe('2030-04-01T00:00:00.000Z');
    expect(fixed.notBefore.toISOString()).toBe('2027-04-01T00:00:00.000Z');
  });

  test('aes PKCS#12: PBES2/AES-256-CBC, MAC SHA-256, leaf + intermediate', async () => {
    const info = await opensslPkcs12(sixty.p12, sixty.password, ['-info', '-nokeys']);
    expect(info.code).toBe(0);
    expect(info.stderr).toContain('MAC: sha256');
    expect(info.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
    expect(info.stderr).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC/);
    expect(info.stdout).toContain('subject=C = JP, O = u00000126, CN = client1210');
    expect(info.stdout).toContain('subject=CN = Intermediate CA');
    const wrong = await opensslPkcs12(sixty.p12, 'not-it', ['-nokeys']);
    expect(wrong.code).not.toBe(0);
  });

  test('legacy PKCS#12: 3DES key bag, RC2-40 certificates, MAC SHA-1', async () => {
    const legacy = await pki.issueClient({ mode: 'legacy' });
    const info = await opensslPkcs12(legacy.p12, legacy.password, ['-info', '-nodes'], true);
    expect(info.code).toBe(0);
    expect(info.stderr).toContain('MAC: sha1');
    expect(info.stderr).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC');
    expect(info.stderr).toContain('PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC');
    expect(info.stdout).toContain('subject=CN = Intermediate CA');
  });

  test('server certificate for both virtual hosts', async () => {
    const cert = new X509Certificate(pki.server.certPem);
    expect(cert.subjectAltName).toContain('DNS:weborca.localhost');
    expect(cert.subjectAltName).toContain('DNS:orcamo.localhost');
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    expect(cert.checkHost('weborca.localhost')).toBe('weborca.localhost');
    expect(await verifyChain(pki.server.certPem)).toContain(': OK');
  });
});
