import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPkcs12, toInspectJson } from '../../../src/lib/pkcs12/index';

/** Real files exported by Windows (from golang.org/x/crypto/pkcs12's test data), see the fixture README. */
const DIR = join(import.meta.dirname, '../../fixtures/windows-pfx');

interface WindowsCase {
  id: string;
  file: string;
  password: string;
  expect: 'ok';
  description: string;
  cn: string;
  issuerCn: string;
  serialDer: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  keyType: 'RSA' | 'EC';
  clientAuth: boolean;
  isCA: boolean;
  keyMatches: boolean;
  endEntityCount: number;
}

const cases = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as WindowsCase[];

/** What the contract implies beyond cases.json: all three are expired, alone in their file, MAC SHA-1. */
const EXTRA: Record<string, { problems: string[]; macIterations: number; passwordEncoding: string; keyBits: number }> = {
  'windows-azure-tools-null-password': {
    problems: ['EXPIRED', 'NOT_CLIENT_AUTH', 'NO_CHAIN'],
    macIterations: 1,
    passwordEncoding: 'null-password',
    keyBits: 2048,
  },
  'windows-empty-string-password': {
    problems: ['EXPIRED', 'NOT_CLIENT_AUTH', 'IS_CA', 'NO_CHAIN'],
    macIterations: 2048,
    passwordEncoding: 'password',
    keyBits: 2048,
  },
  'windows-ias-peap-ldaps': {
    problems: ['EXPIRED', 'NO_CHAIN'],
    macIterations: 2048,
    passwordEncoding: 'password',
    keyBits: 1024,
  },
};

describe('Windows-exported PKCS#12 vectors (cases.json)', () => {
  it('covers the three vectors', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(Object.keys(EXTRA).sort());
  });

  it.each(cases)('$id', async (c) => {
    const bytes = new Uint8Array(readFileSync(join(DIR, c.file)));
    const result = await readPkcs12(bytes, c.password, { now: new Date('2025-06-01T00:00:00Z') });
    expect(result.ok).toBe(c.expect === 'ok');
    if (!result.ok) return;
    const { report, material } = result;
    const extra = EXTRA[c.id]!;

    expect(report.certificate.subject.CN).toBe(c.cn);
    expect(report.certificate.issuer.CN).toBe(c.issuerCn);
    expect(report.certificate.serialNumber).toBe(c.serialDer);
    expect(report.certificate.notBefore).toBe(c.notBefore);
    expect(report.certificate.notAfter).toBe(c.notAfter);
    expect(report.certificate.sha256).toBe(c.sha256);
    expect(report.certificate.keyType).toBe(c.keyType);
    expect(report.certificate.keyBits).toBe(extra.keyBits);
    expect(report.certificate.clientAuth).toBe(c.clientAuth);
    expect(report.certificate.isCA).toBe(c.isCA);
    expect(report.certificate.expired).toBe(true);
    expect(report.certificate.daysLeft).toBe(Math.floor((Date.parse(c.notAfter) - Date.parse('2025-06-01T00:00:00Z')) / 86_400_000));
    expect(report.privateKey).toEqual({ present: true, matchesCertificate: c.keyMatches });
    expect(report.identities).toBe(c.endEntityCount);
    expect(report.chain).toEqual([]);
    expect(report.pkcs12.mac).toBe('SHA-1');
    expect(report.pkcs12.iterations).toBe(extra.macIterations);
    expect([...report.pkcs12.encryption].sort()).toEqual(['pbeWithSHAAnd3-KeyTripleDES-CBC', 'pbeWithSHAAnd40BitRC2-CBC']);
    expect(report.problems.map((p) => p.code)).toEqual(extra.problems);
    for (const p of report.problems) expect(p.blocking).toBe(!['NO_CHAIN', 'NO_MAC', 'EXPIRES_SOON'].includes(p.code));
    expect(material.passwordEncoding).toBe(extra.passwordEncoding);

    // The inspect document has exactly the contract's keys, in order.
    expect(Object.keys(toInspectJson(report, (problem) => problem.code))).toEqual([
      'ok',
      'certificate',
      'privateKey',
      'identities',
      'chain',
      'pkcs12',
      'problems',
    ]);
    expect(Object.keys(report.certificate)).toEqual([
      'subject',
      'issuer',
      'serialNumber',
      'notBefore',
      'notAfter',
      'sha256',
      'keyType',
      'keyBits',
      'clientAuth',
      'isCA',
      'expired',
      'daysLeft',
    ]);
  });

  it('the NULL-password vector does not open with the "" encoding alone, and any non-empty password fails', async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'windows-azure-tools-null-password.p12')));
    const wrong = await readPkcs12(bytes, ' ');
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('BAD_PASSWORD');
  });

  it('accepts a Node Buffer that is a view into a larger pool (as the native host passes base64-decoded input)', async () => {
    const file = readFileSync(join(DIR, 'windows-ias-peap-ldaps.p12'));
    const pooled = Buffer.from(file.toString('base64'), 'base64');
    const padded = Buffer.concat([Buffer.alloc(13, 0xee), file, Buffer.alloc(7, 0xee)]).subarray(13, 13 + file.length);
    for (const input of [pooled, padded]) {
      const result = await readPkcs12(input, '');
      expect(result.ok && result.report.certificate.serialNumber).toBe('78629A0F5F3F164F');
    }
  });

  it('subject keeps Microsoft attributes under their OpenSSL short name', async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, 'windows-ias-peap-ldaps.p12')));
    const result = await readPkcs12(bytes, '');
    expect(result.ok && result.report.certificate.subject).toEqual({
      CN: 'Windows IAS PEAP & LDAPS certificates',
      CSPName: 'testing@example.com',
    });
    expect(result.ok && result.material.friendlyName).toBe('PEAP Certificate');
  });
});
