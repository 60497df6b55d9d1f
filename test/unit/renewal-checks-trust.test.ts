/**
 * verifyReplacement (src/lib/renewal-checks.ts): the shared decision the service worker shows and the host enforces,
 * on real files. Forged chains, another clinic and an older file are each refused with their code and a _locales key
 * whose sentence, in Japanese and English, says what to do next (the shared module holds no words).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readPkcs12 } from '../../src/lib/pkcs12/index';
import { CHECK_MESSAGE_KEYS, firstFailure, verifyReplacement, type CurrentCertificate, type ReplacementFile } from '../../src/lib/renewal-checks';
import { createTestPki, DAY_MS, type IssuedIdentity, type TestPki } from '../simulator/index';
import { createForgingCa, FORGERY_KINDS } from '../simulator/forged';

type Locale = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const locale = (lang: string): Locale => JSON.parse(readFileSync(join(import.meta.dirname, `../../public/_locales/${lang}/messages.json`), 'utf8')) as Locale;
const ja = locale('ja');
const en = locale('en');

/** chrome.i18n.getMessage's rules: $NAME$ → its placeholder's content, then $1… → the substitutions. */
function getMessage(messages: Locale, key: string, substitutions: readonly string[]): string {
  const entry = messages[key];
  if (!entry) throw new Error(`no message ${key}`);
  const named = entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_whole, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '');
  return named.replace(/\$(\d)/g, (_whole, n: string) => substitutions[Number(n) - 1] ?? '');
}

let pki: TestPki;
let current: IssuedIdentity;
let renewed: IssuedIdentity;

const der = (pem: string): Uint8Array => new Uint8Array(new X509Certificate(pem).raw);

async function file(identity: IssuedIdentity): Promise<ReplacementFile> {
  const read = await readPkcs12(identity.p12, identity.password);
  if (!read.ok) throw new Error(read.error.code);
  return { report: read.report, certificateDer: read.material.certificateDer, chainDer: read.material.chainDer };
}

function inUse(identity: IssuedIdentity, extra: Partial<CurrentCertificate> = {}): CurrentCertificate {
  return {
    subject: { CN: identity.subject.CN, O: identity.subject.O },
    notAfter: identity.notAfter.toISOString(),
    certificateDer: der(identity.certPem),
    ...extra,
  };
}

const decide = async (identity: IssuedIdentity, currents: CurrentCertificate[] = [inUse(current)], known: Uint8Array[] = []) =>
  verifyReplacement(await file(identity), { current: currents, knownIssuersDer: known, expectedIssuerCN: 'Intermediate CA' });

beforeAll(async () => {
  pki = await createTestPki();
  current = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({});
}, 60_000);

describe('accepted', () => {
  test('a genuine replacement: every check passes, the tie names the intermediate', async () => {
    const decision = await decide(renewed);
    expect(decision.ok).toBe(true);
    expect(decision.checks.map((c) => [c.id, c.status])).toEqual([
      ['password', 'pass'],
      ['single-identity', 'pass'],
      ['key-match', 'pass'],
      ['client-auth', 'pass'],
      ['not-ca', 'pass'],
      ['not-expired', 'pass'],
      ['same-subject', 'pass'],
      ['issuer', 'pass'],
      ['trusted-issuer', 'pass'],
      ['newer-than-current', 'pass'],
    ]);
    expect(Buffer.from(decision.trustedIssuerDer!)).toEqual(Buffer.from(der(pki.intermediateCertPem)));
  });

  test('nothing to compare with (a vendor first install): warnings, no tie', async () => {
    const decision = await decide(renewed, []);
    expect(decision.ok).toBe(true);
    expect(decision.trustedIssuerDer).toBeNull();
    expect(decision.checks.filter((c) => c.status === 'warn').map((c) => c.id)).toEqual(['same-subject', 'trusted-issuer', 'newer-than-current']);
  });
});

