import { forgeCbcDecryptRaw, forgeIteratedDigest, type ForgeHash } from './forge';

export type DigestName = ForgeHash;
export type CbcCipher = '3DES-CBC' | 'AES-CBC' | { rc2EffectiveBits: number };

/**
 * The synchronous primitives under the PKCS#12 KDF, the integrity MAC and the ciphers WebCrypto lacks. node-forge's
 * run anywhere, the extension's service worker included. A host may install its platform's instead
 * (`usePkcs12Primitives`, as pkijs's `setEngine` does for WebCrypto): the native host installs Node's OpenSSL, which
 * gives the same bytes without forge's cold start (~50 ms of a CLI `inspect`). What it leaves out stays as it is.
 */
export interface Pkcs12Primitives {
  /** H^c(input), the KDF's strictly sequential iterated hash. */
  iteratedDigest(hash: DigestName, input: Uint8Array, iterations: number): Uint8Array;
  /** CBC decryption without unpadding (the caller checks PKCS#7 strictly); null when the input is not whole blocks. */
  cbcDecryptRaw(cipher: CbcCipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | null;
  /** HMAC for the integrity MAC; without it, WebCrypto's (asynchronous). */
  hmac?(hash: DigestName, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** PBKDF2-HMAC for PBES2; without it, WebCrypto's (asynchronous). */
  pbkdf2?(hash: DigestName, password: Uint8Array, salt: Uint8Array, iterations: number, bytes: number): Uint8Array;
}

export const FORGE_PRIMITIVES: Pkcs12Primitives = { iteratedDigest: forgeIteratedDigest, cbcDecryptRaw: forgeCbcDecryptRaw };

let installed: Pkcs12Primitives = FORGE_PRIMITIVES;

/** Installs a platform's primitives for this process (null: back to forge and WebCrypto). */
export function usePkcs12Primitives(primitives: Partial<Pkcs12Primitives> | null): void {
  installed = primitives ? { ...FORGE_PRIMITIVES, ...primitives } : FORGE_PRIMITIVES;
}

export function pkcs12Primitives(): Pkcs12Primitives {
  return installed;
}
