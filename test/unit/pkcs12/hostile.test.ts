import { describe, expect, it } from 'vitest';
import { readPkcs12 } from '../../../src/lib/pkcs12/index';

/** Hand-built structures: every hostile shape ends in a typed error, quickly. */

function len(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}
function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return Uint8Array.from([tag, ...len(body.length), ...body]);
}
const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));
const OID = {
  data: hex('06092a864886f70d010701'),
  signedData: hex('06092a864886f70d010702'),
  envelopedData: hex('06092a864886f70d010703'),
  secretBag: hex('060b2a864886f70d010c0a0105'),
  safeContentsBag: hex('060b2a864886f70d010c0a0106'),
  certBag: hex('060b2a864886f70d010c0a0103'),
  x509: hex('060a2a864886f70d01091601'),
};
const V3 = hex('020103');

/** PFX without MAC around the given SafeContents elements (each a plain `data` ContentInfo). */
function pfx(...safeContents: Uint8Array[]): Uint8Array {
  const infos = safeContents.map((sc) => tlv(0x30, OID.data, tlv(0xa0, tlv(0x04, sc))));
  return tlv(0x30, V3, tlv(0x30, OID.data, tlv(0xa0, tlv(0x04, tlv(0x30, ...infos)))));
}
const bag = (id: Uint8Array, value: Uint8Array): Uint8Array => tlv(0x30, id, tlv(0xa0, value));

// Bounded time is the test timeout's job (speed is measured by `npm run bench`, never asserted here).
async function code(bytes: Uint8Array, password = 'x'): Promise<string> {
  const r = await readPkcs12(bytes, password);
  return r.ok ? 'ok' : r.error.code;
}

describe('hostile structures', () => {
  it('deep nesting (definite and indefinite lengths) is refused, not a stack overflow', async () => {
    const depth = 100_000;
    const indefinite = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) indefinite.set([0x30, 0x80], i * 2);
    expect(await code(indefinite)).toBe('NOT_PKCS12');
    let nested: Uint8Array = Uint8Array.of(0x05, 0x00);
    for (let i = 0; i < 5000; i++) nested = tlv(0x30, nested);
    expect(await code(nested)).toBe('NOT_PKCS12');
  });

  it('a length field announcing far more than the file holds', async () => {
    expect(await code(hex('3084ffffffff020103'))).toBe('NOT_PKCS12');
    expect(await code(hex('30890100000000000000000201'))).toBe('NOT_PKCS12');
  });

  it('trailing garbage after the PFX', async () => {
    expect(await code(Buffer.concat([pfx(tlv(0x30)), hex('00')]))).toBe('NOT_PKCS12');
  });

  it('wrong version, signedData / envelopedData authSafe, envelopedData content', async () => {
    const wrongVersion = tlv(0x30, hex('020102'), tlv(0x30, OID.data, tlv(0xa0, tlv(0x04, tlv(0x30)))));
    expect(await code(wrongVersion)).toBe('NOT_PKCS12');
    const signed = tlv(0x30, V3, tlv(0x30, OID.signedData, tlv(0xa0, tlv(0x30))));
    expect(await code(signed)).toBe('UNSUPPORTED_ALGORITHM');
    const enveloped = tlv(0x30, V3, tlv(0x30, OID.data, tlv(0xa0, tlv(0x04, tlv(0x30, tlv(0x30, OID.envelopedData, tlv(0xa0, tlv(0x30))))))));
    expect(await code(enveloped)).toBe('UNSUPPORTED_ALGORITHM');
  });

  it('an empty PKCS#12 (no certificate) does not parse as a client identity', async () => {
    expect(await code(pfx(tlv(0x30)))).toBe('NOT_PKCS12');
  });

  it('more than 1000 bags: TOO_LARGE', async () => {
    const secret = bag(OID.secretBag, tlv(0x30, OID.x509, tlv(0xa0, tlv(0x04))));
    const many = tlv(0x30, ...Array.from({ length: 1001 }, () => secret));
    expect(await code(pfx(many))).toBe('TOO_LARGE');
  });

  it('nested safeContentsBag deeper than 4 levels', async () => {
    let inner = tlv(0x30);
    for (let i = 0; i < 6; i++) inner = tlv(0x30, bag(OID.safeContentsBag, inner));
    expect(await code(pfx(inner))).toBe('NOT_PKCS12');
  });

  it('certBag holding garbage instead of a certificate', async () => {
    const certBag = bag(OID.certBag, tlv(0x30, OID.x509, tlv(0xa0, tlv(0x04, hex('300302010a')))));
    expect(await code(pfx(tlv(0x30, certBag)))).toBe('NOT_PKCS12');
  });

  it('non-Uint8Array input from untyped callers is a typed error', async () => {
    const r = await readPkcs12('not bytes' as unknown as Uint8Array, '');
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_PKCS12');
  });
});
