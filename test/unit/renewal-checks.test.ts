import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPkcs12, type Pkcs12Report } from '../../src/lib/pkcs12/index';
import { checkReplacement, type ReplacementContext } from '../../src/lib/renewal-checks';
import { getMessageFrom, loadMessages } from './ui/fake-chrome';

/** The words are the extension's (_locales): the shared module carries only the key and its substitutions. */
const ja = getMessageFrom(loadMessages('ja'));

const NOW = new Date('2026-03-01T00:00:00Z');

function report(
  overrides: {
    certificate?: Partial<Pkcs12Report['certificate']>;
    privateKey?: Pkcs12Report['privateKey'];
    identities?: number;
  } = {},
): Pkcs12Report {
  return {
    certificate: {
      subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
      issuer: { CN: 'Intermediate CA' },
      serialNumber: '1150',
      notBefore: '2026-02-20T00:00:00Z',
      notAfter: '2029-02-19T00:00:00Z',
      sha256: 'AB'.repeat(32),
      keyType: 'RSA',
      keyBits: 2048,
      clientAuth: true,
      isCA: false,
      expired: false,
      daysLeft: 1086,
      ...overrides.certificate,
    },
    privateKey: overrides.privateKey ?? { present: true, matchesCertificate: true },
    identities: overrides.identities ?? 1,
    chain: [],
    pkcs12: { mac: 'SHA-256', encryption: ['PBES2-AES-256-CBC-PBKDF2-HMAC-SHA-256'], iterations: 2048 },
    problems: [],
  };
}

const CONTEXT: ReplacementContext = {
  current: { subject: { CN: 'client1210', O: 'u00000126' }, notAfter: '2026-05-01T00:00:00Z' },
  expectedIssuerCN: 'Intermediate CA',
  now: NOW,
};

const status = (r: Pkcs12Report, ctx: ReplacementContext = CONTEXT): Record<string, string> =>
  Object.fromEntries(checkReplacement(r, ctx).checks.map((c) => [c.id, c.status]));

describe('checkReplacement', () => {
  it('a proper replacement passes every check, in a stable order', () => {
    const verdict = checkReplacement(report(), CONTEXT);
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.map((c) => [c.id, c.status, c.blocking])).toEqual([
      ['password', 'pass', true],
      ['single-identity', 'pass', true],
      ['key-match', 'pass', true],
      ['client-auth', 'pass', true],
      ['not-ca', 'pass', true],
      ['not-expired', 'pass', true],
      ['same-subject', 'pass', true],
      ['issuer', 'pass', false],
      ['newer-than-current', 'pass', true],
    ]);
    for (const c of verdict.checks) expect(ja(c.messageKey, c.substitutions)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it.each([
    ['multiple identities', report({ identities: 2 }), 'single-identity'],
    ['no key', report({ identities: 0, privateKey: { present: false, matchesCertificate: false } }), 'single-identity'],
    ['key mismatch', report({ privateKey: { present: true, matchesCertificate: false } }), 'key-match'],
    ['not clientAuth', report({ certificate: { clientAuth: false } }), 'client-auth'],
    ['CA certificate', report({ certificate: { isCA: true } }), 'not-ca'],
    ['expired', report({ certificate: { notAfter: '2026-02-28T23:59:59Z' } }), 'not-expired'],
    ['other CN', report({ certificate: { subject: { C: 'JP', O: 'u00000126', CN: 'client9999' } } }), 'same-subject'],
    ['other O', report({ certificate: { subject: { C: 'JP', O: 'u00000999', CN: 'client1210' } } }), 'same-subject'],
    ['repeated CN', report({ certificate: { subject: { O: 'u00000126', CN: ['client1210', 'x'] } } }), 'same-subject'],
    ['same expiry (the old file again)', report({ certificate: { notAfter: '2026-05-01T00:00:00Z' } }), 'newer-than-current'],
    ['older', report({ certificate: { notAfter: '2026-04-01T00:00:00Z' } }), 'newer-than-current'],
  ])('%s: blocking failure of %s', (_name, r, id) => {
    const verdict = checkReplacement(r, CONTEXT);
    expect(verdict.ok).toBe(false);
    const failed = verdict.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.id)).toContain(id);
    for (const c of failed) expect(c.blocking).toBe(true);
  });

  it('expiry is re-evaluated with the context clock, not taken from the report', () => {
    const stale = report({ certificate: { expired: false, notAfter: '2026-02-01T00:00:00Z' } });
    expect(status(stale)['not-expired']).toBe('fail');
    expect(status(stale, { ...CONTEXT, now: new Date('2026-01-01T00:00:00Z'), current: undefined })['not-expired']).toBe('pass');
  });

  it('another issuer CN is only a warning', () => {
    const verdict = checkReplacement(report({ certificate: { issuer: { CN: 'Other CA' } } }), CONTEXT);
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.find((c) => c.id === 'issuer')).toMatchObject({ status: 'warn', blocking: false });
  });

  it('unknown current certificate: subject and "newer" become warnings, still ok', () => {
    const verdict = checkReplacement(report(), { expectedIssuerCN: 'Intermediate CA', now: NOW });
    expect(verdict.ok).toBe(true);
    expect(status(report(), { expectedIssuerCN: 'Intermediate CA', now: NOW })).toMatchObject({
      'same-subject': 'warn',
      'newer-than-current': 'warn',
    });
    for (const c of verdict.checks.filter((c) => c.status === 'warn')) expect(c.blocking).toBe(false);
  });

  it('current subject known but its expiry not: only "newer" warns', () => {
    const ctx = { ...CONTEXT, current: { subject: { CN: 'client1210', O: 'u00000126' } } };
    expect(checkReplacement(report(), ctx).ok).toBe(true);
    expect(status(report(), ctx)).toMatchObject({ 'same-subject': 'pass', 'newer-than-current': 'warn' });
  });

  it('only CN known: compared on CN alone', () => {
    const ctx = { ...CONTEXT, current: { subject: { CN: 'client1210' } } };
    expect(status(report({ certificate: { subject: { CN: 'client1210', O: 'other' } } }), ctx)['same-subject']).toBe('pass');
  });

  it('on a real file: the Windows CA vector fails for the expected reasons', async () => {
    const bytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/windows-pfx/windows-empty-string-password.p12')));
    const result = await readPkcs12(bytes, '', { now: NOW });
    if (!result.ok) throw new Error(result.error.code);
    const verdict = checkReplacement(result.report, CONTEXT);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual([
      'client-auth',
      'not-ca',
      'not-expired',
      'same-subject',
      'newer-than-current',
    ]);
    expect(status(result.report).issuer).toBe('warn');
  });
});
