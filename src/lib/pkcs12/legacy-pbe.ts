import type * as pkijs from 'pkijs';
import { asInteger, asOctetString, asSequence, children, contentBytes, readCount } from './asn1';
import { DecryptionFailed, Pkcs12Failure } from './errors';
import { KDF_IV, KDF_KEY, pkcs12Kdf, pkcs12KdfCost } from './kdf';
import { assertIterations } from './limits';
import { PKCS12_PBE_NAMES } from './oids';
import { assertBlockAligned, unpadPkcs7 } from './padding';
import { pkcs12Primitives } from './primitives';
import type { EncryptionScheme } from './scheme';

/**
 * PKCS#12 v1.0 password-based encryption (RFC 7292 appendix C): key and IV from the PKCS#12 KDF with SHA-1, then
 * DES-EDE3-CBC or RC2-CBC (primitives.ts: node-forge, or the host's OpenSSL where it has the cipher). Windows still exports files this way (3DES for the key, RC2-40 for the
 * certificates), and pkijs/WebCrypto cannot decrypt them.
 */

type LegacyCipher = { kind: '3DES'; keyBytes: 24 } | { kind: '2DES'; keyBytes: 16 } | { kind: 'RC2'; keyBytes: number; effectiveBits: number };

const CIPHERS: Readonly<Record<string, LegacyCipher>> = {
  '1.2.840.113549.1.12.1.3': { kind: '3DES', keyBytes: 24 },
  '1.2.840.113549.1.12.1.4': { kind: '2DES', keyBytes: 16 },
  '1.2.840.113549.1.12.1.5': { kind: 'RC2', keyBytes: 16, effectiveBits: 128 },
  '1.2.840.113549.1.12.1.6': { kind: 'RC2', keyBytes: 5, effectiveBits: 40 },
};

const BLOCK = 8;

export function isLegacyPbe(oid: string): boolean {
  return oid in PKCS12_PBE_NAMES;
}

export function legacyPbeScheme(algorithm: pkijs.AlgorithmIdentifier): EncryptionScheme {
  const oid = algorithm.algorithmId;
  const name = PKCS12_PBE_NAMES[oid] ?? oid;
  const cipher = CIPHERS[oid];
  // RC4 variants: forge has no maintained RC4, and nothing has produced them in decades.
  if (!cipher) throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', name, { algorithm: name });

  // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
  const params = children(asSequence(algorithm.algorithmParams, `${name} parameters`));
  const salt = contentBytes(asOctetString(params[0], `${name} salt`)).slice();
  const iterations = assertIterations(readCount(asInteger(params[1], `${name} iterations`), name), name);

  return {
    name,
    iterations,
    cost: pkcs12KdfCost('SHA-1', iterations, cipher.keyBytes) + pkcs12KdfCost('SHA-1', iterations, BLOCK),
    passwordBytes: (candidate) => candidate.pkcs12,
    decrypt: (candidate, data) => {
      assertBlockAligned(data, BLOCK);
      const key = pkcs12Kdf('SHA-1', candidate.pkcs12, salt, KDF_KEY, iterations, cipher.keyBytes);
      const iv = pkcs12Kdf('SHA-1', candidate.pkcs12, salt, KDF_IV, iterations, BLOCK);
      const { cbcDecryptRaw } = pkcs12Primitives();
      let raw: Uint8Array | null;
      switch (cipher.kind) {
        case '3DES':
          raw = cbcDecryptRaw('3DES-CBC', key, iv, data);
          break;
        case '2DES': {
          // Two-key triple DES is K1,K2,K1.
          const full = new Uint8Array(24);
          full.set(key, 0);
          full.set(key.subarray(0, 8), 16);
          raw = cbcDecryptRaw('3DES-CBC', full, iv, data);
          break;
        }
        case 'RC2':
          raw = cbcDecryptRaw({ rc2EffectiveBits: cipher.effectiveBits }, key, iv, data);
          break;
      }
      if (!raw) throw new DecryptionFailed();
      return Promise.resolve(unpadPkcs7(raw, BLOCK));
    },
  };
}
