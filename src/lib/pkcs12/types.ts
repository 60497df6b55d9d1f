import type { Pkcs12ErrorInfo } from './errors';

/**
 * Public types of the PKCS#12 reader. `Pkcs12Report` is the part of the `weborca-cert inspect --json` contract
 * (docs/ARCHITECTURE.md, Contracts) below `"ok":true`, its problems as codes and facts (the caller adds the words:
 * toInspectJson); anything else the callers need (DER for the TLS check, names) lives in `Pkcs12Material`, kept
 * apart so that serialising the report can never leak key material.
 */

/** Attribute short name (CN, O, OU, C, L, ST, serialNumber, emailAddress, ...; dotted OID when unknown) → value. */
export type NameMap = Record<string, string | string[]>;

export type KeyType = 'RSA' | 'EC';

export interface CertificateReport {
  subject: NameMap;
  issuer: NameMap;
  /** Uppercase hex of the DER INTEGER content bytes, leading 00 kept ("00F2BC57779A31B4C3"), as Windows shows it. */
  serialNumber: string;
  /** ISO 8601 UTC without milliseconds, e.g. "2014-10-02T23:09:11Z". */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the certificate DER, uppercase hex, no separators. */
  sha256: string;
  keyType: KeyType;
  /** RSA modulus bits, or the curve size (256, 384, 521). */
  keyBits: number;
  /** True only when an extendedKeyUsage extension lists clientAuth or anyExtendedKeyUsage. */
  clientAuth: boolean;
  /** basicConstraints cA = TRUE. */
  isCA: boolean;
  /** now > notAfter. */
  expired: boolean;
  /** floor((notAfter - now) / 1 day); negative once expired. */
  daysLeft: number;
}

export interface ChainEntry {
  subject: NameMap;
  issuer: NameMap;
  serialNumber: string;
}

export type MacAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface Pkcs12Info {
  /** Digest of the HMAC integrity MAC, null when the file has no MAC. */
  mac: MacAlgorithm | null;
  /**
   * Protection applied to the bags, distinct, in file order: the algorithm of each EncryptedData and each
   * pkcs8ShroudedKeyBag (e.g. "PBES2-AES-256-CBC-PBKDF2-HMAC-SHA-256", "pbeWithSHAAnd40BitRC2-CBC"), and "none"
   * when a certificate or key is stored in a plain (unencrypted) SafeContents.
   */
  encryption: string[];
  /**
   * The MAC iteration count. Without a MAC: the highest PBKDF2/PBE iteration count seen (0 if nothing is
   * encrypted either).
   */
  iterations: number;
}

export type BlockingProblemCode = 'EXPIRED' | 'NOT_CLIENT_AUTH' | 'IS_CA' | 'KEY_MISMATCH' | 'NO_PRIVATE_KEY' | 'MULTIPLE_IDENTITIES';

/** NOT_YET_VALID is an addition to the contract's list: notBefore in the future, usually a wrong PC clock. */
export type WarningProblemCode = 'EXPIRES_SOON' | 'NO_MAC' | 'NO_CHAIN' | 'NOT_YET_VALID';

export type ProblemCode = BlockingProblemCode | WarningProblemCode;

/** A problem's facts: dates as ISO 8601 UTC, counts as numbers (see problems.ts for which code carries which). */
export type ProblemParams = Readonly<Record<string, string | number>>;

export interface Problem {
  code: ProblemCode;
  blocking: boolean;
  /** The facts the words need; absent when there are none. */
  params?: ProblemParams;
}

export interface Pkcs12Report {
  certificate: CertificateReport;
  privateKey: { present: boolean; matchesCertificate: boolean };
  /** Number of private keys in the file. */
  identities: number;
  /** Every certificate other than `certificate`, in file order. */
  chain: ChainEntry[];
  pkcs12: Pkcs12Info;
  problems: Problem[];
}

/** What the caller may need beyond the report (never serialised into it). */
export interface Pkcs12Material {
  /** DER of the certificate described by `report.certificate`. */
  certificateDer: Uint8Array;
  /**
   * PKCS#8 PrivateKeyInfo DER of the key matching that certificate; when none matches, the first key; null when
   * the file has no key.
   */
  privateKeyPkcs8: Uint8Array | null;
  /** DER of the `report.chain` certificates, same order. */
  chainDer: Uint8Array[];
  /** friendlyName bag attribute of the chosen certificate (or its key), if any. */
  friendlyName: string | null;
  /** localKeyId bag attribute of the chosen certificate, uppercase hex, if any. */
  localKeyId: string | null;
  /**
   * Which encoding of an empty password opened the file: Windows sometimes uses a NULL password, which other
   * tools (and a later re-import) must then be given the same way.
   */
  passwordEncoding: 'password' | 'null-password';
}

export type Pkcs12Result = { ok: true; report: Pkcs12Report; material: Pkcs12Material } | { ok: false; error: Pkcs12ErrorInfo };

export interface ReadPkcs12Options {
  /** Clock for expiry maths (default: new Date()). */
  now?: Date;
}
