import { randomBytes } from 'node:crypto';
import forge from 'node-forge/lib/forge.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { problemMessage, readerMessage } from '../../../native-host/src/pkcs12-words';
import { readPkcs12, type Pkcs12Report, type Pkcs12Result } from '../../../src/lib/pkcs12/index';
import { buildPki, derUnsigned, exportP12, mergePfx, PASSWORD, toBerChunked, type Pki } from './openssl-corpus';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const CLIENT_SUBJECT = { C: 'JP', O: 'u00000126', CN: 'client1210' };
const INTERMEDIATE = { C: 'JP', O: 'Test PKI', CN: 'Intermediate CA' };
const ROOT = { C: 'JP', O: 'Test PKI', CN: 'Test Root CA' };
const CHAIN = [
  { subject: INTERMEDIATE, issuer: ROOT, serialNumber: '1001' },
  { subject: ROOT, issuer: ROOT, serialNumber: expect.stringMatching(/^[0-9A-F]+$/) },
];
const AES256 = 'PBES2-AES-256-CBC-PBKDF2-HMAC-SHA-256';

let pki: Pki;
const files: Record<string, Uint8Array> = {};

async function open(bytes: Uint8Array, password = PASSWORD): Promise<Extract<Pkcs12Result, { ok: true }>> {
  const result = await readPkcs12(bytes, password);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  // The reader holds no words: each problem is a code and its facts, and the host has a Japanese sentence for it.
  expect(JSON.stringify(result.report.problems)).not.toMatch(JAPANESE);
  for (const p of result.report.problems) expect(problemMessage(p, 'ja')).toMatch(JAPANESE);
  return result;
}

async function errorOf(bytes: Uint8Array, password = PASSWORD): Promise<string> {
  const result = await readPkcs12(bytes, password);
  if (result.ok) throw new Error('expected an error');
  // A code, its parameters and a technical detail (never words for the user); the host has the sentence.
  expect(JSON.stringify(result.error)).not.toMatch(JAPANESE);
  expect(readerMessage(result.error, 'ja')).toMatch(JAPANESE);
  expect(Object.keys(result.error).every((key) => ['code', 'params', 'detail', 'message'].includes(key))).toBe(true);
  return result.error.code;
}

const codes = (report: Pkcs12Report): string[] => report.problems.map((p) => p.code);

/**
 * Counts every cryptographic operation the reader could start: WebCrypto (PBKDF2, HMAC, AES, digests) and forge's
 * digests (the PKCS#12 KDF). "Refused before any derivation" is then a count of zero, not a wall-clock guess.
 */
