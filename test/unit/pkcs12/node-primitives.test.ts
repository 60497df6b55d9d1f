/**
 * The native host reads PKCS#12 on Node's OpenSSL (native-host/src/pkcs12-primitives.ts), the extension on node-forge
 * and WebCrypto. Both must give the same bytes: each primitive is compared with forge's (or WebCrypto's) on random
 * input, and then the reader's whole suites (the OpenSSL corpus, the Windows vectors, hostile files) run again here
 * with Node's primitives installed, assertions unchanged.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_PRIMITIVES } from '../../../native-host/src/pkcs12-primitives';
import { FORGE_PRIMITIVES, pkcs12Primitives, usePkcs12Primitives, type DigestName } from '../../../src/lib/pkcs12/primitives';

const HASHES: DigestName[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];

describe("Node's primitives give forge's and WebCrypto's bytes", () => {
  it.each(HASHES)('iterated %s digest', (hash) => {
    for (const [length, iterations] of [
      [0, 1],
      [64, 1],
      [128, 7],
      [200, 2048],
    ] as const) {
      const input = new Uint8Array(randomBytes(length));
      const copy = Uint8Array.from(input);
      expect(NODE_PRIMITIVES.iteratedDigest(hash, input, iterations)).toEqual(FORGE_PRIMITIVES.iteratedDigest(hash, input, iterations));
      expect(input).toEqual(copy); // the KDF updates its buffer between blocks: a primitive must not keep or change it
    }
  });

  it.each([
    ['3DES-CBC', 24, 8],
    ['AES-CBC', 16, 16],
    ['AES-CBC', 24, 16],
    ['AES-CBC', 32, 16],
  ] as const)('%s decryption without unpadding, %i-byte key', (cipher, keyBytes, block) => {
    const key = randomBytes(keyBytes);
    const iv = randomBytes(block);
    for (const length of [block, block * 5]) {
      const data = randomBytes(length);
      const ours = NODE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, data);
      expect(ours).not.toBeNull();
      expect(ours).toEqual(FORGE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, data));
    }
    // Not whole blocks: both refuse.
    expect(NODE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, randomBytes(block + 1))).toBeNull();
    expect(FORGE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, randomBytes(block + 1))).toBeNull();
  });

  it('RC2 (not in Node’s OpenSSL 3) stays forge’s', () => {
    const key = randomBytes(5);
    const iv = randomBytes(8);
    const data = randomBytes(32);
    const cipher = { rc2EffectiveBits: 40 };
    expect(NODE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, data)).toEqual(FORGE_PRIMITIVES.cbcDecryptRaw(cipher, key, iv, data));
  });

  it.each(HASHES)('HMAC and PBKDF2 with %s', async (hash) => {
    const subtle = globalThis.crypto.subtle;
    const key = randomBytes(20);
    const data = randomBytes(300);
    const hmacKey = await subtle.importKey('raw', key, { name: 'HMAC', hash }, false, ['sign']);
    expect(NODE_PRIMITIVES.hmac!(hash, key, data)).toEqual(new Uint8Array(await subtle.sign('HMAC', hmacKey, data)));

    const password = new TextEncoder().encode('Abc123defG');
    const salt = randomBytes(16);
    const base = await subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const bits = await subtle.deriveBits({ name: 'PBKDF2', hash, salt, iterations: 2048 }, base, 32 * 8);
    expect(NODE_PRIMITIVES.pbkdf2!(hash, password, salt, 2048, 32)).toEqual(new Uint8Array(bits));
  });

  it('installing fills in what a set leaves out, and null goes back to forge', () => {
    usePkcs12Primitives({ hmac: NODE_PRIMITIVES.hmac! });
    expect(pkcs12Primitives().iteratedDigest).toBe(FORGE_PRIMITIVES.iteratedDigest);
    expect(pkcs12Primitives().hmac).toBe(NODE_PRIMITIVES.hmac);
    usePkcs12Primitives(null);
    expect(pkcs12Primitives()).toBe(FORGE_PRIMITIVES);
  });
});

describe("the reader's suites on Node's primitives", async () => {
  beforeAll(() => usePkcs12Primitives(NODE_PRIMITIVES));
  afterAll(() => usePkcs12Primitives(null));
  await import('./read-pkcs12.test');
  await import('./windows-vectors.test');
  await import('./hostile.test');
  await import('./kdf.test');
  it('ran on Node’s primitives', () => expect(pkcs12Primitives().iteratedDigest).toBe(NODE_PRIMITIVES.iteratedDigest));
});
