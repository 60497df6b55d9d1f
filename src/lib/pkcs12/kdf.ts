import { pkcs12Primitives, type DigestName } from './primitives';

/**
 * The PKCS#12 key-derivation function, RFC 7292 appendix B.2. Used for the legacy PBE ciphers (ID 1 = key,
 * ID 2 = IV) and for the integrity MAC key (ID 3).
 *
 * The iterated hashing H^c(D||I) is strictly sequential, so it runs on a synchronous digest (primitives.ts: forge, or
 * the host's OpenSSL): WebCrypto's digest() is asynchronous and costs ~40 µs per call, i.e. ~40 s for a
 * 1,000,000-iteration file instead of ~1 s.
 */

export type KdfPurpose = 1 | 2 | 3;

export const KDF_KEY: KdfPurpose = 1;
export const KDF_IV: KdfPurpose = 2;
export const KDF_MAC: KdfPurpose = 3;

/** Work units one derivation costs (hash compressions, weighted by the hash's relative cost). */
export function pkcs12KdfCost(hash: DigestName, iterations: number, outputBytes: number): number {
  const { u } = SIZES[hash];
  const weight = hash === 'SHA-384' || hash === 'SHA-512' ? 3 : 1;
  return Math.ceil(outputBytes / u) * iterations * weight;
}

/** Output and block sizes of the KDF's hashes (u and v in RFC 7292 appendix B.2). */
const SIZES: Readonly<Record<DigestName, { u: number; v: number }>> = {
  'SHA-1': { u: 20, v: 64 },
  'SHA-256': { u: 32, v: 64 },
  'SHA-384': { u: 48, v: 128 },
  'SHA-512': { u: 64, v: 128 },
};

/** Repeats `source` to exactly `length` bytes (the last copy truncated). Empty source gives empty output. */
function fill(source: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (source.length === 0) return out.subarray(0, 0);
  for (let i = 0; i < length; i++) out[i] = source[i % source.length]!;
  return out;
}

/**
 * @param password the password already encoded as PKCS#12 expects: BMPString with a 00 00 terminator, or zero
 *   bytes for a NULL password (the two differ, and Windows produces both).
 */
export function pkcs12Kdf(hash: DigestName, password: Uint8Array, salt: Uint8Array, id: KdfPurpose, iterations: number, outputBytes: number): Uint8Array {
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError('iterations must be >= 1');
  const { iteratedDigest } = pkcs12Primitives();
  const { u, v } = SIZES[hash];

  // Steps 1-4: D = v copies of ID; I = S || P, salt and password each stretched to a multiple of v.
  const s = fill(salt, v * Math.ceil(salt.length / v));
  const p = fill(password, v * Math.ceil(password.length / v));
  // D || I in one buffer: I is updated in place between blocks (step 6c).
  const block = new Uint8Array(v + s.length + p.length);
  block.fill(id, 0, v);
  const input = block.subarray(v);
  input.set(s, 0);
  input.set(p, s.length);

  // Steps 5-6.
  const blocks = Math.ceil(outputBytes / u);
  const out = new Uint8Array(blocks * u);
  for (let i = 0; i < blocks; i++) {
    // 6a. A_i = H^c(D || I)
    const ai = iteratedDigest(hash, block, iterations);
    out.set(ai, i * u);
    if (i === blocks - 1) break;

    // 6b-c. B = A_i stretched to v bytes; each v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v).
    const b = fill(ai, v);
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[j + k]! + b[k]! + carry;
        input[j + k] = sum & 0xff;
        carry = sum >>> 8;
      }
    }
  }
  return out.subarray(0, outputBytes);
}
