/**
 * The WebORCA identities of every store of this user, as `list`, the import's trust check and `removeIdentity` see
 * them: only certificates issued by `Intermediate CA` for client authentication (not CAs), each with its DER and
 * whether the host proved it in a handshake; plus the issuer certificates the stores hold and the host recorded.
 * A store that cannot be read is reported and the others still listed.
 */
import type { Failure } from './host/failure';
import { isWebOrcaCertificate, summarizeCertificate } from './stores/certificate-summary';
import { storeFailure, type CertificateStore, type StoredIdentity } from './stores/types';
import type { VerifiedRecords } from './verified-records';

export interface WebOrcaIdentity extends StoredIdentity {
  verified: boolean;
  der: Uint8Array;
}

export interface WebOrcaListing {
  identities: WebOrcaIdentity[];
  /** Issuer certificates (DER) the stores hold and the host recorded at verified renewals, distinct. */
  issuers: Uint8Array[];
  errors: Array<{ store: CertificateStore; failure: Failure }>;
}

export async function listWebOrcaIdentities(
  stores: readonly CertificateStore[],
  records: VerifiedRecords,
  now: Date,
  options: { issuers?: boolean } = {},
): Promise<WebOrcaListing> {
  const identities: WebOrcaIdentity[] = [];
  const errors: WebOrcaListing['errors'] = [];
  const issuers: Uint8Array[] = [];
  for (const store of stores) {
    try {
      for (const identity of await store.list(now)) {
        const der = new Uint8Array(Buffer.from(identity.certificate, 'base64'));
        let webOrca = false;
        try {
          webOrca = isWebOrcaCertificate(summarizeCertificate(der, now));
        } catch {
          // Unreadable: not a WebORCA identity.
        }
        if (webOrca) identities.push({ ...identity, verified: records.isVerified(identity.thumbprint), der });
      }
      if (options.issuers !== false && store.issuers) issuers.push(...(await store.issuers()));
    } catch (error) {
      errors.push({ store, failure: storeFailure(error, store.info) });
    }
  }
  if (options.issuers !== false) issuers.push(...records.issuers());
  return { identities, issuers: distinct(issuers), errors };
}

function distinct(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return list.filter((der) => {
    const key = Buffer.from(der).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
