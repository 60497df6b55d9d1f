import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { malformed, parseBer } from './asn1';
import { toHex } from './bytes';
import { Pkcs12Failure } from './errors';
import { nameMap } from './names';
import { OID } from './oids';
import type { NameMap } from './types';

/** X.509 facts the report needs, read with pkijs from the exact DER found in the certBag. */

export interface CertificateFacts {
  subject: NameMap;
  issuer: NameMap;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  clientAuth: boolean;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const schema = parseBer(der, 'certificate');
  try {
    return new pkijs.Certificate({ schema });
  } catch {
    throw malformed('certificate: cannot be parsed');
  }
}

/** The extension's parsed value, or null when absent. A present but undecodable extension makes the file invalid. */
function extension<T>(certificate: pkijs.Certificate, oid: string, parse: (schema: asn1js.AsnType) => T): T | null {
  const ext = certificate.extensions?.find((e) => e.extnID === oid);
  if (!ext) return null;
  try {
    return parse(parseBer(ext.extnValue.valueBlock.valueHexView, oid));
  } catch (error) {
    if (error instanceof Pkcs12Failure) throw error;
    throw malformed(`certificate extension ${oid}: cannot be parsed`);
  }
}

/** ISO 8601 in UTC without milliseconds ("2014-10-02T23:09:11Z"), the contract's format. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function certificateFacts(certificate: pkijs.Certificate): CertificateFacts {
  const basic = extension(certificate, OID.basicConstraints, (schema) => new pkijs.BasicConstraints({ schema }));
  const eku = extension(certificate, OID.extKeyUsage, (schema) => new pkijs.ExtKeyUsage({ schema }));
  const purposes = eku?.keyPurposes ?? [];
  const notBefore = certificate.notBefore.value;
  const notAfter = certificate.notAfter.value;
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw malformed('certificate validity: malformed');
  return {
    subject: nameMap(certificate.subject),
    issuer: nameMap(certificate.issuer),
    // Content bytes of the DER INTEGER, sign byte included: what Windows' picker shows (e.g. "00F2BC57779A31B4C3").
    serialNumber: toHex(certificate.serialNumber.valueBlock.valueHexView),
    notBefore,
    notAfter,
    isCA: basic?.cA === true,
    // Only an explicit EKU grants clientAuth: the product's servers (and the contract) require it.
    clientAuth: purposes.includes(OID.clientAuth) || purposes.includes(OID.anyExtendedKeyUsage),
  };
}
