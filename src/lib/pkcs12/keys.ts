import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { malformed, parseBer } from './asn1';
import { concatBytes, ownBuffer, stripLeadingZeros, toHex } from './bytes';
import { Pkcs12Failure } from './errors';
import { OID } from './oids';
import type { KeyType } from './types';

/**
 * Public-key identities, to pair private keys with certificates: RSA by (modulus, exponent), EC by curve and
 * uncompressed point. The EC point of a private key is recomputed by WebCrypto from the private scalar rather than
 * trusted from the optional publicKey field, so a file whose embedded public key lies is still caught.
 */

export type NamedCurve = 'P-256' | 'P-384' | 'P-521';

const CURVES: Readonly<Record<string, { name: NamedCurve; bits: number }>> = {
  [OID.p256]: { name: 'P-256', bits: 256 },
  [OID.p384]: { name: 'P-384', bits: 384 },
  [OID.p521]: { name: 'P-521', bits: 521 },
};

export interface PublicKeyIdentity {
  type: KeyType;
  bits: number;
  /** Canonical form, equal for a private key and the certificate of its public key. */
  fingerprint: string;
}

function bitLength(unsignedBigEndian: Uint8Array): number {
  const n = stripLeadingZeros(unsignedBigEndian);
  if (n.length === 0 || (n.length === 1 && n[0] === 0)) return 0;
  return (n.length - 1) * 8 + (32 - Math.clz32(n[0]!));
}

function rsaIdentity(modulus: asn1js.Integer, exponent: asn1js.Integer): PublicKeyIdentity {
  const n = stripLeadingZeros(modulus.valueBlock.valueHexView);
  const e = stripLeadingZeros(exponent.valueBlock.valueHexView);
  return { type: 'RSA', bits: bitLength(n), fingerprint: `RSA:${toHex(n)}:${toHex(e)}` };
}

function ecIdentity(curve: { name: NamedCurve; bits: number }, uncompressedPoint: Uint8Array): PublicKeyIdentity {
  return { type: 'EC', bits: curve.bits, fingerprint: `EC:${curve.name}:${toHex(uncompressedPoint)}` };
}

function curveOid(algorithm: pkijs.AlgorithmIdentifier): string {
  const params: unknown = algorithm.algorithmParams;
  return params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : '';
}

function base64UrlToBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Public identity of a certificate's key, or null for key types the product does not handle (Ed25519, DSA...). */
export async function certificateKeyIdentity(certificate: pkijs.Certificate): Promise<PublicKeyIdentity | null> {
  const spki = certificate.subjectPublicKeyInfo;
  const keyBits = spki.subjectPublicKey.valueBlock.valueHexView;
  switch (spki.algorithm.algorithmId) {
    case OID.rsaEncryption: {
      const rsa = new pkijs.RSAPublicKey({ schema: parseBer(keyBits, 'RSA public key') });
      return rsaIdentity(rsa.modulus, rsa.publicExponent);
    }
    case OID.ecPublicKey: {
      const curve = CURVES[curveOid(spki.algorithm)];
      if (!curve) return null;
      if (keyBits[0] === 0x04) return ecIdentity(curve, keyBits.slice());
      // Compressed point: let WebCrypto decompress it.
      const subtle = globalThis.crypto.subtle;
      const spkiDer = new Uint8Array(spki.toSchema().toBER(false));
      const key = await subtle.importKey('spki', ownBuffer(spkiDer), { name: 'ECDSA', namedCurve: curve.name }, true, ['verify']);
      return ecIdentity(curve, new Uint8Array(await subtle.exportKey('raw', key)));
    }
    default:
      return null;
  }
}

/** Public identity derived from a PKCS#8 private key; unsupported key types fail with UNSUPPORTED_ALGORITHM. */
export async function privateKeyIdentity(info: pkijs.PrivateKeyInfo, pkcs8: Uint8Array): Promise<PublicKeyIdentity> {
  switch (info.privateKeyAlgorithm.algorithmId) {
    case OID.rsaEncryption: {
      const parsed: unknown = info.parsedKey;
      if (!(parsed instanceof pkijs.RSAPrivateKey)) throw malformed('RSA private key: cannot be parsed');
      return rsaIdentity(parsed.modulus, parsed.publicExponent);
    }
    case OID.ecPublicKey: {
      const oid = curveOid(info.privateKeyAlgorithm);
      const curve = CURVES[oid];
      if (!curve) throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `elliptic curve ${oid || '(not a named curve)'}`, oid ? { algorithm: oid } : undefined);
      const subtle = globalThis.crypto.subtle;
      let jwk: JsonWebKey;
      try {
        const key = await subtle.importKey('pkcs8', ownBuffer(pkcs8), { name: 'ECDSA', namedCurve: curve.name }, true, ['sign']);
        jwk = await subtle.exportKey('jwk', key);
      } catch {
        throw malformed('EC private key: cannot be imported');
      }
      if (!jwk.x || !jwk.y) throw malformed('EC private key: cannot be imported');
      const point = concatBytes(Uint8Array.of(0x04), base64UrlToBytes(jwk.x), base64UrlToBytes(jwk.y));
      return ecIdentity(curve, point);
    }
    default:
      throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `private key algorithm ${info.privateKeyAlgorithm.algorithmId}`, {
        algorithm: info.privateKeyAlgorithm.algorithmId,
      });
  }
}
