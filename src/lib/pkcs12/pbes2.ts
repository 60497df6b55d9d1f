import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { asInteger, asObjectIdentifier, asOctetString, asSequence, children, contentBytes, malformed, readCount } from './asn1';
import { ownBuffer } from './bytes';
import { DecryptionFailed, Pkcs12Failure } from './errors';
import { assertIterations } from './limits';
import { OID } from './oids';
import { assertBlockAligned, unpadPkcs7 } from './padding';
import { pkcs12Primitives } from './primitives';
import type { EncryptionScheme } from './scheme';

/**
 * PBES2 (RFC 8018 §6.2) with PBKDF2: what OpenSSL 3 writes by default (AES-256-CBC, HMAC-SHA-256, 2048
 * iterations) and Windows 10+ offers as "AES256-SHA256". PBKDF2 and AES-128/256 run in WebCrypto. AES-192 and
 * DES-EDE3 go through the synchronous primitives (primitives.ts: node-forge, or the host's OpenSSL): Chrome's WebCrypto
 * refuses 192-bit AES keys and has no DES. A host that installs PBKDF2 derives with it.
 */

type Prf = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const PRFS: Readonly<Record<string, Prf>> = {
  [OID.hmacWithSha1]: 'SHA-1',
  [OID.hmacWithSha256]: 'SHA-256',
  [OID.hmacWithSha384]: 'SHA-384',
  [OID.hmacWithSha512]: 'SHA-512',
};

interface Pbes2Cipher {
  name: string;
  keyBytes: number;
  blockBytes: number;
  engine: 'webcrypto-aes' | 'sync-aes' | 'sync-3des';
}

const CIPHERS: Readonly<Record<string, Pbes2Cipher>> = {
  [OID.aes128Cbc]: { name: 'AES-128-CBC', keyBytes: 16, blockBytes: 16, engine: 'webcrypto-aes' },
  [OID.aes192Cbc]: { name: 'AES-192-CBC', keyBytes: 24, blockBytes: 16, engine: 'sync-aes' },
  [OID.aes256Cbc]: { name: 'AES-256-CBC', keyBytes: 32, blockBytes: 16, engine: 'webcrypto-aes' },
  [OID.desEde3Cbc]: { name: 'DES-EDE3-CBC', keyBytes: 24, blockBytes: 8, engine: 'sync-3des' },
};

const PRF_OUTPUT: Readonly<Record<Prf, number>> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
const PRF_BLOCK: Readonly<Record<Prf, number>> = { 'SHA-1': 64, 'SHA-256': 64, 'SHA-384': 128, 'SHA-512': 128 };

/** Native PBKDF2 is ~5x cheaper per iteration than the JavaScript PKCS#12 KDF; weight it accordingly. */
const NATIVE_DISCOUNT = 4;

interface Pbkdf2Params {
  salt: Uint8Array;
  iterations: number;
  prf: Prf;
}

/** PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, ... }, iterationCount, keyLength?, prf? } */
function readPbkdf2Params(kdf: pkijs.AlgorithmIdentifier, cipher: Pbes2Cipher): Pbkdf2Params {
  if (kdf.algorithmId !== OID.pbkdf2) {
    throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `PBES2 key derivation ${kdf.algorithmId}`, { algorithm: kdf.algorithmId });
  }
  const fields = children(asSequence(kdf.algorithmParams, 'PBKDF2 parameters'));
  const saltField = fields[0];
  if (!(saltField instanceof asn1js.OctetString)) {
    throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', 'PBKDF2 salt: otherSource', { algorithm: 'PBKDF2 otherSource' });
  }
  const iterations = assertIterations(readCount(asInteger(fields[1], 'PBKDF2 iterations'), 'PBKDF2'), 'PBKDF2');
  let prf: Prf = 'SHA-1'; // DEFAULT algid-hmacWithSHA1
  for (const field of fields.slice(2)) {
    if (field instanceof asn1js.Integer) {
      const keyLength = readCount(field, 'PBKDF2 keyLength');
      if (keyLength !== cipher.keyBytes) throw malformed('PBKDF2 keyLength does not match the cipher');
    } else if (field instanceof asn1js.Sequence) {
      const prfOid = asObjectIdentifier(children(field)[0], 'PBKDF2 PRF');
      const known = PRFS[prfOid];
      if (!known) throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `PBKDF2 PRF ${prfOid}`, { algorithm: prfOid });
      prf = known;
    } else {
      throw malformed('PBKDF2 parameters: malformed');
    }
  }
  return { salt: contentBytes(saltField).slice(), iterations, prf };
}

