import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseBer } from './asn1';
import { bytesEqual } from './bytes';
import { OID } from './oids';

/**
 * Chain of trust for a replacement, with no stored CA (issue 12): the new certificate is accepted as the clinic's
 * only when the issuer certificate that signed the certificate in use also signed the new one. A look-alike CA that
 * merely shares the name `Intermediate CA` cannot do that without the real CA's private key.
 *
 * Candidates for that issuer: the intermediate(s) shipped in the new file first, then issuer certificates the caller
 * knows (the ones the certificate stores hold, or one the host recorded at an earlier verified renewal) — a file
 * without a chain is normal. A candidate ties the two certificates when it is a CA whose name is the issuer name of
 * both, whose subject key id agrees with both authority key ids, and whose public key verifies BOTH signatures.
 * The signatures are checked with WebCrypto (through pkijs): the same code runs in the service worker and the host.
 */

/** Why no candidate tied the certificates, the most telling reason first (see RANK). */
export type TrustFailureReason = 'newNotSigned' | 'currentNotSigned' | 'keyIdMismatch' | 'nameMismatch' | 'notCa' | 'noIssuer' | 'unreadable';

export type TieResult =
  | {
      ok: true;
      /** DER of the issuer certificate that verified both signatures: the only CA certificate a store may receive. */
      issuerDer: Uint8Array;
      source: 'file' | 'known';
    }
  | { ok: false; reason: TrustFailureReason; detail: string };

export interface TieInput {
  /** The certificate that would be imported. */
  newCertificateDer: Uint8Array;
  /** The other certificates in its file (PKCS#12 material.chainDer). */
  fileChainDer: readonly Uint8Array[];
  /** The certificate in use today. */
  currentCertificateDer: Uint8Array;
  /** Issuer certificates held by the stores or recorded at a verified renewal. */
  knownIssuersDer: readonly Uint8Array[];
}

/** Higher is more telling: the reason reported when every candidate fails. */
const RANK: Record<TrustFailureReason, number> = {
  unreadable: 0,
  noIssuer: 1,
  notCa: 2,
  nameMismatch: 3,
  keyIdMismatch: 4,
  currentNotSigned: 5,
  newNotSigned: 6,
};

const DETAIL: Record<TrustFailureReason, string> = {
  unreadable: 'a certificate could not be parsed',
  noIssuer: 'no issuer certificate is available: the file has no chain and none is known',
  notCa: 'the issuer candidate is not a CA certificate',
  nameMismatch: 'the issuer candidate is not named as the issuer of both certificates',
  keyIdMismatch: 'the key identifiers (AKI/SKI) of the issuer candidate and the certificates disagree',
  currentNotSigned: 'the issuer candidate did not sign the certificate in use',
  newNotSigned: 'the new certificate is not signed by the issuer of the certificate in use',
};

export async function tieToCurrentIssuer(input: TieInput): Promise<TieResult> {
  const fresh = tryParse(input.newCertificateDer);
  const current = tryParse(input.currentCertificateDer);
  if (!fresh || !current) return failure('unreadable');

  const seen: Uint8Array[] = [];
  const candidates: Array<{ der: Uint8Array; source: 'file' | 'known' }> = [];
  for (const [list, source] of [
    [input.fileChainDer, 'file'],
    [input.knownIssuersDer, 'known'],
  ] as const) {
    for (const der of list) {
      if (seen.some((other) => bytesEqual(other, der))) continue;
      seen.push(der);
      candidates.push({ der, source });
    }
  }

  let worst: TrustFailureReason = 'noIssuer';
  for (const candidate of candidates) {
    const issuer = tryParse(candidate.der);
    const outcome = issuer ? await ties(issuer, fresh, current) : 'unreadable';
    if (outcome === true) return { ok: true, issuerDer: candidate.der, source: candidate.source };
    if (RANK[outcome] > RANK[worst]) worst = outcome;
  }
  return failure(worst);
}

/**
 * The certificate in `chain` that issued `leaf` (name, key ids, signature), or null. Used after a server accepted
 * the leaf in a handshake, when there was no certificate in use to compare with: the issuer that signed an accepted
 * certificate is the one to keep.
 */
export async function issuerInChain(leafDer: Uint8Array, chain: readonly Uint8Array[]): Promise<Uint8Array | null> {
  const leaf = tryParse(leafDer);
  if (!leaf) return null;
  for (const der of chain) {
    const issuer = tryParse(der);
    if (issuer && (await ties(issuer, leaf, leaf)) === true) return der;
  }
  return null;
}

/** true, or why this issuer candidate does not tie both certificates. */
async function ties(issuer: pkijs.Certificate, fresh: pkijs.Certificate, current: pkijs.Certificate): Promise<true | TrustFailureReason> {
  if (!isCa(issuer)) return 'notCa';
  if (!issuer.subject.isEqual(fresh.issuer) || !issuer.subject.isEqual(current.issuer)) return 'nameMismatch';
  const ski = subjectKeyId(issuer);
  const akiFresh = authorityKeyId(fresh);
  const akiCurrent = authorityKeyId(current);
  const agree = (a: Uint8Array | null, b: Uint8Array | null): boolean => a === null || b === null || bytesEqual(a, b);
  if (!agree(ski, akiFresh) || !agree(ski, akiCurrent) || !agree(akiFresh, akiCurrent)) return 'keyIdMismatch';
  if (!(await signedBy(current, issuer))) return 'currentNotSigned';
  if (!(await signedBy(fresh, issuer))) return 'newNotSigned';
  return true;
}

async function signedBy(child: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await child.verify(issuer);
  } catch {
    // An algorithm WebCrypto cannot verify proves nothing: not signed as far as we can tell.
    return false;
  }
}

/** basicConstraints cA = TRUE, and keyCertSign when a keyUsage extension is present (RFC 5280 4.2.1.3, 4.2.1.9). */
function isCa(certificate: pkijs.Certificate): boolean {
  const basic = extensionValue(certificate, OID.basicConstraints);
  if (!basic) return false;
  try {
    if (new pkijs.BasicConstraints({ schema: basic }).cA !== true) return false;
  } catch {
    return false;
  }
  const usage = extensionValue(certificate, '2.5.29.15');
  if (!usage) return true;
  if (!(usage instanceof asn1js.BitString)) return false;
  const bits = usage.valueBlock.valueHexView;
  // keyCertSign is bit 5: the sixth bit of the first byte, counting from the most significant.
  return bits.length > 0 && (bits[0]! & 0x04) !== 0;
}

function subjectKeyId(certificate: pkijs.Certificate): Uint8Array | null {
  const value = extensionValue(certificate, '2.5.29.14');
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView : null;
}

function authorityKeyId(certificate: pkijs.Certificate): Uint8Array | null {
  const value = extensionValue(certificate, '2.5.29.35');
  if (!value) return null;
  try {
    const aki = new pkijs.AuthorityKeyIdentifier({ schema: value });
    return aki.keyIdentifier ? aki.keyIdentifier.valueBlock.valueHexView : null;
  } catch {
    return null;
  }
}

function extensionValue(certificate: pkijs.Certificate, oid: string): asn1js.AsnType | null {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === oid);
  if (!extension) return null;
  try {
    return parseBer(extension.extnValue.valueBlock.valueHexView, oid);
  } catch {
    return null;
  }
}

function tryParse(der: Uint8Array): pkijs.Certificate | null {
  try {
    return new pkijs.Certificate({ schema: parseBer(der, 'certificate') });
  } catch {
    return null;
  }
}

function failure(reason: TrustFailureReason): TieResult {
  return { ok: false, reason, detail: DETAIL[reason] };
}
