/**
 * The simulator's test PKI, generated in memory at run time (nothing is written to the repo):
 *
 *   CN=WebORCA Simulator Root CA
 *     └─ CN=Intermediate CA                (the issuer CN real WebORCA client certificates carry)
 *          ├─ C=JP, O=u00000126, CN=client1210 …   client certificates (clientAuth), 3 years
 *          └─ weborca.localhost / orcamo.localhost  server certificate (serverAuth)
 *
 * Certificates are built with @peculiar/x509 on Node's WebCrypto (RSA 2048, SHA-256) so that
 * notBefore/notAfter can be anything, including entirely in the past; the client identities are
 * then packaged by the real openssl CLI (see pkcs12.ts).
 */
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import { randomInt } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { DAY_MS, addYears, toWholeSeconds } from './dates';
import { type P12Mode, exportPkcs12 } from './pkcs12';

export type { P12Mode } from './pkcs12';

const webcrypto: Crypto = globalThis.crypto;
x509.cryptoProvider.set(webcrypto);

const RSA: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

export const ROOT_CA_CN = 'WebORCA Simulator Root CA';
export const INTERMEDIATE_CA_CN = 'Intermediate CA';
export const DEFAULT_CLIENT_SUBJECT: Readonly<ClientSubject> = { O: 'u00000126', CN: 'client1210' };
export const DEFAULT_SERVER_NAMES: readonly string[] = ['weborca.localhost', 'orcamo.localhost', 'localhost'];

/** Client certificates are valid for 3 years, like the real ones. */
export const CLIENT_VALIDITY_YEARS = 3;

/**
 * Added to `now + N days` so that a certificate issued "with N days left" reports exactly N
 * (days are floored) for a while after it was made, not N-1 a millisecond later.
 */
const DAYS_LEFT_SLACK_MS = 10 * 60_000;

export interface ClientSubject {
  CN: string;
  O: string;
}

export interface IssueClientOptions {
  /** Days before expiry, counted from now; negative gives an expired certificate. */
  daysLeft?: number;
  /** Exact expiry (wins over daysLeft). Default: now + 3 years. */
  notAfter?: Date;
  /** Default `O=u00000126, CN=client1210`; C is always JP. */
  subject?: Partial<ClientSubject>;
  /** PKCS#12 encryption; default `aes`. */
  mode?: P12Mode;
  /** Force a serial (hex of the DER integer bytes), e.g. to test a leading `00`. Must be unused. */
  serialHex?: string;
}

export interface ClientIdentity {
  /** The PKCS#12 file (key, certificate, and the intermediate as chain). */
  p12: Buffer;
  /** 10 random alphanumerics, like ORCAMO's. */
  password: string;
  /** Uppercase hex of the DER INTEGER content bytes (`0659`, `114F`), as Windows' picker shows it. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  certPem: string;
  /** PKCS#8 PEM, unencrypted: for TLS clients that cannot load legacy PKCS#12 (Node without the legacy provider). */
  keyPem: string;
  /** The intermediate CA certificate (what the .p12 carries besides the leaf). */
  chainPem: string;
  /** `NNNNNN__JP_<O>_<CN>.p12`; NNNNNN is the serial in decimal (manual: serial 114F → `004431_…`). */
  fileName: string;
  subject: { C: 'JP' } & ClientSubject;
  mode: P12Mode;
}

export interface ServerIdentity {
  keyPem: string;
  certPem: string;
  /** Leaf + intermediate, the way a server sends its chain. */
  chainPem: string;
  names: readonly string[];
}

export interface TestPki {
  rootCertPem: string;
  intermediateCertPem: string;
  /** Root and intermediate: what the TLS server trusts for client certificates. */
  caCertsPem: readonly string[];
  server: ServerIdentity;
  issueClient(options?: IssueClientOptions): Promise<ClientIdentity>;
  /** Serials handed out so far by this PKI (all certificates, CA ones included). */
  readonly usedSerials: ReadonlySet<string>;
}

export interface CreateTestPkiOptions {
  /** DNS names for the server certificate; default weborca.localhost, orcamo.localhost, localhost. */
  serverNames?: readonly string[];
}

interface Authority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  skiHex: string;
}

