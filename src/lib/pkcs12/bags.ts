import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { asObjectIdentifier, asOctetString, asSequence, children, malformed, octets, parseBer } from './asn1';
import { parseCertificate } from './certificate';
import { Pkcs12Failure } from './errors';
import { encryptionScheme } from './encryption';
import { MAX_BAGS, MAX_SAFE_CONTENTS_DEPTH } from './limits';
import { OID } from './oids';
import type { SafeSource } from './pfx';
import type { Unlocker } from './unlock';

/**
 * Walks the SafeContents (RFC 7292 §4.2) and collects certificates and private keys, decrypting EncryptedData
 * and pkcs8ShroudedKeyBag on the way. CRL, secret and unknown bags, and non-X.509 certificates, are skipped.
 */

export interface BagAttributes {
  friendlyName: string | null;
  localKeyId: Uint8Array | null;
}

export interface CertificateEntry {
  der: Uint8Array;
  certificate: pkijs.Certificate;
  attributes: BagAttributes;
}

export interface KeyEntry {
  pkcs8: Uint8Array;
  info: pkijs.PrivateKeyInfo;
  attributes: BagAttributes;
}

export interface FileContents {
  certificates: CertificateEntry[];
  keys: KeyEntry[];
  /** Distinct protection names in file order (see Pkcs12Info.encryption). */
  encryption: string[];
  /** Highest iteration count among the encryption layers used, 0 if none. */
  maxIterations: number;
}

interface RawBag {
  bagId: string;
  value: asn1js.AsnType;
  attributes: asn1js.AsnType | undefined;
}

function isContextTag0(value: unknown): value is asn1js.Constructed {
  return value instanceof asn1js.Constructed && value.idBlock.tagClass === 3 && value.idBlock.tagNumber === 0;
}

/**
 * SafeContents ::= SEQUENCE OF SafeBag; SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes
 * SET OF Attribute OPTIONAL }. Shape only: this is also the "did the password decrypt it?" test for EncryptedData.
 */
export function safeContentsShape(bytes: Uint8Array): RawBag[] {
  return bagsOf(asSequence(parseBer(bytes, 'SafeContents'), 'SafeContents'));
}

function bagsOf(safeContents: asn1js.Sequence): RawBag[] {
  return children(safeContents).map((element) => {
    const fields = children(asSequence(element, 'SafeBag'));
    const bagId = asObjectIdentifier(fields[0], 'SafeBag bagId');
    const wrapper = fields[1];
    if (!isContextTag0(wrapper) || children(wrapper).length !== 1) throw malformed('SafeBag bagValue: malformed');
    const attributes = fields[2];
    if (attributes !== undefined && !(attributes instanceof asn1js.Set)) throw malformed('SafeBag bagAttributes: malformed');
    return { bagId, value: children(wrapper)[0]!, attributes };
  });
}

/** PrivateKeyInfo ::= SEQUENCE { version INTEGER, algorithm AlgorithmIdentifier, privateKey OCTET STRING, ... } */
function privateKeyShape(bytes: Uint8Array): Uint8Array {
  const fields = children(asSequence(parseBer(bytes, 'PrivateKeyInfo'), 'PrivateKeyInfo'));
  if (!(fields[0] instanceof asn1js.Integer) || !(fields[1] instanceof asn1js.Sequence) || !(fields[2] instanceof asn1js.OctetString)) {
    throw malformed('PrivateKeyInfo: malformed');
  }
  return bytes;
}

function parsePrivateKeyInfo(pkcs8: Uint8Array): pkijs.PrivateKeyInfo {
  const schema = parseBer(pkcs8, 'private key');
  try {
    return new pkijs.PrivateKeyInfo({ schema });
  } catch {
    throw malformed('private key: cannot be parsed');
  }
}

function readAttributes(set: asn1js.AsnType | undefined): BagAttributes {
  const result: BagAttributes = { friendlyName: null, localKeyId: null };
  for (const attribute of children(set)) {
    const [type, values] = children(attribute);
    if (!(type instanceof asn1js.ObjectIdentifier) || !(values instanceof asn1js.Set)) continue;
    const first = children(values)[0];
    const oid = type.valueBlock.toString();
    if (oid === OID.friendlyName && first instanceof asn1js.BmpString) {
      // Windows writes the terminating NUL into the BMPString ("...credentials\u0000").
      result.friendlyName = first.getValue().replace(/\u0000+$/, '');
    }
    if (oid === OID.localKeyId && first instanceof asn1js.OctetString) result.localKeyId = octets(first);
  }
  return result;
}

