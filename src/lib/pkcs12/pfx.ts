import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { asOctetString, asSequence, children, malformed, octets, parseBer } from './asn1';
import { Pkcs12Failure } from './errors';
import { encryptionScheme } from './encryption';
import { OID } from './oids';
import type { EncryptionScheme } from './scheme';

/**
 * The outer layers: PFX ::= SEQUENCE { version 3, authSafe ContentInfo, macData MacData OPTIONAL } and the
 * AuthenticatedSafe (a SEQUENCE OF ContentInfo, each plain `data` or password-`encryptedData`). Everything here is
 * readable without the password, so every algorithm and iteration count visible at this level is validated before
 * any key derivation starts.
 */

export type SafeSource = { kind: 'plain'; bytes: Uint8Array } | { kind: 'encrypted'; scheme: EncryptionScheme; data: Uint8Array };

export interface PfxLayout {
  /** The bytes the MAC is computed over (content of the authSafe `data` OCTET STRING). */
  authenticatedSafe: Uint8Array;
  /** Raw MacData element, or null for files without integrity MAC. */
  macData: asn1js.AsnType | null;
  sources: SafeSource[];
}

function pkijsParse<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Pkcs12Failure) throw error;
    throw malformed(`${what}: cannot be parsed`);
  }
}

export function readPfx(file: Uint8Array): PfxLayout {
  // Cheap rejection of the common non-DER inputs (PEM text, random bytes) before asking the parser.
  if (file[0] !== 0x30) throw new Pkcs12Failure('NOT_PKCS12', 'not DER (does not start with a SEQUENCE)');
  const root = asSequence(parseBer(file, 'file'), 'PFX');
  const pfx = pkijsParse('PFX', () => new pkijs.PFX({ schema: root }));
  if (pfx.version !== 3) throw malformed('PFX version is not 3');

  const authSafe = pfx.authSafe;
  if (authSafe.contentType === OID.signedData) {
    throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', 'public-key integrity mode (signedData)', { algorithm: 'signedData' });
  }
  if (authSafe.contentType !== OID.data) throw malformed('authSafe content type is not data');
  const authenticatedSafe = octets(asOctetString(authSafe.content, 'authSafe'));

  const macData = children(root)[2] ?? null;
  return { authenticatedSafe, macData, sources: readAuthenticatedSafe(authenticatedSafe) };
}

function readAuthenticatedSafe(bytes: Uint8Array): SafeSource[] {
  const schema = asSequence(parseBer(bytes, 'AuthenticatedSafe'), 'AuthenticatedSafe');
  const safe = pkijsParse('AuthenticatedSafe', () => new pkijs.AuthenticatedSafe({ schema }));
  return safe.safeContents.map((info): SafeSource => {
    switch (info.contentType) {
      case OID.data:
        return { kind: 'plain', bytes: octets(asOctetString(info.content, 'SafeContents')) };
      case OID.encryptedData: {
        const content = asSequence(info.content, 'EncryptedData');
        const encrypted = pkijsParse('EncryptedData', () => new pkijs.EncryptedData({ schema: content }));
        const eci = encrypted.encryptedContentInfo;
        if (!eci.encryptedContent) throw malformed('EncryptedData without encrypted content');
        const data = pkijsParse('EncryptedData', () => new Uint8Array(eci.getEncryptedContent()));
        return { kind: 'encrypted', scheme: encryptionScheme(eci.contentEncryptionAlgorithm), data };
      }
      case OID.envelopedData:
        throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', 'public-key privacy mode (envelopedData)', { algorithm: 'envelopedData' });
      default:
        throw malformed(`AuthenticatedSafe: unknown content type ${info.contentType}`);
    }
  });
}
