import { DecryptionFailed } from './errors';

/** Checks the ciphertext can be CBC-decrypted at all: a non-empty whole number of blocks. */
export function assertBlockAligned(data: Uint8Array, blockSize: number): void {
  if (data.length === 0 || data.length % blockSize !== 0) throw new DecryptionFailed();
}

/**
 * Strict PKCS#7 unpadding: 1..blockSize bytes, all equal to the count. A wrong password yields a valid-looking
 * pad only about 1 time in 256, and the ASN.1 check that follows catches those.
 */
export function unpadPkcs7(plain: Uint8Array, blockSize: number): Uint8Array {
  const count = plain.length > 0 ? plain[plain.length - 1]! : 0;
  if (count < 1 || count > blockSize || count > plain.length) throw new DecryptionFailed();
  for (let i = plain.length - count; i < plain.length; i++) {
    if (plain[i] !== count) throw new DecryptionFailed();
  }
  return plain.subarray(0, plain.length - count);
}
