import * as pkijs from 'pkijs';
import { asInteger, asOctetString, asSequence, children, contentBytes, malformed, readCount } from './asn1';
import { bytesEqual, ownBuffer } from './bytes';
import { Pkcs12Failure } from './errors';
import { KDF_MAC, pkcs12Kdf, pkcs12KdfCost } from './kdf';
import { assertIterations, type WorkBudget } from './limits';
import { OID } from './oids';
import { pkcs12Primitives } from './primitives';
import type { PasswordCandidate } from './password';
import type { MacAlgorithm } from './types';

/**
 * The password-integrity MAC (RFC 7292 §4 and appendix B): HMAC over the AuthenticatedSafe bytes, keyed with the
 * PKCS#12 KDF (ID 3) output, as long as the digest. It is the reliable wrong-password signal.
 */

const DIGESTS: Readonly<Record<string, { name: MacAlgorithm; bytes: number }>> = {
  [OID.sha1]: { name: 'SHA-1', bytes: 20 },
  [OID.sha256]: { name: 'SHA-256', bytes: 32 },
  [OID.sha384]: { name: 'SHA-384', bytes: 48 },
  [OID.sha512]: { name: 'SHA-512', bytes: 64 },
};

export interface MacCheck {
  readonly algorithm: MacAlgorithm;
  readonly iterations: number;
  readonly cost: number;
  /** True if the MAC verifies with this password encoding. */
  verify(candidate: PasswordCandidate): Promise<boolean>;
}

/**
 * Parses MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 } and
 * validates algorithm and iteration count, without deriving anything yet.
 */
export function readMacData(macData: unknown, authenticatedContent: Uint8Array): MacCheck {
  const fields = children(asSequence(macData, 'MacData'));
  let digestInfo: pkijs.DigestInfo;
  try {
    digestInfo = new pkijs.DigestInfo({ schema: asSequence(fields[0], 'MacData DigestInfo') });
  } catch (error) {
    if (error instanceof Pkcs12Failure) throw error;
    throw malformed('MacData: cannot be parsed');
  }
  const oid = digestInfo.digestAlgorithm.algorithmId;
  if (oid === OID.pbmac1) throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', 'MAC: PBMAC1', { algorithm: 'PBMAC1' });
  const digest = DIGESTS[oid];
  if (!digest) throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `MAC digest ${oid}`, { algorithm: oid });
  const expected = contentBytes(digestInfo.digest).slice();
  if (expected.length !== digest.bytes) throw malformed('MAC: wrong length');
  const salt = contentBytes(asOctetString(fields[1], 'MacData salt')).slice();
  // iterations INTEGER DEFAULT 1 (old files omit it).
  const iterations = fields[2] === undefined ? 1 : assertIterations(readCount(asInteger(fields[2], 'MAC iterations'), 'MAC'), 'MAC');

  return {
    algorithm: digest.name,
    iterations,
    cost: pkcs12KdfCost(digest.name, iterations, digest.bytes),
    async verify(candidate) {
      const key = pkcs12Kdf(digest.name, candidate.pkcs12, salt, KDF_MAC, iterations, digest.bytes);
      const { hmac } = pkcs12Primitives();
      if (hmac) return bytesEqual(hmac(digest.name, key, authenticatedContent), expected);
      const subtle = globalThis.crypto.subtle;
      const hmacKey = await subtle.importKey('raw', ownBuffer(key), { name: 'HMAC', hash: digest.name }, false, ['verify']);
      return subtle.verify('HMAC', hmacKey, ownBuffer(expected), ownBuffer(authenticatedContent));
    },
  };
}

/** Finds the password encoding the MAC verifies with, or fails with BAD_PASSWORD. */
export async function verifyMac(mac: MacCheck, candidates: readonly PasswordCandidate[], budget: WorkBudget): Promise<PasswordCandidate> {
  for (const candidate of candidates) {
    budget.charge(mac.cost);
    if (await mac.verify(candidate)) return candidate;
  }
  throw new Pkcs12Failure('BAD_PASSWORD');
}
