import * as asn1js from 'asn1js';
import { Pkcs12Failure } from './errors';
import { ASN1_LIMITS } from './limits';

/**
 * Small, typed helpers over asn1js. pkijs types several members as `any` (ContentInfo.content,
 * AlgorithmIdentifier.algorithmParams, Attribute.values); everything that comes from there is narrowed here with
 * instanceof checks before use.
 */

/**
 * Parses exactly one BER element spanning all of `bytes`. Embedded OCTET STRING contents are not parsed
 * speculatively (parseEmbedded: false): we decode each layer explicitly, which keeps hostile input from multiplying
 * the parser's work.
 */
export function parseBer(bytes: Uint8Array, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(bytes, { ...ASN1_LIMITS, parseEmbedded: false });
  if (parsed.offset === -1 || parsed.result.error) {
    throw new Pkcs12Failure('NOT_PKCS12', `${what}: not valid ASN.1`);
  }
  if (parsed.offset !== bytes.length) {
    throw new Pkcs12Failure('NOT_PKCS12', `${what}: trailing data`);
  }
  return parsed.result;
}

export function malformed(what: string): Pkcs12Failure {
  return new Pkcs12Failure('NOT_PKCS12', what);
}

export function asSequence(value: unknown, what: string): asn1js.Sequence {
  if (value instanceof asn1js.Sequence) return value;
  throw malformed(`${what}: not a SEQUENCE`);
}

export function asOctetString(value: unknown, what: string): asn1js.OctetString {
  if (value instanceof asn1js.OctetString) return value;
  throw malformed(`${what}: not an OCTET STRING`);
}

export function asInteger(value: unknown, what: string): asn1js.Integer {
  if (value instanceof asn1js.Integer) return value;
  throw malformed(`${what}: not an INTEGER`);
}

export function asObjectIdentifier(value: unknown, what: string): string {
  if (value instanceof asn1js.ObjectIdentifier) return value.valueBlock.toString();
  throw malformed(`${what}: not an OBJECT IDENTIFIER`);
}

/** Contents of an OCTET STRING, concatenating the pieces of a constructed (BER) one. */
export function octets(value: asn1js.OctetString): Uint8Array {
  return new Uint8Array(value.getValue());
}

/** Raw content bytes of a primitive element (INTEGER, BIT STRING without the unused-bits byte, ...). */
export function contentBytes(value: asn1js.Integer | asn1js.OctetString): Uint8Array {
  return value.valueBlock.valueHexView;
}

/**
 * Value of a non-negative INTEGER used as a count (iterations, key length), read from the raw content bytes rather
 * than asn1js's floating-point `valueDec` (which turns long integers into Infinity/NaN). Values that do not fit in
 * 32 bits come back as Infinity so the caller's cap check rejects them.
 */
export function readCount(value: asn1js.Integer, what: string): number {
  const raw = value.valueBlock.valueHexView;
  if (raw.length === 0 || (raw[0]! & 0x80) !== 0) throw malformed(`${what}: negative`);
  let i = 0;
  while (i < raw.length - 1 && raw[i] === 0) i++;
  if (raw.length - i > 4) return Number.POSITIVE_INFINITY;
  let n = 0;
  for (; i < raw.length; i++) n = n * 256 + raw[i]!;
  return n;
}

/** Children of a constructed element (SEQUENCE, SET, explicit context tag); empty for primitives. */
export function children(value: unknown): asn1js.AsnType[] {
  return value instanceof asn1js.Constructed ? value.valueBlock.value : [];
}
