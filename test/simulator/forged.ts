/**
 * Forged replacements, as an attacker would make them (issue 12): certificates with the clinic's subject
 * (C=JP, O=u00000126, CN=client1210) signed by a CA that is NOT the simulator's Intermediate CA but looks like it.
 *
 *   lookAlike   a self-made CA named exactly `Intermediate CA`, its own key and key id
 *   sameKeyId   a CA named `Intermediate CA` whose subject key id is COPIED from the genuine intermediate, with
 *               another key (so key ids agree and only the signature can tell)
 *   otherRoot   a whole look-alike PKI: a root named like the simulator's root, and under it an `Intermediate CA`
 *               (the file ships both); what the simulator's `forged` fault serves
 *
 * Each forged file carries its forging CA(s) as chain, packaged by the real openssl like every other test file.
 * The simulator's TLS server trusts only its own PKI, so it refuses these certificates, as WebORCA would.
 */
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import { randomInt } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { addYears, toWholeSeconds } from './dates';
import { exportPkcs12, type P12Mode } from './pkcs12';
import {
  DEFAULT_CLIENT_SUBJECT,
  INTERMEDIATE_CA_CN,
  ROOT_CA_CN,
  p12FileName,
  randomPassword,
  type ClientIdentity,
  type ClientSubject,
  type TestPki,
} from './pki';

export type ForgeryKind = 'lookAlike' | 'sameKeyId' | 'otherRoot';
export const FORGERY_KINDS: readonly ForgeryKind[] = ['lookAlike', 'sameKeyId', 'otherRoot'];

const webcrypto: Crypto = globalThis.crypto;
x509.cryptoProvider.set(webcrypto);

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

interface Authority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  skiHex: string;
}

export interface ForgedIssueOptions {
  subject?: Partial<ClientSubject>;
  notAfter?: Date;
  mode?: P12Mode;
}

export interface ForgingCa {
  kind: ForgeryKind;
  /** The forging intermediate (named `Intermediate CA`), PEM. */
  intermediatePem: string;
  /** What the forged files carry besides the leaf (the intermediate; for otherRoot also its root). */
  chainPem: readonly string[];
  /** A forged client identity, shaped like `TestPki.issueClient`'s. */
  issueClient(options?: ForgedIssueOptions): Promise<ClientIdentity>;
  /**
   * A leaf signed by this CA's key but shipped with the GENUINE intermediate as its chain (and, for sameKeyId, naming
   * the genuine key id): the file looks entirely right except for the signature.
   */
  issueWithGenuineChain(options?: ForgedIssueOptions): Promise<ClientIdentity>;
}

/** A CA that forges certificates for `genuine`'s clinic. */
export async function createForgingCa(genuine: TestPki, kind: ForgeryKind): Promise<ForgingCa> {
  const now = toWholeSeconds(new Date());
  const genuineIntermediate = new x509.X509Certificate(genuine.intermediateCertPem);
  const genuineSki = genuineIntermediate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
  if (!genuineSki) throw new Error('the genuine intermediate has no subject key id');

  const chain: string[] = [];
  let intermediate: Authority;
  if (kind === 'otherRoot') {
    const root = await selfSigned(ROOT_CA_CN, addYears(now, -20), addYears(now, 20));
    intermediate = await subordinate(root, INTERMEDIATE_CA_CN, addYears(now, -15), addYears(now, 15));
    chain.push(pem(intermediate.cert), pem(root.cert));
  } else {
    intermediate = await selfSigned(INTERMEDIATE_CA_CN, addYears(now, -15), addYears(now, 15), kind === 'sameKeyId' ? genuineSki : undefined);
    chain.push(pem(intermediate.cert));
  }

  const issue = async (options: ForgedIssueOptions, chainPem: readonly string[], akiHex: string): Promise<ClientIdentity> => {
    const mode = options.mode ?? 'aes';
    const subject = { C: 'JP' as const, O: options.subject?.O ?? DEFAULT_CLIENT_SUBJECT.O, CN: options.subject?.CN ?? DEFAULT_CLIENT_SUBJECT.CN };
    const notAfter = toWholeSeconds(options.notAfter ?? addYears(new Date(), 3));
    const notBefore = addYears(notAfter, -3);
    const serialHex = randomInt(0x0100, 0x8000).toString(16).toUpperCase().padStart(4, '0');
    const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialHex,
      subject: [{ C: ['JP'] }, { O: [subject.O] }, { CN: [subject.CN] }],
      issuer: intermediate.cert.subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: intermediate.keys.privateKey,
      signingAlgorithm: RSA,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        new x509.AuthorityKeyIdentifierExtension(akiHex),
      ],
    });
    const certPem = pem(cert);
    const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY') + '\n';
    const password = randomPassword();
    const p12 = await exportPkcs12({ keyPem, certPem, chainPem, password, mode });
    return {
      p12,
      password,
      serialHex,
      notBefore,
      notAfter,
      certPem,
      keyPem,
      chainPem: chainPem.join(''),
      fileName: p12FileName(serialHex, subject),
      subject,
      mode,
    };
  };

  return {
    kind,
    intermediatePem: pem(intermediate.cert),
    chainPem: chain,
    issueClient: (options = {}) => issue(options, chain, intermediate.skiHex),
    issueWithGenuineChain: (options = {}) => issue(options, [genuine.intermediateCertPem], genuineSki),
  };
}

function pem(cert: x509.X509Certificate): string {
  return `${cert.toString('pem')}\n`;
}

async function selfSigned(cn: string, notBefore: Date, notAfter: Date, skiHex?: string): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const ski = skiHex ? new x509.SubjectKeyIdentifierExtension(skiHex) : await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomInt(0x0100, 0x8000).toString(16).padStart(4, '0'),
    name: [{ CN: [cn] }],
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski,
    ],
  });
  return { cert, keys, skiHex: ski.keyId };
}

async function subordinate(parent: Authority, cn: string, notBefore: Date, notAfter: Date): Promise<Authority> {
  const keys = await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomInt(0x0100, 0x8000).toString(16).padStart(4, '0'),
    subject: [{ CN: [cn] }],
    issuer: parent.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: parent.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(parent.skiHex),
    ],
  });
  return { cert, keys, skiHex: ski.keyId };
}
