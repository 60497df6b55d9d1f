/**
 * The worker's check of a replacement (src/background/replacement.ts) on real files: the shared checks against what
 * the host listed, the chain of trust included; which listed identity counts as the one in use (proven by a
 * handshake or presented by the browser — not the one that merely expires last); the words in the UI's language.
 */
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ListedIdentity } from '../../../src/lib/native-protocol';
import { renewalError, type FailureLike } from '../../../src/background/errors';
import { checkReplacementFile, type Listing } from '../../../src/background/replacement';
import { createTestPki, type IssuedIdentity, type TestPki } from '../../simulator/index';
import { createForgingCa } from '../../simulator/forged';
import { getMessageFrom, loadMessages } from '../ui/fake-chrome';

const ja = getMessageFrom(loadMessages('ja'));
const en = getMessageFrom(loadMessages('en'));
let pki: TestPki;
let current: IssuedIdentity;
let renewed: IssuedIdentity;

function listed(
  identity: { certPem: string; serialHex: string; notAfter: Date; subject: { CN: string; O: string } },
  daysLeft: number,
  verified = false,
): ListedIdentity {
  const cert = new X509Certificate(identity.certPem);
  return {
    store: { id: 'nss:/db', kind: 'nss', label: 'Chrome (NSS)', browsers: ['chrome'] },
    subject: { CN: identity.subject.CN, O: identity.subject.O, C: 'JP' },
    issuer: { CN: 'Intermediate CA' },
    serialNumber: identity.serialHex,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: identity.notAfter.toISOString(),
    daysLeft,
    thumbprint: cert.fingerprint.replace(/:/g, ''),
    sha256: cert.fingerprint256.replace(/:/g, ''),
    hasPrivateKey: true,
    certificate: cert.raw.toString('base64'),
    verified,
  };
}

beforeAll(async () => {
  pki = await createTestPki();
  current = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({});
}, 60_000);

describe('the replacement, checked in the worker', () => {
  test('a genuine one passes against the certificate in use, which the result names', async () => {
    const listing: Listing = { identities: [listed(current, 60)], issuers: [] };
    const result = await checkReplacementFile(renewed.p12, renewed.password, listing, 60, ja);
    expect(result.ok).toBe(true);
    expect(result.current?.serialNumber).toBe(current.serialHex);
    expect(result.checks.find((check) => check.id === 'trusted-issuer')?.status).toBe('pass');
  });

  test('a forged one (a look-alike Intermediate CA): trusted-issuer fails, in plain English in the English UI', async () => {
    const forged = await (await createForgingCa(pki, 'lookAlike')).issueClient();
    const listing: Listing = { identities: [listed(current, 60)], issuers: [Buffer.from(new X509Certificate(pki.intermediateCertPem).raw).toString('base64')] };
    const result = await checkReplacementFile(forged.p12, forged.password, listing, 60, en);
    expect(result.ok).toBe(false);
    const trusted = result.checks.find((check) => check.id === 'trusted-issuer')!;
    expect(trusted.status).toBe('fail');
    expect(trusted.message).toContain('Download it again from ORCAMO');
    expect(result.checks.map((check) => check.message).join(' ')).not.toMatch(/[\u3040-\u30ff]{3}/);
  });

  test("a file our reader cannot open: its code (and detail), rendered from the UI's catalogue, never the reader's words", async () => {
    const wrong = await checkReplacementFile(renewed.p12, 'not-the-password', null, null, en);
    expect(wrong).toMatchObject({ ok: false, code: 'BAD_PASSWORD', view: null, checks: [] });
    expect(wrong).not.toHaveProperty('message');
    expect(renewalError(wrong as FailureLike, 'check', en).message).toBe('Wrong certificate password. Check the password ORCAMO shows.');
    expect(renewalError(wrong as FailureLike, 'check', ja).message).toBe(
      '証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。',
    );
    const garbage = await checkReplacementFile(new TextEncoder().encode('-----BEGIN CERTIFICATE-----'), '', null, null, en);
    expect(garbage).toMatchObject({ ok: false, code: 'NOT_PKCS12', detail: expect.any(String) });
    const shown = renewalError(garbage as FailureLike, 'check', en);
    expect(shown.message).toBe('Not a PKCS#12 (.p12) certificate file, or the file is damaged. Download the certificate again from ORCAMO.');
    expect(shown.detail).toBe('not DER (does not start with a SEQUENCE)');
  });

  test('a look-alike already in the store does not become "the one in use": the one the browser presented does', async () => {
    const forger = await createForgingCa(pki, 'lookAlike');
    const planted = await forger.issueClient();
    // The planted look-alike expires last and was never proven; the bar shows the real one's 60 days.
    const listing: Listing = { identities: [listed(planted, 1095), listed(current, 60)], issuers: [] };
    const genuine = await checkReplacementFile(renewed.p12, renewed.password, listing, 60, ja);
    expect(genuine.ok).toBe(true);
    expect(genuine.current?.serialNumber).toBe(current.serialHex);
    // And a second file from the same forger is refused, though the planted one would vouch for it.
    const second = await forger.issueClient();
    const refused = await checkReplacementFile(second.p12, second.password, listing, 60, ja);
    expect(refused.ok).toBe(false);
    expect(refused.checks.find((check) => check.id === 'trusted-issuer')?.status).toBe('fail');
  });

  test('without the host (no listing): nothing to compare with, the comparing checks warn, none fails', async () => {
    const result = await checkReplacementFile(renewed.p12, renewed.password, null, null, ja);
    expect(result.ok).toBe(true);
    expect(result.current).toBeNull();
    expect(result.checks.filter((check) => check.status === 'warn').map((check) => check.id)).toEqual(['same-subject', 'trusted-issuer', 'newer-than-current']);
  });

  test("a wrong password: the reader's code, no checks", async () => {
    const result = await checkReplacementFile(renewed.p12, 'wrong-pass1', { identities: [listed(current, 60)], issuers: [] }, 60, ja);
    expect(result).toMatchObject({ ok: false, code: 'BAD_PASSWORD', checks: [] });
  });
});
