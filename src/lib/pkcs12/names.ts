import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { toHex } from './bytes';
import type { NameMap } from './types';

/**
 * Distinguished names as { shortName: value }. Short names follow OpenSSL (which Windows' "E" aside matches what
 * certutil and the vendor's documentation show): CN, O, OU, C, L, ST, serialNumber, emailAddress, ...
 * Unknown attribute types keep their dotted OID. A repeated attribute (two OUs) becomes an array, in DN order.
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.2.840.113549.1.9.2': 'unstructuredName',
  '1.3.6.1.4.1.311.17.1': 'CSPName',
};

/** String types decode to text; anything else is shown as "#" + hex of its DER, like OpenSSL/RFC 4514. */
function attributeValue(value: unknown): string {
  if (value instanceof asn1js.BaseStringBlock) return value.getValue();
  if (value instanceof asn1js.BaseBlock) return `#${toHex(new Uint8Array(value.toBER(false)))}`;
  return '';
}

export function nameMap(name: pkijs.RelativeDistinguishedNames): NameMap {
  const out: NameMap = {};
  for (const atv of name.typesAndValues) {
    const key = SHORT_NAMES[atv.type] ?? atv.type;
    const value = attributeValue(atv.value);
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}

/** "CN=client1210, O=u00000126, C=JP" (most specific first, as Windows displays it) for human output. */
export function formatName(name: NameMap): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(name)) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${key}=${v}`);
  }
  return parts.reverse().join(', ');
}