describe('refused, each with its code and the next step', () => {
  test.each(FORGERY_KINDS)('forged chain (%s): UNTRUSTED_ISSUER', async (kind) => {
    const forged = await (await createForgingCa(pki, kind)).issueClient();
    // The store holds the genuine intermediate too: it must not help the forgery.
    const decision = await decide(forged, [inUse(current)], [der(pki.intermediateCertPem)]);
    expect(decision.ok).toBe(false);
    const failure = firstFailure(decision)!;
    expect(failure).toMatchObject({ id: 'trusted-issuer', code: 'UNTRUSTED_ISSUER', blocking: true });
    expect(getMessage(ja, failure.messageKey, failure.substitutions)).toContain('ORCAMO の画面からもう一度ダウンロード');
    expect(getMessage(ja, failure.messageKey, failure.substitutions)).toContain('現在の証明書はそのまま使えます');
    expect(getMessage(en, failure.messageKey, failure.substitutions)).toContain('Download it again from ORCAMO');
    expect(decision.trustedIssuerDer).toBeNull();
  });

  test('a genuine intermediate shipped with a forged leaf: UNTRUSTED_ISSUER', async () => {
    const forged = await (await createForgingCa(pki, 'sameKeyId')).issueWithGenuineChain();
    expect(firstFailure(await decide(forged))?.code).toBe('UNTRUSTED_ISSUER');
  });

  test.each([
    ['another clinic (O)', { O: 'u00000999' }],
    ['another terminal (CN)', { CN: 'client9999' }],
  ])('%s, same CA: SUBJECT_MISMATCH', async (_name, subject) => {
    const other = await pki.issueClient({ subject });
    const decision = await decide(other);
    const failure = firstFailure(decision)!;
    expect(failure).toMatchObject({ id: 'same-subject', code: 'SUBJECT_MISMATCH', substitutions: ['client1210 / u00000126'] });
    expect(getMessage(ja, failure.messageKey, failure.substitutions)).toContain('ORCAMO からダウンロードしたファイルか確認してください');
    expect(getMessage(en, failure.messageKey, failure.substitutions)).toContain('current: client1210 / u00000126');
  });

  test('an older file, same CA and subject: NOT_NEWER', async () => {
    const older = await pki.issueClient({ daysLeft: 30 });
    const failure = firstFailure(await decide(older))!;
    expect(failure).toMatchObject({ id: 'newer-than-current', code: 'NOT_NEWER' });
    expect(getMessage(ja, failure.messageKey, failure.substitutions)).toContain('差し替え用の証明書をダウンロードしてください');
  });
});

describe('which certificate is "in use"', () => {
  test('the new certificate itself never vouches for itself', async () => {
    const decision = await decide(renewed, [inUse(renewed)]);
    expect(decision.comparedWith).toBeNull();
    expect(decision.checks.find((c) => c.id === 'trusted-issuer')?.status).toBe('warn');
  });

  test('a verified identity is preferred: an unverified look-alike already in the store vouches for nothing', async () => {
    const forger = await createForgingCa(pki, 'lookAlike');
    const planted = await forger.issueClient({ notAfter: new Date(Date.now() + 400 * DAY_MS) });
    const next = await forger.issueClient();
    const decision = await decide(next, [inUse(planted), inUse(current, { verified: true })]);
    expect(firstFailure(decision)?.code).toBe('UNTRUSTED_ISSUER');
    expect(decision.comparedWith?.verified).toBe(true);
  });

  test('accepted when it passes against one of several: an old and a renewed identity in the stores', async () => {
    const next = await pki.issueClient({ notAfter: new Date(renewed.notAfter.getTime() + DAY_MS) });
    const decision = await decide(next, [inUse(current), inUse(renewed, { verified: true })]);
    expect(decision.ok).toBe(true);
    expect(decision.comparedWith?.notAfter).toBe(renewed.notAfter.toISOString());
  });
});

describe('words', () => {
  test('every key a check can carry is in _locales: Japanese in ja, English in en, the same substitutions', () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/lib/renewal-checks.ts'), 'utf8');
    const used = [...source.matchAll(/'(check[A-Z][A-Za-z]*)'/g)].map((match) => match[1]!);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((key) => !(CHECK_MESSAGE_KEYS as readonly string[]).includes(key))).toEqual([]);
    for (const key of CHECK_MESSAGE_KEYS) {
      const count = Object.keys(ja[key]?.placeholders ?? {}).length;
      const subs = Array.from({ length: count }, (_, i) => `<${i + 1}>`);
      expect(getMessage(ja, key, subs), key).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      for (const sub of subs) expect(getMessage(ja, key, subs), key).toContain(sub);
      for (const sub of subs) expect(getMessage(en, key, subs), key).toContain(sub);
      expect(Object.keys(en[key]?.placeholders ?? {}).sort(), key).toEqual(Object.keys(ja[key]?.placeholders ?? {}).sort());
      expect(getMessage(en, key, subs), key).toMatch(/[A-Za-z]/);
      expect(getMessage(en, key, subs), key).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});
