/**
 * Node's OpenSSL under the shared PKCS#12 reader (src/lib/pkcs12/primitives.ts): the same answers as node-forge and
 * WebCrypto, synchronous and without forge's cold start. RC2 stays forge's: OpenSSL 3 keeps it in the legacy provider,
 * which Node does not load.
 */
import { createDecipheriv, createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { FORGE_PRIMITIVES, type CbcCipher, type DigestName, type Pkcs12Primitives } from '../../src/lib/pkcs12/primitives';

const HASHES: Readonly<Record<DigestName, string>> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function opensslCipher(cipher: Exclude<CbcCipher, { rc2EffectiveBits: number }>, keyBytes: number): string | null {
  if (cipher === '3DES-CBC') return keyBytes === 24 ? 'des-ede3-cbc' : null;
  return keyBytes === 16 || keyBytes === 24 || keyBytes === 32 ? `aes-${keyBytes * 8}-cbc` : null;
}

export const NODE_PRIMITIVES: Pkcs12Primitives = {
  iteratedDigest(hash, input, iterations) {
    const name = HASHES[hash];
    let a: Uint8Array = input;
    for (let r = 0; r < iterations; r++) a = createHash(name).update(a).digest();
    return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  },
  cbcDecryptRaw(cipher, key, iv, data) {
    if (typeof cipher !== 'string') return FORGE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, data);
    const name = opensslCipher(cipher, key.length);
    if (!name) return FORGE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, data);
    try {
      const decipher = createDecipheriv(name, key, iv).setAutoPadding(false);
      const out = Buffer.concat([decipher.update(data), decipher.final()]);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    } catch {
      return null; // not whole blocks
    }
  },
  hmac(hash, key, data) {
    const out = createHmac(HASHES[hash], key).update(data).digest();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  pbkdf2(hash, password, salt, iterations, bytes) {
    const out = pbkdf2Sync(password, salt, iterations, bytes, HASHES[hash]);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};
