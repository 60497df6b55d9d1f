import * as asn1js from 'asn1js';
import { bmpPassword, bytesToBinary, binaryToBytes, ownBuffer } from './bytes';
import { createDigest, tripleDesCbcEncrypt } from './forge';
import { KDF_IV, KDF_KEY, KDF_MAC, pkcs12Kdf } from './kdf';
import { OID } from './oids';

/**
 * A minimal PKCS#12 writer (RFC 7292) for re-wrapping an identity the reader has decrypted: one key, its certificate,
 * and the CA certificates the caller names (the intermediate the trust check tied to the certificate in use —
 * nothing else from the downloaded file). The stores are given this file, under a one-time random password, instead
 * of the file as downloaded: what reaches a store is exactly what was checked, and the user's password never reaches
 * a tool.
 *
 * Legacy profile, as `openssl pkcs12 -export -legacy -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1`
 * writes it: pbeWithSHAAnd3-KeyTripleDES-CBC for the key bag and the certificate bags, an HMAC-SHA-1 MAC, 2048
 * iterations. macOS's `security import` is reported to reject OpenSSL 3's PBES2/AES files, and NSS's pk12util and
 * Windows read this profile too. Key derivation is the reader's own KDF (kdf.ts); DES-EDE3 is forge's; the MAC is
 * WebCrypto's HMAC. No Node and no DOM: this runs wherever the reader runs.
 */

export interface Pkcs12Contents {
  certificateDer: Uint8Array;
  privateKeyPkcs8: Uint8Array;
  /** CA certificates to include after the leaf (the trusted intermediate only; never a root). */
  chainDer: readonly Uint8Array[];
  /** friendlyName of the leaf and its key (the nickname NSS and the keychain show), when there is one. */
  friendlyName?: string | null;
}

export interface WritePkcs12Options {
  iterations?: number;
  /** Salt source (tests pin it); default WebCrypto's getRandomValues. */
  random?: (size: number) => Uint8Array;
}

const WRITE_OID = {
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
} as const;

const DEFAULT_ITERATIONS = 2048;

function randomBytes(size: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(size));
}

/** 144 random bits as URL-safe base64 (24 ASCII characters): a password whose BMPString form is unambiguous. */
export function randomOneTimePassword(random: (size: number) => Uint8Array = randomBytes): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = random(18);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  return out;
}

export async function writeLegacyPkcs12(contents: Pkcs12Contents, password: string, options: WritePkcs12Options = {}): Promise<Uint8Array> {
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  const random = options.random ?? randomBytes;
  const secret = bmpPassword(password);

  const sha1 = createDigest('SHA-1');
  const localKeyId = binaryToBytes(sha1.digestBinary(bytesToBinary(contents.certificateDer)));
  const attributes = [attribute(OID.localKeyId, new asn1js.OctetString({ valueHex: ownBuffer(localKeyId) }))];
  if (contents.friendlyName) attributes.unshift(attribute(OID.friendlyName, new asn1js.BmpString({ value: contents.friendlyName })));

  const certBags = [contents.certificateDer, ...contents.chainDer].map((der, index) =>
    safeBag(
      OID.certBag,
      new asn1js.Sequence({ value: [oid(OID.x509Certificate), explicit0(new asn1js.OctetString({ valueHex: ownBuffer(der) }))] }),
      index === 0 ? attributes : [],
    ),
  );
  const certSalt = random(8);
  const encryptedCerts = pbeEncrypt(secret, certSalt, iterations, der(new asn1js.Sequence({ value: certBags })));
  const certsInfo = new asn1js.Sequence({
    value: [
      oid(OID.encryptedData),
      explicit0(
        new asn1js.Sequence({
          value: [
            new asn1js.Integer({ value: 0 }),
            new asn1js.Sequence({
              value: [
                oid(OID.data),
                pbeAlgorithm(certSalt, iterations),
                // encryptedContent [0] IMPLICIT OCTET STRING
                new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: ownBuffer(encryptedCerts) }),
              ],
            }),
          ],
        }),
      ),
    ],
  });

  const keySalt = random(8);
  const shroudedKey = new asn1js.Sequence({
    value: [
      pbeAlgorithm(keySalt, iterations),
      new asn1js.OctetString({ valueHex: ownBuffer(pbeEncrypt(secret, keySalt, iterations, contents.privateKeyPkcs8)) }),
    ],
  });
  const keyInfo = dataContentInfo(der(new asn1js.Sequence({ value: [safeBag(OID.pkcs8ShroudedKeyBag, shroudedKey, attributes)] })));

  const authSafe = der(new asn1js.Sequence({ value: [certsInfo, keyInfo] }));
  const macSalt = random(8);
  const macKey = pkcs12Kdf('SHA-1', secret, macSalt, KDF_MAC, iterations, 20);
  const subtle = globalThis.crypto.subtle;
  const hmacKey = await subtle.importKey('raw', ownBuffer(macKey), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']);
  const mac = new Uint8Array(await subtle.sign('HMAC', hmacKey, ownBuffer(authSafe)));

  return der(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 3 }),
        dataContentInfo(authSafe),
        new asn1js.Sequence({
          value: [
            new asn1js.Sequence({
              value: [new asn1js.Sequence({ value: [oid(OID.sha1), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: ownBuffer(mac) })],
            }),
            new asn1js.OctetString({ valueHex: ownBuffer(macSalt) }),
            new asn1js.Integer({ value: iterations }),
          ],
        }),
      ],
    }),
  );
}

function pbeEncrypt(password: Uint8Array, salt: Uint8Array, iterations: number, plain: Uint8Array): Uint8Array {
  const key = pkcs12Kdf('SHA-1', password, salt, KDF_KEY, iterations, 24);
  const iv = pkcs12Kdf('SHA-1', password, salt, KDF_IV, iterations, 8);
  return tripleDesCbcEncrypt(key, iv, plain);
}

function pbeAlgorithm(salt: Uint8Array, iterations: number): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      oid(WRITE_OID.pbeSha1TripleDes),
      new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: ownBuffer(salt) }), new asn1js.Integer({ value: iterations })] }),
    ],
  });
}

function safeBag(bagId: string, value: asn1js.AsnType, attributes: asn1js.Sequence[]): asn1js.Sequence {
  const parts: asn1js.AsnType[] = [oid(bagId), explicit0(value)];
  if (attributes.length > 0) parts.push(new asn1js.Set({ value: attributes }));
  return new asn1js.Sequence({ value: parts });
}

function attribute(type: string, value: asn1js.AsnType): asn1js.Sequence {
  return new asn1js.Sequence({ value: [oid(type), new asn1js.Set({ value: [value] })] });
}

function dataContentInfo(content: Uint8Array): asn1js.Sequence {
  return new asn1js.Sequence({ value: [oid(OID.data), explicit0(new asn1js.OctetString({ valueHex: ownBuffer(content) }))] });
}

function explicit0(value: asn1js.AsnType): asn1js.Constructed {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [value] });
}

function oid(value: string): asn1js.ObjectIdentifier {
  return new asn1js.ObjectIdentifier({ value });
}

function der(value: asn1js.AsnType): Uint8Array {
  return new Uint8Array(value.toBER(false));
}
