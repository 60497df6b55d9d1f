/**
 * macOS: the user's login keychain (~/Library/Keychains/login.keychain-db), which Chrome, Edge and Brave read
 * client identities from through the OS (and Firefox through its OS client-certificate module), via /usr/bin/security.
 *
 * The password problem: `security import` takes a passphrase only in argv (-P) or through a GUI prompt, and argv is
 * visible to every local user (ps). So the certificate's real password is NEVER given to `security`. Instead the
 * identity (certificate DER, PKCS#8 key DER, chain DERs — decrypted in-process by the shared PKCS#12 reader) is
 * re-wrapped into a temporary PKCS#12 protected by a random one-time password, and only that one-time password
 * reaches argv. The re-wrap (src/lib/pkcs12/writer.ts, shared with the NSS store) holds the leaf, its key and only the
 * intermediate the trust check tied to the certificate in use (ImportInput.trustedIntermediateDer). The temp file is 0600 in a fresh 0700 directory, removed in `finally`; the one-time password is
 * useless to anyone who cannot read that directory and dies with the file.
 * The re-wrap uses the legacy algorithms macOS is known to accept (`security` is reported to reject OpenSSL 3's
 * default PBES2/AES files): pbeWithSHAAnd3-KeyTripleDES-CBC for the key bag and the certificate bags, an HMAC-SHA-1
 * MAC, 2048 iterations — what `openssl pkcs12 -export -legacy -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES
 * -macalg sha1` writes. This also settles NULL/empty-password Windows exports: the re-wrapped file always has a
 * real password.
 *
 * Commands (through the Executor; the unit tests assert them exactly):
 *   list:   security find-certificate -a -Z -p <keychain>   (every certificate as PEM; thumbprints are computed
 *           from the DER, the printed "SHA-1 hash:" lines are not trusted for that)
 *           security find-identity <keychain>               (SHA-1s of the certificates that have a private key)
 *   import: security find-identity <keychain>  → already there: alreadyPresent, nothing imported
 *           security import <tmp>/identity.p12 -k <keychain> -f pkcs12 -P <one-time password>
 *           then verify: security find-certificate -a -Z <keychain> lists "SHA-1 hash: <thumbprint>" and
 *           security find-identity <keychain> lists the thumbprint (certificate AND key are there).
 *   remove: security delete-identity -Z <sha1> <keychain>  (certificate + key), or delete-certificate -Z when the
 *           certificate has no key.
 * No `-T <app>`: Chrome signs with the key through the OS; on first use macOS asks once whether Chrome may use the
 * key (「常に許可」), exactly as after a manual double-click import. No `-x`: like a manual import, the key stays
 * exportable from Keychain Access.
 *
 * NOT verified here (Linux): the exact output of `security` on macOS 11–15 (fixtures are modelled on published
 * samples: "SHA-256 hash:"/"SHA-1 hash:" lines before each PEM, "  1) <SHA1> \"label\"" identity lines); that
 * `security import` accepts our re-wrapped file (it is checked against OpenSSL here, not against macOS); the error
 * texts we map (MAC verification failed, User interaction is not allowed, already exists); whether `delete-identity`
 * or the first signature by Chrome raises a keychain prompt.
 *
 * Failures are the catalogue's MACOS_* entries (i18n/ja/stores.ts, en/stores.ts); what `security` printed, with its
 * exit code, goes to the detail line (詳細 / Details), never into the sentence.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Executor, ExecResult } from '../../exec';
import { loginKeychainPath, SECURITY_PATH } from './descriptor';
import { withSecretDir } from '../../secret-files';
import { pemBlocks, storedIdentity, summarizeCertificate } from '../certificate-summary';
import { checkAnnouncedMaterial, rewrapForTool } from '../rewrap';
import {
  StoreError,
  type CertificateStore,
  type ImportInput,
  type ImportOutcome,
  type StoreAction,
  type StoreErrorCode,
  type StoreInfo,
  type StoredIdentity,
} from '../types';
import type { CatalogueKey } from '../../i18n';
import type { MessageParams } from '../../../../src/lib/native-protocol';
import type { Pkcs12Material } from '../../../../src/lib/pkcs12/types';

export const MACOS_STORE_INFO: StoreInfo = {
  id: 'macos:login',
  kind: 'macos',
  label: 'macOS (login keychain)',
  browsers: ['chrome', 'edge', 'brave', 'chromium', 'firefox'],
};

/** The decrypted identity, as the shared PKCS#12 reader returns it (Pkcs12Material). */
export type IdentityMaterial = Pick<Pkcs12Material, 'certificateDer' | 'privateKeyPkcs8' | 'chainDer'> & { friendlyName?: string | null };

/** How import() obtains the material: the caller wires the PKCS#12 reader (readPkcs12(input.p12, input.password)). */
export type MaterialSource = (input: ImportInput) => Promise<IdentityMaterial>;

