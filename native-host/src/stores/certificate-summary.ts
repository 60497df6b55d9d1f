/**
 * What the stores need to know about a certificate they find: the names and dates the popup shows, the SHA-1
 * thumbprint we address identities by, and NSS's key id (CKA_ID) so a key can be deleted without its nickname.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { certificateFacts, isoSeconds, parseCertificate } from '../../../src/lib/pkcs12/certificate';
import type { NameMap } from '../../../src/lib/pkcs12/types';
import { WEBORCA_ISSUER_CN } from '../../../src/lib/site';
import type { StoreInfo, StoredIdentity } from './types';

export interface CertificateSummary {
  subject: NameMap;
  issuer: NameMap;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  clientAuth: boolean;
  isCA: boolean;
  thumbprint: string;
  sha256: string;
  /** NSS's CKA_ID for the key pair: SHA-1 of the RSA modulus or of the EC public point; null for other key types. */
  nssKeyId: string | null;
  /** The certificate as found in the store. */
  der: Uint8Array;
}

const DAY_MS = 86_400_000;

export function summarizeCertificate(der: Uint8Array, now: Date): CertificateSummary {
  const certificate = parseCertificate(der);
  const facts = certificateFacts(certificate);
  return {
    subject: facts.subject,
    issuer: facts.issuer,
    serialNumber: facts.serialNumber,
    notBefore: isoSeconds(facts.notBefore),
    notAfter: isoSeconds(facts.notAfter),
    daysLeft: Math.floor((facts.notAfter.getTime() - now.getTime()) / DAY_MS),
    clientAuth: facts.clientAuth,
    isCA: facts.isCA,
    thumbprint: hash('sha1', der),
    sha256: hash('sha256', der),
    nssKeyId: nssKeyId(certificate),
    der,
  };
}

/**
 * A WebORCA client certificate: issued by `Intermediate CA` (one name, not repeated), for client authentication, not
 * a CA. The host reports, compares with and removes only these; a clinic's VPN or e-mail certificate is none of its
 * business.
 */
export function isWebOrcaCertificate(summary: Pick<CertificateSummary, 'issuer' | 'clientAuth' | 'isCA'>): boolean {
  return summary.issuer.CN === WEBORCA_ISSUER_CN && summary.clientAuth && !summary.isCA;
}

function nssKeyId(certificate: pkijs.Certificate): string | null {
  const spki = certificate.subjectPublicKeyInfo;
  const key = spki.subjectPublicKey.valueBlock.valueHexView;
  switch (spki.algorithm.algorithmId) {
    case '1.2.840.113549.1.1.1': {
      const parsed = asn1js.fromBER(key);
      if (parsed.offset === -1) return null;
      const rsa = new pkijs.RSAPublicKey({ schema: parsed.result });
      let modulus = rsa.modulus.valueBlock.valueHexView;
      while (modulus.length > 1 && modulus[0] === 0) modulus = modulus.subarray(1);
      return hash('sha1', modulus).toLowerCase();
    }
    case '1.2.840.10045.2.1':
      return hash('sha1', key).toLowerCase();
    default:
      return null;
  }
}

function hash(algorithm: 'sha1' | 'sha256', data: Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex').toUpperCase();
}

export function pemBlocks(text: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (const match of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
    blocks.push(new Uint8Array(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64')));
  }
  return blocks;
}

/** The identity a store reports, the same shape from every store. */
export function storedIdentity(store: StoreInfo, summary: CertificateSummary, hasPrivateKey: boolean): StoredIdentity {
  return {
    store,
    subject: summary.subject,
    issuer: summary.issuer,
    serialNumber: summary.serialNumber,
    notBefore: summary.notBefore,
    notAfter: summary.notAfter,
    daysLeft: summary.daysLeft,
    thumbprint: summary.thumbprint,
    sha256: summary.sha256,
    hasPrivateKey,
    certificate: Buffer.from(summary.der).toString('base64'),
  };
}
