/**
 * The chain of trust (src/lib/pkcs12/chain.ts) on real certificates: the simulator's PKI for the genuine ones, and
 * forgeries built the way an attacker would (test/simulator/forged.ts). A replacement ties to the certificate in use
 * only when one issuer certificate verifies BOTH signatures; a shared name or a copied key id is not enough.
 */
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { issuerInChain, readPkcs12, tieToCurrentIssuer, type Pkcs12Material } from '../../../src/lib/pkcs12/index';
import { createTestPki, type IssuedIdentity, type TestPki } from '../../simulator/index';
import { createForgingCa } from '../../simulator/forged';

let pki: TestPki;
let current: IssuedIdentity;
let renewed: IssuedIdentity;
let intermediateDer: Uint8Array;

const der = (pem: string): Uint8Array => new Uint8Array(new X509Certificate(pem).raw);

async function material(identity: IssuedIdentity): Promise<Pkcs12Material> {
  const read = await readPkcs12(identity.p12, identity.password);
  if (!read.ok) throw new Error(read.error.code);
  return read.material;
}

async function tie(identity: IssuedIdentity, options: { withChain?: boolean; known?: Uint8Array[] } = {}) {
  const m = await material(identity);
  return tieToCurrentIssuer({
    newCertificateDer: m.certificateDer,
    fileChainDer: options.withChain === false ? [] : m.chainDer,
    currentCertificateDer: der(current.certPem),
    knownIssuersDer: options.known ?? [],
  });
}

beforeAll(async () => {
  pki = await createTestPki();
  current = await pki.issueClient({ daysLeft: 60 });
  renewed = await pki.issueClient({});
  intermediateDer = der(pki.intermediateCertPem);
}, 60_000);

describe('a genuine replacement', () => {
  test('ties through the intermediate shipped in the file', async () => {
    const result = await tie(renewed);
    expect(result).toMatchObject({ ok: true, source: 'file' });
    if (result.ok) expect(Buffer.from(result.issuerDer)).toEqual(Buffer.from(intermediateDer));
  });

  test('without a chain in the file, through the issuer a store holds', async () => {
    expect(await tie(renewed, { withChain: false, known: [intermediateDer] })).toMatchObject({ ok: true, source: 'known' });
  });

  test('without a chain and with no known issuer, nothing vouches for it', async () => {
    expect(await tie(renewed, { withChain: false })).toMatchObject({ ok: false, reason: 'noIssuer' });
  });

  test('a root in the chain is never the tie (only the issuer of both certificates is)', async () => {
    const m = await material(renewed);
    const result = await tieToCurrentIssuer({
      newCertificateDer: m.certificateDer,
      fileChainDer: [der(pki.rootCertPem), ...m.chainDer],
      currentCertificateDer: der(current.certPem),
      knownIssuersDer: [],
    });
    expect(result.ok && Buffer.from(result.issuerDer).equals(Buffer.from(intermediateDer))).toBe(true);
  });
});

describe('forgeries with the clinic subject are refused', () => {
  test('a look-alike CA that only shares the name Intermediate CA', async () => {
    const forged = await (await createForgingCa(pki, 'lookAlike')).issueClient();
    expect(await tie(forged)).toMatchObject({ ok: false, reason: 'keyIdMismatch' });
    // Even with the genuine intermediate known (as a store holds it): the genuine key did not sign it.
    expect(await tie(forged, { known: [intermediateDer] })).toMatchObject({ ok: false });
  });

  test('a CA with the genuine key id but another key: only the signature tells', async () => {
    const forged = await (await createForgingCa(pki, 'sameKeyId')).issueClient();
    expect(await tie(forged)).toMatchObject({ ok: false, reason: 'currentNotSigned' });
    expect(await tie(forged, { known: [intermediateDer] })).toMatchObject({ ok: false, reason: 'newNotSigned' });
  });

  test('another root with an Intermediate CA under it', async () => {
    const forged = await (await createForgingCa(pki, 'otherRoot')).issueClient();
    expect(await tie(forged, { known: [intermediateDer] })).toMatchObject({ ok: false });
  });

  test('the genuine intermediate shipped with a leaf the look-alike signed', async () => {
    for (const kind of ['lookAlike', 'sameKeyId'] as const) {
      const forged = await (await createForgingCa(pki, kind)).issueWithGenuineChain();
      expect(await tie(forged), kind).toMatchObject({ ok: false, reason: 'newNotSigned' });
    }
  });

  test('a stranger PKI with the same names', async () => {
    const stranger = await (await createTestPki()).issueClient({});
    expect(await tie(stranger, { known: [intermediateDer] })).toMatchObject({ ok: false });
  });
});

describe('issuerInChain', () => {
  test('finds the certificate that signed the leaf, and none for a forgery shipped with the genuine chain', async () => {
    const m = await material(renewed);
    expect(Buffer.from((await issuerInChain(m.certificateDer, m.chainDer))!)).toEqual(Buffer.from(intermediateDer));
    const forged = await material(await (await createForgingCa(pki, 'sameKeyId')).issueWithGenuineChain());
    expect(await issuerInChain(forged.certificateDer, forged.chainDer)).toBeNull();
  });
});