export interface MacosStoreOptions {
  /** Home folder (default: $HOME). */
  home?: string;
  /** Keychain file (default: <home>/Library/Keychains/login.keychain-db). */
  keychain?: string;
  /** `security` binary (default /usr/bin/security: never whatever PATH finds first). */
  security?: string;
  /** Parent folder for the temporary PKCS#12 (default: os.tmpdir()). */
  tempParent?: string;
  /** Needed by import(); importMaterial() takes the material directly. */
  material?: MaterialSource;
  /** One-time password generator (tests pin it). */
  oneTimePassword?: () => string;
}

const QUERY_TIMEOUT_MS = 30_000;
const IMPORT_TIMEOUT_MS = 60_000;

export class MacosKeychainStore implements CertificateStore {
  readonly info: StoreInfo = MACOS_STORE_INFO;
  readonly keychain: string;
  private readonly security: string;

  constructor(
    private readonly exec: Executor,
    private readonly options: MacosStoreOptions = {},
  ) {
    this.keychain = options.keychain ?? loginKeychainPath(options.home ?? process.env.HOME ?? '');
    this.security = options.security ?? SECURITY_PATH;
  }

  async list(now: Date): Promise<StoredIdentity[]> {
    const pem = await this.run(['find-certificate', '-a', '-Z', '-p', this.keychain], QUERY_TIMEOUT_MS, 'store.action.listCertificates');
    const withKey = await this.identityHashes();
    const identities: StoredIdentity[] = [];
    const seen = new Set<string>();
    for (const der of pemBlocks(pem.stdout)) {
      let summary: ReturnType<typeof summarizeCertificate>;
      try {
        summary = summarizeCertificate(der, now);
      } catch {
        continue; // The keychain holds all sorts of certificates; one we cannot parse is not a WebORCA identity.
      }
      if (seen.has(summary.thumbprint) || summary.isCA) continue;
      // Same rule as Windows: clientAuth in the EKU, or no EKU at all (which allows every use).
      if (!summary.clientAuth && hasExtendedKeyUsage(der)) continue;
      seen.add(summary.thumbprint);
      identities.push(storedIdentity(this.info, summary, withKey.has(summary.thumbprint)));
    }
    return identities;
  }

  async import(input: ImportInput): Promise<ImportOutcome> {
    const thumbprint = this.thumbprintOrThrow(input.thumbprint, 'IMPORT_FAILED');
    if ((await this.identityHashes()).has(thumbprint)) return { store: this.info, status: 'alreadyPresent', verified: true };
    if (!this.options.material) throw StoreError.worded('UNSUPPORTED_BY_STORE', { key: 'STORE_NO_MATERIAL', params: { store: this.info.label } }, this.info);
    const material = await this.options.material(input);
    checkAnnouncedMaterial(thumbprint, material, this.info);
    return this.write(input, thumbprint, material);
  }

  /** Imports an identity whose certificate and key are already decrypted (same checks and outcome as import()). */
  async importMaterial(input: ImportInput, material: IdentityMaterial): Promise<ImportOutcome> {
    const thumbprint = this.thumbprintOrThrow(input.thumbprint, 'IMPORT_FAILED');
    checkAnnouncedMaterial(thumbprint, material, this.info);
    if ((await this.identityHashes()).has(thumbprint)) return { store: this.info, status: 'alreadyPresent', verified: true };
    return this.write(input, thumbprint, material);
  }

  private async write(input: ImportInput, thumbprint: string, material: IdentityMaterial & { privateKeyPkcs8: Uint8Array }): Promise<ImportOutcome> {
    const { p12, password: oneTime } = await rewrapForTool(input, material, this.options.oneTimePassword);
    const result = await withSecretDir(async (dir) => {
      const file = await dir.write('identity.p12', p12);
      return this.exec.run(this.security, ['import', file, '-k', this.keychain, '-f', 'pkcs12', '-P', oneTime], { timeoutMs: IMPORT_TIMEOUT_MS });
    }, this.options.tempParent);
    this.throwOnSpawnOrTimeout(result, 'store.action.import');
    // "already exists" is not fatal: the certificate may have been there without its key. The check below decides.
    if (result.code !== 0 && !/already exists|-25299/i.test(result.stderr)) throw this.importError(result);

    const certificates = await this.run(['find-certificate', '-a', '-Z', this.keychain], QUERY_TIMEOUT_MS, 'store.action.checkImport');
    const certificatePresent = new RegExp(`^SHA-1 hash:\\s*${thumbprint}\\s*$`, 'im').test(certificates.stdout);
    const keyPresent = (await this.identityHashes()).has(thumbprint);
    if (!certificatePresent || !keyPresent) {
      throw this.error('VERIFY_FAILED', certificatePresent ? 'MACOS_VERIFY_NO_KEY' : 'MACOS_VERIFY_NO_CERTIFICATE', { store: this.info.label });
    }
    return { store: this.info, status: 'imported', verified: true };
  }