export async function createTestPki(options: CreateTestPkiOptions = {}): Promise<TestPki> {
  const usedSerials = new Set<string>();
  const takeSerial = (forced?: string): string => {
    const serial = forced === undefined ? randomSerial(usedSerials) : normalizeSerialHex(forced);
    if (usedSerials.has(serial)) throw new Error(`serial ${serial} is already used in this PKI`);
    usedSerials.add(serial);
    return serial;
  };

  const now = toWholeSeconds(new Date());
  // CA validity generously brackets every client we may mint (expired ones included).
  const root = await createRoot(takeSerial(), addYears(now, -20), addYears(now, 20));
  const intermediate = await createIntermediate(root, takeSerial(), addYears(now, -15), addYears(now, 15));
  const serverNames = options.serverNames ?? DEFAULT_SERVER_NAMES;
  const server = await createServer(intermediate, takeSerial(), serverNames, now);

  const rootCertPem = root.cert.toString('pem') + '\n';
  const intermediateCertPem = intermediate.cert.toString('pem') + '\n';

  const issueClient = async (opts: IssueClientOptions = {}): Promise<ClientIdentity> => {
    const mode = opts.mode ?? 'aes';
    const subject = { C: 'JP' as const, O: opts.subject?.O ?? DEFAULT_CLIENT_SUBJECT.O, CN: opts.subject?.CN ?? DEFAULT_CLIENT_SUBJECT.CN };
    const issuedAt = new Date();
    const notAfter = toWholeSeconds(
      opts.notAfter ??
        (opts.daysLeft !== undefined ? new Date(issuedAt.getTime() + opts.daysLeft * DAY_MS + DAYS_LEFT_SLACK_MS) : addYears(issuedAt, CLIENT_VALIDITY_YEARS)),
    );
    const notBefore = addYears(notAfter, -CLIENT_VALIDITY_YEARS);
    const serialHex = takeSerial(opts.serialHex);

    const keys = await generateRsaKeys();
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
        new x509.AuthorityKeyIdentifierExtension(intermediate.skiHex),
      ],
    });

    const certPem = cert.toString('pem') + '\n';
    const keyPem = await privateKeyPem(keys.privateKey);
    const password = randomPassword();
    const p12 = await exportPkcs12({ keyPem, certPem, chainPem: [intermediateCertPem], password, mode });
    return {
      p12,
      password,
      serialHex,
      notBefore,
      notAfter,
      certPem,
      keyPem,
      chainPem: intermediateCertPem,
      fileName: p12FileName(serialHex, subject),
      subject,
      mode,
    };
  };

  return {
    rootCertPem,
    intermediateCertPem,
    caCertsPem: [rootCertPem, intermediateCertPem],
    server,
    issueClient,
    usedSerials,
  };
}

/** `NNNNNN__JP_u00000126_client1210.p12`: 6-digit decimal serial, double underscore, C, O, CN. */
export function p12FileName(serialHex: string, subject: { C?: string } & ClientSubject): string {
  const number = String(Number.parseInt(serialHex, 16)).padStart(6, '0');
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9.-]/g, '_');
  return `${number}__${safe(subject.C ?? 'JP')}_${safe(subject.O)}_${safe(subject.CN)}.p12`;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 10 random alphanumerics (the manual's example: `jzN56hKHbm`). */
export function randomPassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/**
 * Two-byte serials with a first byte 01..7F: positive, minimally encoded, and printed as four hex
 * digits like the real ones (`0659`, `114F`).
 */
function randomSerial(used: ReadonlySet<string>): string {
  for (;;) {
    const serial = randomInt(0x0100, 0x8000).toString(16).toUpperCase().padStart(4, '0');
    if (!used.has(serial)) return serial;
  }
}

/** Uppercase, even length, and a `00` prefix when the top bit is set so the INTEGER stays positive. */
export function normalizeSerialHex(hex: string): string {
  let s = hex.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(s)) throw new Error(`not a hex serial: ${hex}`);
  if (s.length % 2 === 1) s = `0${s}`;
  if (Number.parseInt(s.slice(0, 2), 16) >= 0x80) s = `00${s}`;
  return s;
}

async function generateRsaKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

async function createRoot(serialHex: string, notBefore: Date, notAfter: Date): Promise<Authority> {
  const keys = await generateRsaKeys();
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialHex,
    name: [{ CN: [ROOT_CA_CN] }],
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

async function createIntermediate(root: Authority, serialHex: string, notBefore: Date, notAfter: Date): Promise<Authority> {
  const keys = await generateRsaKeys();
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: [{ CN: [INTERMEDIATE_CA_CN] }],
    // Reuse the parsed Name so the issuer bytes match the root's subject exactly (NSS compares DER).
    issuer: root.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(root.skiHex),
    ],
  });
  return { cert, keys, skiHex: ski.keyId };
}

async function createServer(intermediate: Authority, serialHex: string, names: readonly string[], now: Date): Promise<ServerIdentity> {
  const keys = await generateRsaKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex,
    subject: [{ CN: [names[0] ?? 'localhost'] }],
    issuer: intermediate.cert.subjectName,
    // Backdated a day against clock skew; under 398 days so browsers never object to the lifetime.
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + 390 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: intermediate.keys.privateKey,
    signingAlgorithm: RSA,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.map((value) => ({ type: 'dns' as const, value })),
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.AuthorityKeyIdentifierExtension(intermediate.skiHex),
    ],
  });
  const certPem = cert.toString('pem') + '\n';
  return {
    keyPem: await privateKeyPem(keys.privateKey),
    certPem,
    chainPem: certPem + intermediate.cert.toString('pem') + '\n',
    names,
  };
}
