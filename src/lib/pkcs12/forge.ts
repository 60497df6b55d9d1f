/**
 * The parts of node-forge the reader relies on: SHA digests (synchronous, for the PKCS#12 KDF's iterated hashing),
 * and the DES-EDE3, RC2 and AES block ciphers that WebCrypto does not offer (legacy PKCS#12 PBE) or Chrome does not
 * accept (AES-192). The writer (writer.ts) encrypts with the same DES-EDE3. Importing the individual modules keeps the rest of forge (RSA, TLS, PRNG...) out of the bundle.
 */
import forgeObject from 'node-forge/lib/forge.js';
import 'node-forge/lib/util.js';
import 'node-forge/lib/md.js';
import 'node-forge/lib/sha1.js';
import 'node-forge/lib/sha256.js';
import 'node-forge/lib/sha512.js';
import 'node-forge/lib/cipher.js';
import 'node-forge/lib/des.js';
import 'node-forge/lib/rc2.js';
import 'node-forge/lib/aes.js';
import { binaryToBytes, bytesToBinary } from './bytes';

interface ForgeBuffer {
  getBytes(): string;
  length(): number;
}

interface ForgeMessageDigest {
  readonly digestLength: number;
  readonly blockLength: number;
  start(): ForgeMessageDigest;
  update(message: string): ForgeMessageDigest;
  digest(): ForgeBuffer;
}

/** Padding hook of forge's ciphers: returning true without touching the buffer disables forge's own unpadding. */
type ForgePad = (blockSize: number, buffer: ForgeBuffer, decrypt: boolean) => boolean;

interface ForgeBlockCipher {
  start(options: { iv: ForgeBuffer }): void;
  update(input: ForgeBuffer): void;
  finish(pad: ForgePad): boolean;
  readonly output: ForgeBuffer;
}

/** Encryption: finish() without a hook pads PKCS#7, as PKCS#12 expects. */
interface ForgeEncryptCipher {
  start(options: { iv: ForgeBuffer }): void;
  update(input: ForgeBuffer): void;
  finish(): boolean;
  readonly output: ForgeBuffer;
}

interface ForgeRc2Cipher {
  start(iv: ForgeBuffer, output: null): void;
  update(input: ForgeBuffer): void;
  finish(pad: ForgePad): boolean;
  readonly output: ForgeBuffer;
}

interface ForgeSubset {
  util: { createBuffer(input?: string): ForgeBuffer };
  md: Record<'sha1' | 'sha256' | 'sha384' | 'sha512', { create(): ForgeMessageDigest }>;
  cipher: {
    createDecipher(algorithm: '3DES-CBC' | 'AES-CBC', key: ForgeBuffer): ForgeBlockCipher;
    createCipher(algorithm: '3DES-CBC', key: ForgeBuffer): ForgeEncryptCipher;
  };
  rc2: { createDecryptionCipher(key: ForgeBuffer, effectiveBits: number): ForgeRc2Cipher };
}

function checkShape(value: unknown): ForgeSubset {
  const f = value as Partial<ForgeSubset> | undefined;
  const ok =
    typeof f?.util?.createBuffer === 'function' &&
    typeof f.md?.sha1?.create === 'function' &&
    typeof f.md.sha256?.create === 'function' &&
    typeof f.md.sha384?.create === 'function' &&
    typeof f.md.sha512?.create === 'function' &&
    typeof f.cipher?.createDecipher === 'function' &&
    typeof f.cipher.createCipher === 'function' &&
    typeof f.rc2?.createDecryptionCipher === 'function';
  if (!ok) throw new Error('node-forge modules did not load as expected');
  return value as ForgeSubset;
}

const forge = checkShape(forgeObject);

export type ForgeHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const MD_NAMES = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

/** A reusable synchronous digest over binary strings (the KDF's hot loop stays in forge's representation). */
export function createDigest(hash: ForgeHash): {
  readonly outputBytes: number;
  readonly blockBytes: number;
  digestBinary(message: string): string;
} {
  const md = forge.md[MD_NAMES[hash]].create();
  return {
    outputBytes: md.digestLength,
    blockBytes: md.blockLength,
    digestBinary(message: string): string {
      md.start();
      md.update(message);
      return md.digest().getBytes();
    },
  };
}

/** H^c(input) with forge's digest: the loop stays in forge's binary-string representation. */
export function forgeIteratedDigest(hash: ForgeHash, input: Uint8Array, iterations: number): Uint8Array {
  const digest = createDigest(hash);
  let a = bytesToBinary(input);
  for (let r = 0; r < iterations; r++) a = digest.digestBinary(a);
  return binaryToBytes(a);
}

const NO_UNPAD: ForgePad = () => true;

/** CBC decryption without unpadding (the caller checks PKCS#7 padding strictly). Null when input is not block-sized. */
export function forgeCbcDecryptRaw(
  cipher: '3DES-CBC' | 'AES-CBC' | { rc2EffectiveBits: number },
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array | null {
  // forge decrypts a trailing part-block too; whole blocks only, as OpenSSL.
  if (data.length % (cipher === 'AES-CBC' ? 16 : 8) !== 0) return null;
  const keyBuf = forge.util.createBuffer(bytesToBinary(key));
  const ivBuf = forge.util.createBuffer(bytesToBinary(iv));
  const input = forge.util.createBuffer(bytesToBinary(data));
  let ok: boolean;
  let output: ForgeBuffer;
  if (typeof cipher === 'string') {
    const d = forge.cipher.createDecipher(cipher, keyBuf);
    d.start({ iv: ivBuf });
    d.update(input);
    ok = d.finish(NO_UNPAD);
    output = d.output;
  } else {
    const d = forge.rc2.createDecryptionCipher(keyBuf, cipher.rc2EffectiveBits);
    d.start(ivBuf, null);
    d.update(input);
    ok = d.finish(NO_UNPAD);
    output = d.output;
  }
  return ok ? binaryToBytes(output.getBytes()) : null;
}

/** DES-EDE3-CBC encryption with PKCS#7 padding (the PKCS#12 writer's legacy profile). */
export function tripleDesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = forge.cipher.createCipher('3DES-CBC', forge.util.createBuffer(bytesToBinary(key)));
  c.start({ iv: forge.util.createBuffer(bytesToBinary(iv)) });
  c.update(forge.util.createBuffer(bytesToBinary(data)));
  if (!c.finish()) throw new Error('3DES encryption failed');
  return binaryToBytes(c.output.getBytes());
}
