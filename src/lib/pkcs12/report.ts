import type { FileContents } from './bags';
import { ownBuffer, toHex } from './bytes';
import { certificateFacts, isoSeconds, type CertificateFacts } from './certificate';
import { Pkcs12Failure } from './errors';
import { certificateKeyIdentity, privateKeyIdentity, type PublicKeyIdentity } from './keys';
import type { PasswordCandidate } from './password';
import { findProblems } from './problems';
import type { MacAlgorithm, Pkcs12Material, Pkcs12Report } from './types';

const DAY_MS = 86_400_000;
/** Allowed difference between the PC clock and the issuer's before NOT_YET_VALID is reported. */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * The contract (docs/ARCHITECTURE.md): the certificate whose public key matches the first private key, else the first
 * non-CA certificate, else the first certificate.
 */
export function chooseCertificate(
  facts: readonly CertificateFacts[],
  certKeys: readonly (PublicKeyIdentity | null)[],
  firstKey: PublicKeyIdentity | undefined,
): number {
  if (firstKey) {
    const i = certKeys.findIndex((k) => k?.fingerprint === firstKey.fingerprint);
    if (i >= 0) return i;
  }
  const nonCa = facts.findIndex((f) => !f.isCA);
  return nonCa >= 0 ? nonCa : 0;
}

export interface MacSummary {
  algorithm: MacAlgorithm;
  iterations: number;
}

export async function buildReport(
  contents: FileContents,
  mac: MacSummary | null,
  password: PasswordCandidate,
  now: Date,
): Promise<{ report: Pkcs12Report; material: Pkcs12Material }> {
  const { certificates, keys } = contents;
  if (certificates.length === 0) throw new Pkcs12Failure('NOT_PKCS12', 'no certificate in the file');

  const keyIds: PublicKeyIdentity[] = [];
  for (const key of keys) keyIds.push(await privateKeyIdentity(key.info, key.pkcs8));
  const facts = certificates.map((c) => certificateFacts(c.certificate));
  const certKeys: (PublicKeyIdentity | null)[] = [];
  for (const c of certificates) certKeys.push(await certificateKeyIdentity(c.certificate));

  const chosen = chooseCertificate(facts, certKeys, keyIds[0]);
  const cert = certificates[chosen]!;
  const fact = facts[chosen]!;
  const publicKey = certKeys[chosen];
  if (!publicKey) {
    const algorithm = cert.certificate.subjectPublicKeyInfo.algorithm.algorithmId;
    throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `certificate public key algorithm ${algorithm}`, { algorithm });
  }

  const matchingKey = keyIds.findIndex((k) => k.fingerprint === publicKey.fingerprint);
  const sha256 = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', ownBuffer(cert.der)));
  const expired = now.getTime() > fact.notAfter.getTime();
  const daysLeft = Math.floor((fact.notAfter.getTime() - now.getTime()) / DAY_MS);
  const others = certificates.map((_, i) => i).filter((i) => i !== chosen);

  const report: Pkcs12Report = {
    certificate: {
      subject: fact.subject,
      issuer: fact.issuer,
      serialNumber: fact.serialNumber,
      notBefore: isoSeconds(fact.notBefore),
      notAfter: isoSeconds(fact.notAfter),
      sha256: toHex(sha256),
      keyType: publicKey.type,
      keyBits: publicKey.bits,
      clientAuth: fact.clientAuth,
      isCA: fact.isCA,
      expired,
      daysLeft,
    },
    privateKey: { present: keys.length > 0, matchesCertificate: matchingKey >= 0 },
    identities: keys.length,
    chain: others.map((i) => ({
      subject: facts[i]!.subject,
      issuer: facts[i]!.issuer,
      serialNumber: facts[i]!.serialNumber,
    })),
    pkcs12: {
      mac: mac?.algorithm ?? null,
      encryption: contents.encryption,
      iterations: mac ? mac.iterations : contents.maxIterations,
    },
    problems: findProblems({
      expired,
      // A certificate issued a moment ago must not warn because the PC's clock is a few minutes behind.
      notYetValid: now.getTime() + CLOCK_SKEW_MS < fact.notBefore.getTime(),
      daysLeft,
      notAfter: fact.notAfter,
      notBefore: fact.notBefore,
      clientAuth: fact.clientAuth,
      isCA: fact.isCA,
      keyCount: keys.length,
      keyMatches: matchingKey >= 0,
      hasMac: mac !== null,
      hasChain: others.length > 0,
    }),
  };

  const key = keys[matchingKey >= 0 ? matchingKey : 0];
  const material: Pkcs12Material = {
    certificateDer: cert.der,
    privateKeyPkcs8: key?.pkcs8 ?? null,
    chainDer: others.map((i) => certificates[i]!.der),
    friendlyName: cert.attributes.friendlyName ?? (matchingKey >= 0 ? keys[matchingKey]!.attributes.friendlyName : null),
    localKeyId: cert.attributes.localKeyId ? toHex(cert.attributes.localKeyId) : null,
    passwordEncoding: password.label,
  };
  return { report, material };
}