/** Raw encoding of an element as it appeared in the file. */
function encodingOf(value: asn1js.AsnType): Uint8Array {
  return value.valueBeforeDecodeView.slice();
}

class Collector {
  readonly contents: FileContents = { certificates: [], keys: [], encryption: [], maxIterations: 0 };
  private bagCount = 0;

  constructor(private readonly unlocker: Unlocker) {}

  private protection(name: string, iterations: number): void {
    if (!this.contents.encryption.includes(name)) this.contents.encryption.push(name);
    this.contents.maxIterations = Math.max(this.contents.maxIterations, iterations);
  }

  async source(source: SafeSource): Promise<void> {
    if (source.kind === 'plain') {
      await this.bags(safeContentsShape(source.bytes), false, 0);
      return;
    }
    this.protection(source.scheme.name, source.scheme.iterations);
    const bags = await this.unlocker.open(source.scheme, source.data, safeContentsShape);
    await this.bags(bags, true, 0);
  }

  private async bags(bags: RawBag[], encrypted: boolean, depth: number): Promise<void> {
    for (const bag of bags) {
      this.bagCount += 1;
      if (this.bagCount > MAX_BAGS) throw new Pkcs12Failure('TOO_LARGE', `more than ${MAX_BAGS} SafeBags`, { bags: MAX_BAGS });
      await this.bag(bag, encrypted, depth);
    }
  }

  private async bag(bag: RawBag, encrypted: boolean, depth: number): Promise<void> {
    switch (bag.bagId) {
      case OID.certBag: {
        // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT OCTET STRING (for x509Certificate) }
        const [certId, wrapper] = children(asSequence(bag.value, 'CertBag'));
        if (asObjectIdentifier(certId, 'CertBag certId') !== OID.x509Certificate) return;
        if (!isContextTag0(wrapper)) throw malformed('CertBag certValue: malformed');
        const der = octets(asOctetString(children(wrapper)[0], 'CertBag certificate'));
        if (!encrypted) this.protection('none', 0);
        this.contents.certificates.push({
          der,
          certificate: parseCertificate(der),
          attributes: readAttributes(bag.attributes),
        });
        return;
      }
      case OID.keyBag: {
        const pkcs8 = privateKeyShape(encodingOf(asSequence(bag.value, 'KeyBag')));
        if (!encrypted) this.protection('none', 0);
        this.contents.keys.push({ pkcs8, info: parsePrivateKeyInfo(pkcs8), attributes: readAttributes(bag.attributes) });
        return;
      }
      case OID.pkcs8ShroudedKeyBag: {
        const value = asSequence(bag.value, 'ShroudedKeyBag');
        let shrouded: pkijs.PKCS8ShroudedKeyBag;
        try {
          shrouded = new pkijs.PKCS8ShroudedKeyBag({ schema: value });
        } catch {
          throw malformed('ShroudedKeyBag: cannot be parsed');
        }
        const scheme = encryptionScheme(shrouded.encryptionAlgorithm);
        this.protection(scheme.name, scheme.iterations);
        const pkcs8 = await this.unlocker.open(scheme, octets(shrouded.encryptedData), privateKeyShape);
        this.contents.keys.push({ pkcs8, info: parsePrivateKeyInfo(pkcs8), attributes: readAttributes(bag.attributes) });
        return;
      }
      case OID.safeContentsBag: {
        if (depth + 1 > MAX_SAFE_CONTENTS_DEPTH) throw malformed('SafeContents nested too deeply');
        await this.bags(bagsOf(asSequence(bag.value, 'SafeContentsBag')), encrypted, depth + 1);
        return;
      }
      default:
        return; // crlBag, secretBag, vendor bags: not needed to identify a client certificate.
    }
  }
}

export async function readContents(sources: readonly SafeSource[], unlocker: Unlocker): Promise<FileContents> {
  const collector = new Collector(unlocker);
  for (const source of sources) await collector.source(source);
  return collector.contents;
}