function watchCryptoWork(): { calls: () => number; restore: () => void } {
  const subtle = globalThis.crypto.subtle;
  const spies = [
    ...(['deriveBits', 'deriveKey', 'importKey', 'sign', 'verify', 'decrypt', 'digest'] as const).map((name) => vi.spyOn(subtle, name)),
    ...(['sha1', 'sha256', 'sha384', 'sha512'] as const).map((name) =>
      vi.spyOn((forge as unknown as { md: Record<string, { create: () => unknown }> }).md[name]!, 'create'),
    ),
  ];
  return {
    calls: () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

beforeAll(() => {
  pki = buildPki();
  const full = (name: string, cert: string, key: string, extra: string[] = []): void => {
    files[name] = exportP12(pki, name, ['-in', cert, '-inkey', key, '-certfile', pki.chain, ...extra]);
  };
  full('modern', 'client.crt', 'client.key');
  full('legacy', 'client.crt', 'client.key', ['-legacy']);
  full('3des', 'client.crt', 'client.key', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES']);
  full('2des-rc2-128', 'client.crt', 'client.key', ['-legacy', '-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-RC2-128']);
  full('aes128-aes192', 'client.crt', 'client.key', ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-192-CBC']);
  full('pbes2-3des', 'client.crt', 'client.key', ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'DES-EDE3-CBC']);
  full('nomac', 'client.crt', 'client.key', ['-nomac']);
  full('certs-plain', 'client.crt', 'client.key', ['-certpbe', 'NONE']);
  full('all-plain-nomac', 'client.crt', 'client.key', ['-certpbe', 'NONE', '-keypbe', 'NONE', '-nomac']);
  full('sha512-mac', 'client.crt', 'client.key', ['-macalg', 'sha512']);
  full('sha384-mac', 'client.crt', 'client.key', ['-macalg', 'sha384']);
  full('sha1-mac', 'client.crt', 'client.key', ['-macalg', 'sha1']);
  full('nomaciter', 'client.crt', 'client.key', ['-nomaciter', '-noiter']);
  full('friendly', 'client.crt', 'client.key', ['-name', 'WebORCA クライアント証明書 2025']);
  full('ec256', 'ec256.crt', 'ec256.key');
  full('ec384', 'ec384.crt', 'ec384.key', ['-legacy']);
  full('ec521', 'ec521.crt', 'ec521.key', ['-nomac']);
  full('server-only', 'server.crt', 'client.key');
  full('expired', 'expired.crt', 'client.key');
  full('expires-soon', 'soon.crt', 'client.key');
  full('camellia', 'client.crt', 'client.key', ['-keypbe', 'CAMELLIA-256-CBC']);
  full('rc4', 'client.crt', 'client.key', ['-legacy', '-keypbe', 'PBE-SHA1-RC4-128']);
  files['no-chain'] = exportP12(pki, 'no-chain', ['-in', 'client.crt', '-inkey', 'client.key']);
  files['empty-password'] = exportP12(pki, 'empty-password', ['-in', 'client.crt', '-inkey', 'client.key'], '');
  files['empty-password-legacy'] = exportP12(pki, 'empty-password-legacy', ['-in', 'client.crt', '-inkey', 'client.key', '-legacy'], '');
  files['ca'] = exportP12(pki, 'ca', ['-in', 'root.crt', '-inkey', 'root.key']);
  files['no-key'] = exportP12(pki, 'no-key', ['-in', 'client.crt', '-certfile', pki.chain, '-nokeys']);

  // Pieces for files openssl will not write: a key with someone else's certificate, two identities.
  const keyOnlyOther = exportP12(pki, 'key-only-other', ['-inkey', 'other.key', '-nocerts']);
  const certOnlyClient = exportP12(pki, 'cert-only-client', ['-in', 'client.crt', '-nokeys']);
  const otherIdentity = exportP12(pki, 'other-identity', ['-in', 'other.crt', '-inkey', 'other.key']);
  files['key-mismatch'] = mergePfx([keyOnlyOther, certOnlyClient], PASSWORD);
  files['two-identities'] = mergePfx([files['no-chain'], otherIdentity], PASSWORD);

  files['iter-1m'] = exportP12(pki, 'iter-1m', ['-in', 'client.crt', '-inkey', 'client.key', '-iter', '1000000']);
  files['iter-2m'] = exportP12(pki, 'iter-2m', ['-in', 'client.crt', '-inkey', 'client.key', '-iter', '2000000']);

  files['pem-renamed'] = pki.w.read('client.crt');
  pki.w.openssl(['x509', '-in', 'client.crt', '-outform', 'DER', '-out', 'client.der']);
  files['der-cert'] = pki.w.read('client.der');
}, 120_000);

afterAll(() => pki?.w.cleanup());

describe('well-formed client identities', () => {
  it('modern OpenSSL 3 default (PBES2 AES-256, MAC SHA-256) with chain: every field, no problems', async () => {
    const { report, material } = await open(files['modern']!);
    expect(report.certificate).toEqual({
      subject: CLIENT_SUBJECT,
      issuer: INTERMEDIATE,
      serialNumber: '114F',
      notBefore: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      notAfter: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      sha256: expect.stringMatching(/^[0-9A-F]{64}$/),
      keyType: 'RSA',
      keyBits: 2048,
      clientAuth: true,
      isCA: false,
      expired: false,
      daysLeft: expect.any(Number),
    });
    expect(report.certificate.daysLeft).toBeGreaterThanOrEqual(1093);
    expect(report.certificate.daysLeft).toBeLessThanOrEqual(1095);
    expect(report.privateKey).toEqual({ present: true, matchesCertificate: true });
    expect(report.identities).toBe(1);
    expect(report.chain).toEqual(CHAIN);
    expect(report.pkcs12).toEqual({ mac: 'SHA-256', encryption: [AES256], iterations: 2048 });
    expect(report.problems).toEqual([]);
    expect(material.privateKeyPkcs8?.[0]).toBe(0x30);
    expect(material.chainDer).toHaveLength(2);
    expect(material.passwordEncoding).toBe('password');
  });

  it('sha256 is the SHA-256 of the certificate DER as openssl computes it', async () => {
    const { report } = await open(files['modern']!);
    const fp = pki.w.openssl(['x509', '-in', 'client.crt', '-noout', '-fingerprint', '-sha256']).toString();
    expect(report.certificate.sha256).toBe(fp.split('=')[1]!.trim().replace(/:/g, ''));
  });

  it.each([
    ['legacy', 'SHA-1', ['pbeWithSHAAnd40BitRC2-CBC', 'pbeWithSHAAnd3-KeyTripleDES-CBC']],
    ['3des', 'SHA-256', ['pbeWithSHAAnd3-KeyTripleDES-CBC']],
    ['2des-rc2-128', 'SHA-1', ['pbeWithSHAAnd128BitRC2-CBC', 'pbeWithSHAAnd2-KeyTripleDES-CBC']],
    ['aes128-aes192', 'SHA-256', ['PBES2-AES-192-CBC-PBKDF2-HMAC-SHA-256', 'PBES2-AES-128-CBC-PBKDF2-HMAC-SHA-256']],
    ['pbes2-3des', 'SHA-256', ['PBES2-DES-EDE3-CBC-PBKDF2-HMAC-SHA-256']],
    ['certs-plain', 'SHA-256', ['none', AES256]],
    ['sha512-mac', 'SHA-512', [AES256]],
    ['sha384-mac', 'SHA-384', [AES256]],
    ['sha1-mac', 'SHA-1', [AES256]],
  ])('%s: MAC %s, encryption %j, same identity', async (name, mac, encryption) => {
    const { report } = await open(files[name]!);
    expect(report.pkcs12).toEqual({ mac, encryption, iterations: 2048 });
    expect(report.certificate.subject).toEqual(CLIENT_SUBJECT);
    expect(report.certificate.serialNumber).toBe('114F');
    expect(report.privateKey).toEqual({ present: true, matchesCertificate: true });
    expect(report.chain).toEqual(CHAIN);
    expect(report.problems).toEqual([]);
  });

  it('-nomaciter -noiter: iteration counts of 1 (MAC iterations omitted, DEFAULT 1)', async () => {
    const { report } = await open(files['nomaciter']!);
    expect(report.pkcs12.iterations).toBe(1);
    expect(report.problems).toEqual([]);
  });

  it('no MAC: NO_MAC (non-blocking), iterations = highest encryption count', async () => {
    // openssl -nomac also leaves the certificates unencrypted.
    const { report } = await open(files['nomac']!);
    expect(report.pkcs12).toEqual({ mac: null, encryption: ['none', AES256], iterations: 2048 });
    expect(report.problems).toEqual([{ code: 'NO_MAC', blocking: false }]);
  });

  it('nothing encrypted and no MAC: encryption ["none"], iterations 0', async () => {
    const { report } = await open(files['all-plain-nomac']!);
    expect(report.pkcs12).toEqual({ mac: null, encryption: ['none'], iterations: 0 });
    expect(codes(report)).toEqual(['NO_MAC']);
  });

  it('empty password (OpenSSL encodes "" as 00 00), modern and legacy', async () => {
    for (const name of ['empty-password', 'empty-password-legacy']) {
      const { report, material } = await open(files[name]!, '');
      expect(report.certificate.serialNumber).toBe('114F');
      expect(codes(report)).toEqual(['NO_CHAIN']);
      expect(material.passwordEncoding).toBe('password');
      expect(await errorOf(files[name]!, 'x')).toBe('BAD_PASSWORD');
    }
  });

  it('EC P-256 (serial with top bit set keeps its 00), P-384 and P-521 keys', async () => {
    const p256 = (await open(files['ec256']!)).report;
    expect(p256.certificate).toMatchObject({ keyType: 'EC', keyBits: 256, serialNumber: '008A01' });
    expect(p256.privateKey).toEqual({ present: true, matchesCertificate: true });
    expect(p256.problems).toEqual([]);
    const p384 = (await open(files['ec384']!)).report;
    expect(p384.certificate).toMatchObject({ keyType: 'EC', keyBits: 384, serialNumber: '2002' });
    expect(p384.privateKey).toEqual({ present: true, matchesCertificate: true });
    const p521 = (await open(files['ec521']!)).report;
    expect(p521.certificate).toMatchObject({ keyType: 'EC', keyBits: 521, serialNumber: '2003' });
    expect(p521.privateKey).toEqual({ present: true, matchesCertificate: true });
    expect(codes(p521)).toEqual(['NO_MAC']);
  });

  it('no chain: NO_CHAIN only', async () => {
    const { report } = await open(files['no-chain']!);
    expect(report.chain).toEqual([]);
    expect(report.problems).toEqual([{ code: 'NO_CHAIN', blocking: false }]);
  });

  it('Japanese friendlyName is decoded (kept in material, not in the report)', async () => {
    const { report, material } = await open(files['friendly']!);
    expect(material.friendlyName).toBe('WebORCA クライアント証明書 2025');
    expect(JSON.stringify(report)).not.toContain('WebORCA クライアント');
  });

  it('BER outer layers (indefinite lengths, chunked OCTET STRING) open like the DER original', async () => {
    for (const name of ['modern', 'legacy']) {
      const ber = toBerChunked(files[name]!);
      expect(ber[1]).toBe(0x80);
      const { report } = await open(ber);
      expect(report).toEqual((await open(files[name]!)).report);
    }
  });

  it('exactly 1,000,000 iterations is accepted', async () => {
    const { report } = await open(files['iter-1m']!);
    expect(report.pkcs12.iterations).toBe(1_000_000);
    expect(report.certificate.serialNumber).toBe('114F');
  }, 30_000);
});

describe('identities that open but must not be used', () => {
  it('key of another certificate: KEY_MISMATCH', async () => {
    const { report } = await open(files['key-mismatch']!);
    expect(report.identities).toBe(1);
    expect(report.certificate.subject).toEqual(CLIENT_SUBJECT);
    expect(report.privateKey).toEqual({ present: true, matchesCertificate: false });
    expect(codes(report)).toEqual(['KEY_MISMATCH', 'NO_CHAIN']);
    expect(report.problems[0]!.blocking).toBe(true);
  });

  it('two identities: MULTIPLE_IDENTITIES, certificate = the one matching the first key', async () => {
    const { report } = await open(files['two-identities']!);
    expect(report.identities).toBe(2);
    expect(report.certificate.subject).toEqual(CLIENT_SUBJECT);
    expect(report.privateKey.matchesCertificate).toBe(true);
    expect(report.chain).toEqual([{ subject: { C: 'JP', O: 'u00000126', CN: 'client1211' }, issuer: INTERMEDIATE, serialNumber: '1150' }]);
    expect(codes(report)).toEqual(['MULTIPLE_IDENTITIES']);
  });

  it('two identities in the other order: the other certificate is chosen', async () => {
    const other = exportP12(pki, 'other-first', ['-in', 'other.crt', '-inkey', 'other.key']);
    const { report } = await open(mergePfx([other, files['no-chain']!], PASSWORD));
    expect(report.certificate.subject.CN).toBe('client1211');
  });

  it('no private key: NO_PRIVATE_KEY, certificate = first non-CA', async () => {
    const { report } = await open(files['no-key']!);
    expect(report.identities).toBe(0);
    expect(report.privateKey).toEqual({ present: false, matchesCertificate: false });
    expect(report.certificate.subject).toEqual(CLIENT_SUBJECT);
    expect(codes(report)).toEqual(['NO_PRIVATE_KEY']);
  });

  it('CA certificate: IS_CA and NOT_CLIENT_AUTH', async () => {
    const { report } = await open(files['ca']!);
    expect(report.certificate).toMatchObject({ isCA: true, clientAuth: false, subject: ROOT });
    expect(codes(report)).toEqual(['NOT_CLIENT_AUTH', 'IS_CA', 'NO_CHAIN']);
  });

  it('serverAuth only: NOT_CLIENT_AUTH', async () => {
    const { report } = await open(files['server-only']!);
    expect(report.certificate.clientAuth).toBe(false);
    expect(report.certificate.serialNumber).toBe('3001');
    expect(codes(report)).toEqual(['NOT_CLIENT_AUTH']);
  });

  it('expired (backdated with openssl ca): EXPIRED, negative daysLeft', async () => {
    const { report } = await open(files['expired']!);
    expect(report.certificate).toMatchObject({
      notBefore: '2020-01-01T00:00:00Z',
      notAfter: '2023-01-01T00:00:00Z',
      expired: true,
      serialNumber: '4001',
    });
    expect(report.certificate.daysLeft).toBeLessThan(0);
    expect(codes(report)).toEqual(['EXPIRED']);
  });

  it('expiring in 30 days: EXPIRES_SOON (non-blocking)', async () => {
    const { report } = await open(files['expires-soon']!);
    expect(report.certificate.daysLeft).toBeGreaterThanOrEqual(29);
    expect(report.certificate.daysLeft).toBeLessThanOrEqual(30);
    expect(report.problems).toEqual([
      { code: 'EXPIRES_SOON', blocking: false, params: { days: report.certificate.daysLeft, notAfter: report.certificate.notAfter } },
    ]);
    expect(problemMessage(report.problems[0]!, 'ja')).toContain('残り');
  });

  it('expiry maths follow opts.now: expired exactly after notAfter, daysLeft floors', async () => {
    const notAfter = Date.parse('2023-01-01T00:00:00Z');
    const at = async (t: number): Promise<Pkcs12Report> => {
      const r = await readPkcs12(files['expired']!, PASSWORD, { now: new Date(t) });
      if (!r.ok) throw new Error(r.error.code);
      return r.report;
    };
    expect((await at(notAfter)).certificate).toMatchObject({ expired: false, daysLeft: 0 });
    expect((await at(notAfter + 1000)).certificate).toMatchObject({ expired: true, daysLeft: -1 });
    const early = await at(notAfter - 90 * 86_400_000);
    expect(early.certificate.daysLeft).toBe(90);
    expect(codes(early)).toEqual(['EXPIRES_SOON']);
    expect(codes(await at(notAfter - 91 * 86_400_000))).toEqual([]);
    expect(codes(await at(Date.parse('2019-12-31T00:00:00Z')))).toEqual(['NOT_YET_VALID']);
  });
});

describe('files that do not open', () => {
  it('wrong password: BAD_PASSWORD (MAC), also legacy, also without MAC (decryption check)', async () => {
    expect(await errorOf(files['modern']!, 'wrong')).toBe('BAD_PASSWORD');
    expect(await errorOf(files['legacy']!, 'wrong')).toBe('BAD_PASSWORD');
    expect(await errorOf(files['nomac']!, 'wrong')).toBe('BAD_PASSWORD');
    expect(await errorOf(files['modern']!, '')).toBe('BAD_PASSWORD');
    const r = await readPkcs12(files['modern']!, 'wrong');
    expect(r).toEqual({ ok: false, error: { code: 'BAD_PASSWORD' } });
    if (r.ok) return;
    expect(readerMessage(r.error, 'ja')).toBe('証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。');
  });

  it('truncated: NOT_PKCS12 at every cut', async () => {
    const f = files['modern']!;
    for (const cut of [1, 2, 10, 100, Math.floor(f.length / 2), f.length - 1]) {
      expect(await errorOf(f.subarray(0, cut))).toBe('NOT_PKCS12');
    }
  });

  it('empty: EMPTY_FILE', async () => {
    expect(await errorOf(new Uint8Array(0))).toBe('EMPTY_FILE');
  });

  it('PEM certificate renamed .p12, base64 of a p12, DER certificate, random bytes: NOT_PKCS12', async () => {
    expect(await errorOf(files['pem-renamed']!)).toBe('NOT_PKCS12');
    expect(await errorOf(new TextEncoder().encode(Buffer.from(files['modern']!).toString('base64')))).toBe('NOT_PKCS12');
    expect(await errorOf(files['der-cert']!)).toBe('NOT_PKCS12');
    for (let i = 0; i < 20; i++) {
      const noise = randomBytes(2500);
      if (i % 2 === 0) noise[0] = 0x30; // get past the first-byte check
      expect(await errorOf(new Uint8Array(noise))).toBe('NOT_PKCS12');
    }
  });

  it('over 1 MiB: TOO_LARGE without parsing; exactly 1 MiB is parsed', async () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x30);
    const work = watchCryptoWork();
    expect(await errorOf(big)).toBe('TOO_LARGE');
    expect(work.calls()).toBe(0);
    work.restore();
    expect(await errorOf(big.subarray(0, 1024 * 1024))).toBe('NOT_PKCS12');
  });

  it('2,000,000 iterations: ITERATIONS_TOO_HIGH before any derivation', async () => {
    const work = watchCryptoWork();
    expect(await errorOf(files['iter-2m']!)).toBe('ITERATIONS_TOO_HIGH');
    expect(work.calls()).toBe(0);
    work.restore();
    // The counter does count: opening an ordinary file starts plenty of operations.
    const control = watchCryptoWork();
    await open(files['no-chain']!);
    expect(control.calls()).toBeGreaterThan(0);
    control.restore();
  });

  it('unsupported ciphers: UNSUPPORTED_ALGORITHM (PBES2 Camellia, RC4)', async () => {
    expect(await errorOf(files['camellia']!)).toBe('UNSUPPORTED_ALGORITHM');
    expect(await errorOf(files['rc4']!)).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('MAC iteration counts: 1,000,001 and 2^64 refused at once; 0 and negative are malformed', async () => {
    const withCount = (count: Uint8Array): Uint8Array => mergePfx([files['no-chain']!], PASSWORD, { macIterations: count });
    const work = watchCryptoWork();
    expect(await errorOf(withCount(derUnsigned(1_000_001)))).toBe('ITERATIONS_TOO_HIGH');
    expect(await errorOf(withCount(derUnsigned(2n ** 64n)))).toBe('ITERATIONS_TOO_HIGH');
    expect(await errorOf(withCount(derUnsigned(2n ** 1000n)))).toBe('ITERATIONS_TOO_HIGH');
    expect(work.calls()).toBe(0);
    work.restore();
    expect(await errorOf(withCount(Uint8Array.of(0)))).toBe('NOT_PKCS12');
    expect(await errorOf(withCount(Uint8Array.of(0xff)))).toBe('NOT_PKCS12');
  });

  it('assembled file without MAC opens and says NO_MAC', async () => {
    const { report } = await open(mergePfx([files['no-chain']!], null));
    expect(report.pkcs12.mac).toBeNull();
    expect(codes(report)).toEqual(['NO_MAC', 'NO_CHAIN']);
  });

  it('the assembled files are valid for openssl too', () => {
    pki.w.write('two.p12', files['two-identities']!);
    expect(() => pki.w.openssl(['pkcs12', '-in', 'two.p12', '-info', '-noout', '-passin', `pass:${PASSWORD}`])).not.toThrow();
  });
});