/**
 * HMAC zero-pads keys shorter than the hash block, so an empty password and a block of zero bytes derive the same
 * PBKDF2 output. Using the zero block sidesteps WebCrypto implementations that refuse zero-length key material.
 */
function pbkdf2Password(utf8: Uint8Array, prf: Prf): Uint8Array {
  return utf8.length > 0 ? utf8 : new Uint8Array(PRF_BLOCK[prf]);
}

async function pbkdf2(password: Uint8Array, params: Pbkdf2Params, bytes: number): Promise<Uint8Array> {
  const installed = pkcs12Primitives().pbkdf2;
  if (installed) return installed(params.prf, pbkdf2Password(password, params.prf), params.salt, params.iterations, bytes);
  const subtle = globalThis.crypto.subtle;
  const baseKey = await subtle.importKey('raw', ownBuffer(pbkdf2Password(password, params.prf)), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: params.prf, salt: ownBuffer(params.salt), iterations: params.iterations }, baseKey, bytes * 8);
  return new Uint8Array(bits);
}

async function decryptCbc(cipher: Pbes2Cipher, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  assertBlockAligned(data, cipher.blockBytes);
  if (cipher.engine === 'webcrypto-aes') {
    const subtle = globalThis.crypto.subtle;
    const aesKey = await subtle.importKey('raw', ownBuffer(key), 'AES-CBC', false, ['decrypt']);
    try {
      // WebCrypto checks and strips the PKCS#7 padding itself; a bad pad is an OperationError.
      return new Uint8Array(await subtle.decrypt({ name: 'AES-CBC', iv: ownBuffer(iv) }, aesKey, ownBuffer(data)));
    } catch {
      throw new DecryptionFailed();
    }
  }
  const raw = pkcs12Primitives().cbcDecryptRaw(cipher.engine === 'sync-aes' ? 'AES-CBC' : '3DES-CBC', key, iv, data);
  if (!raw) throw new DecryptionFailed();
  return unpadPkcs7(raw, cipher.blockBytes);
}

export function pbes2Scheme(algorithm: pkijs.AlgorithmIdentifier): EncryptionScheme {
  let params: pkijs.PBES2Params;
  try {
    params = new pkijs.PBES2Params({ schema: asSequence(algorithm.algorithmParams, 'PBES2 parameters') });
  } catch (error) {
    if (error instanceof Pkcs12Failure) throw error;
    throw malformed('PBES2 parameters: cannot be parsed');
  }
  const scheme = params.encryptionScheme;
  const cipher = CIPHERS[scheme.algorithmId];
  if (!cipher) throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `PBES2 cipher ${scheme.algorithmId}`, { algorithm: scheme.algorithmId });
  const iv = contentBytes(asOctetString(scheme.algorithmParams, `${cipher.name} IV`)).slice();
  if (iv.length !== cipher.blockBytes) throw malformed(`${cipher.name} IV: wrong length`);
  const kdf = readPbkdf2Params(params.keyDerivationFunc, cipher);

  return {
    name: `PBES2-${cipher.name}-PBKDF2-HMAC-${kdf.prf}`,
    iterations: kdf.iterations,
    cost: Math.ceil((Math.ceil(cipher.keyBytes / PRF_OUTPUT[kdf.prf]) * kdf.iterations) / NATIVE_DISCOUNT),
    passwordBytes: (candidate) => candidate.utf8,
    decrypt: async (candidate, data) => {
      const key = await pbkdf2(candidate.utf8, kdf, cipher.keyBytes);
      return decryptCbc(cipher, key, iv, data);
    },
  };
}