  async remove(thumbprint: string): Promise<{ removed: boolean }> {
    const wanted = this.thumbprintOrThrow(thumbprint, 'REMOVE_FAILED');
    let command: 'delete-identity' | 'delete-certificate';
    if ((await this.identityHashes()).has(wanted)) {
      command = 'delete-identity';
    } else {
      const certificates = await this.run(['find-certificate', '-a', '-Z', this.keychain], QUERY_TIMEOUT_MS, 'store.action.check');
      if (!new RegExp(`^SHA-1 hash:\\s*${wanted}\\s*$`, 'im').test(certificates.stdout)) return { removed: false };
      command = 'delete-certificate';
    }
    const result = await this.exec.run(this.security, [command, '-Z', wanted, this.keychain], { timeoutMs: QUERY_TIMEOUT_MS });
    this.throwOnSpawnOrTimeout(result, 'store.action.remove');
    if (result.code !== 0) throw this.error('REMOVE_FAILED', 'MACOS_REMOVE_FAILED', { store: this.info.label }, describeFailure(result));
    return { removed: true };
  }

  /** SHA-1s (uppercase) of the certificates that have their private key in the keychain. */
  private async identityHashes(): Promise<Set<string>> {
    const result = await this.run(['find-identity', this.keychain], QUERY_TIMEOUT_MS, 'store.action.checkKeys');
    return parseIdentityHashes(result.stdout);
  }

  private async run(args: string[], timeoutMs: number, action: StoreAction): Promise<ExecResult> {
    const result = await this.exec.run(this.security, args, { timeoutMs });
    this.throwOnSpawnOrTimeout(result, action);
    if (result.code !== 0) {
      if (/could not be found|No such keychain|-25294/i.test(result.stderr)) {
        throw this.error('STORE_UNAVAILABLE', 'MACOS_KEYCHAIN_MISSING', { path: this.keychain }, describeFailure(result));
      }
      throw this.error('STORE_UNAVAILABLE', 'MACOS_KEYCHAIN_FAILED', { actionKey: action }, describeFailure(result));
    }
    return result;
  }

  private throwOnSpawnOrTimeout(result: ExecResult, action: StoreAction): void {
    if (result.spawnError) throw this.error('TOOL_MISSING', 'MACOS_SECURITY_NOT_STARTED', { path: this.security }, result.spawnError);
    if (result.timedOut) throw this.error('TIMEOUT', 'MACOS_TIMEOUT', { actionKey: action });
  }

  private importError(result: ExecResult): StoreError {
    const text = result.stderr;
    const detail = describeFailure(result);
    if (/User interaction is not allowed|-25308|locked/i.test(text)) return this.error('STORE_UNAVAILABLE', 'MACOS_KEYCHAIN_LOCKED', undefined, detail);
    if (/MAC verification failed|passphrase|-25293|-25264|Unknown format|-25257/i.test(text)) {
      // The file given to `security` is our own re-wrap with our own password: this is a format problem, not the user's.
      return this.error('UNSUPPORTED_BY_STORE', 'MACOS_FORMAT_REFUSED', undefined, detail);
    }
    return this.error('IMPORT_FAILED', 'MACOS_IMPORT_FAILED', undefined, detail);
  }

  private thumbprintOrThrow(value: string, code: 'IMPORT_FAILED' | 'REMOVE_FAILED'): string {
    const upper = value.replace(/[\s:]/g, '').toUpperCase();
    if (!/^[0-9A-F]{40}$/.test(upper)) throw this.error(code, 'MACOS_BAD_THUMBPRINT');
    return upper;
  }

  /** A StoreError in the catalogue's words: the key, its parameters, and what `security` said as the detail. */
  private error(code: StoreErrorCode, key: CatalogueKey, params?: MessageParams, detail?: string): StoreError {
    return StoreError.worded(code, { key, ...(params ? { params } : {}), ...(detail ? { detail } : {}) }, this.info);
  }
}

/** `security find-identity` lines look like `  1) 2B6F…40 hex… "client1210" (CSSMERR_TP_NOT_TRUSTED)`. */
export function parseIdentityHashes(stdout: string): Set<string> {
  const hashes = new Set<string>();
  for (const match of stdout.matchAll(/^\s*\d+\)\s+([0-9A-Fa-f]{40})\b/gm)) hashes.add(match[1]!.toUpperCase());
  return hashes;
}

function hasExtendedKeyUsage(der: Uint8Array): boolean {
  try {
    const parsed = asn1js.fromBER(der);
    if (parsed.offset === -1) return true;
    const certificate = new pkijs.Certificate({ schema: parsed.result });
    return certificate.extensions?.some((extension) => extension.extnID === '2.5.29.37') ?? false;
  } catch {
    return true;
  }
}

/** What `security` said, for the detail line: its exit code and its output on one line (its own words, untranslated). */
function describeFailure(result: ExecResult): string {
  const text = (result.stderr || result.stdout).replace(/\s+/g, ' ').trim().slice(0, 300);
  return `exit ${result.code ?? '?'}${text ? `: ${text}` : ''}`;
}
