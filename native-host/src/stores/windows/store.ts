/**
 * Windows: the user's certificate stores through crypt32, the API Chrome, Edge and Brave read client certificates
 * with (and Firefox through its OS client-certificate module) and mkcert's truststore_windows.go writes with. All of
 * the product's Windows store knowledge is in this file; the Win32 calls themselves are in crypt32.ts,
 * behind Crypt32Binding (unit tests give a fake that answers as real Windows does; the Wine tests run the real one).
 *
 * import (the .p12 bytes and the password go from memory straight to PFXImportCertStore: no temp file, no process,
 * nothing secret on disk or in argv):
 *   1. CurrentUser\MY already holds the certificate with a usable key → alreadyPresent, nothing imported.
 *   2. PFXImportCertStore(p12, password as UTF-16, CRYPT_USER_KEYSET) — key not exportable, the wizard's default.
 *      A NULL-password file (passwordEncoding 'null-password', some Windows exports) is tried with NULL, then with
 *      the empty string when Windows answers "wrong password"; an empty-string file the other way round.
 *   3. The intermediate CA the trust check tied to the certificate in use (ImportInput.trustedIntermediateDer) goes
 *      to CurrentUser\CA, as the import wizard puts it; never a root, never any other CA certificate of the file.
 *   4. The leaf goes to CurrentUser\MY (REPLACE_EXISTING: a copy without its key is replaced), committed.
 *   5. MY is listed again: the leaf must be there with CERT_KEY_PROV_INFO_PROP_ID, and its key must open silently
 *      (CryptAcquireCertificatePrivateKey), or the import is not verified.
 *   When the import fails after step 2, the keys PFXImportCertStore persisted are deleted again, unless a
 *   certificate in MY still points at the same container (Wine keeps every key in one container: docs/windows.md, under Wine).
 * list: MY's certificates that are not CAs and whose EKU lists clientAuth (or that have no EKU, which allows every
 *   use); hasPrivateKey = the certificate has key-provider info.
 * remove: by SHA-1 thumbprint, the certificate (committed) and then its key — a CryptoAPI container
 *   (CryptAcquireContextW CRYPT_DELETEKEYSET) or a CNG key (NCryptDeleteKey) when the provider is a KSP (type 0) —
 *   unless another certificate in MY uses the same container.
 *
 * Windows' answers (GetLastError / HRESULT) and what we tell the user: ERROR_INVALID_PASSWORD 0x56 or NTE_BAD_DATA →
 * BAD_PASSWORD (the file was read with this password before, so the next step also names the AES case: Windows
 * before 10 1709 reports AES files as a wrong password); NTE_BAD_ALGID 0x80090008 → UNSUPPORTED_BY_STORE (AES needs
 * Windows 10 1709 or later); E_ACCESSDENIED 0x80070005 → STORE_READ_ONLY; 0 (Wine's answer to an EC key or a wrong
 * password) → IMPORT_FAILED naming the code. The words are the catalogue's WINDOWS_* entries (i18n/ja/stores.ts,
 * en/stores.ts), the code a `{code}` parameter; a system error's own text (koffi's) goes to the detail line.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { storedIdentity, summarizeCertificate } from '../certificate-summary';
import type { MessageParams } from '../../../../src/lib/native-protocol';
import type { CatalogueKey } from '../../i18n';
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
import { loadCrypt32Binding, type Crypt32Binding, type KeyProvInfo, type PfxImport, type StoreCertificate, type Win32Result } from './crypt32';
import { koffiBesideExecutable } from './descriptor';

export const WINDOWS_STORE_INFO: StoreInfo = {
  id: 'windows:CurrentUser\\My',
  kind: 'windows',
  label: 'Windows (CurrentUser\\My)',
  browsers: ['chrome', 'edge', 'brave', 'chromium', 'firefox'],
};

/** Windows' error codes the store tells apart (GetLastError values and HRESULTs, as uint32). */
export const WIN32 = {
  ERROR_ACCESS_DENIED: 0x5,
  ERROR_INVALID_PASSWORD: 0x56,
  E_ACCESSDENIED: 0x80070005,
  HRESULT_INVALID_PASSWORD: 0x80070056,
  NTE_BAD_DATA: 0x80090005,
  NTE_BAD_ALGID: 0x80090008,
  NTE_PERM: 0x80090010,
  NTE_NOT_FOUND: 0x80090011,
  NTE_BAD_KEYSET: 0x80090016,
  NTE_KEYSET_NOT_DEF: 0x80090019,
  CRYPT_E_NOT_FOUND: 0x80092004,
} as const;

const PASSWORD_ERRORS: readonly number[] = [WIN32.ERROR_INVALID_PASSWORD, WIN32.HRESULT_INVALID_PASSWORD, WIN32.NTE_BAD_DATA];
const ACCESS_ERRORS: readonly number[] = [WIN32.ERROR_ACCESS_DENIED, WIN32.E_ACCESSDENIED, WIN32.NTE_PERM];
/** A key that is already gone: removing it again is not a failure. */
const KEY_GONE: readonly number[] = [WIN32.NTE_BAD_KEYSET, WIN32.NTE_NOT_FOUND, WIN32.NTE_KEYSET_NOT_DEF];

export function hex32(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The passwords to offer PFXImportCertStore, in order (null = a NULL pointer). */
export function passwordAttempts(input: Pick<ImportInput, 'password' | 'passwordEncoding'>): Array<string | null> {
  if (input.passwordEncoding === 'null-password') return [null, ''];
  if (input.password === '') return ['', null];
  return [input.password];
}

export interface WindowsStoreOptions {
  /** The Win32 binding (default: crypt32.ts, koffi loaded on first use). Tests give a fake. */
  binding?: () => Crypt32Binding;
}

export class WindowsCertStore implements CertificateStore {
  readonly info: StoreInfo = WINDOWS_STORE_INFO;
  private loaded: Crypt32Binding | null = null;

  constructor(private readonly options: WindowsStoreOptions = {}) {}

  async list(now: Date): Promise<StoredIdentity[]> {
    const identities: StoredIdentity[] = [];
    for (const certificate of this.readStore('store.action.list')) {
      let summary: ReturnType<typeof summarizeCertificate>;
      try {
        summary = summarizeCertificate(certificate.der, now);
      } catch {
        continue; // MY can hold anything; a certificate we cannot parse is not a WebORCA identity.
      }
      if (summary.isCA) continue;
      if (!summary.clientAuth && hasExtendedKeyUsage(certificate.der)) continue;
      identities.push(storedIdentity(this.info, summary, certificate.key !== null));
    }
    return identities;
  }

  async import(input: ImportInput): Promise<ImportOutcome> {
    const thumbprint = normalizeThumbprint(input.thumbprint);
    if (!thumbprint) throw this.error('IMPORT_FAILED', 'WINDOWS_IMPORT_BAD_THUMBPRINT');
    if (input.password.includes('\u0000')) throw this.error('IMPORT_FAILED', 'WINDOWS_PASSWORD_NUL');
    const sha1 = Buffer.from(thumbprint, 'hex');
    const binding = this.binding();
    const intermediate = input.trustedIntermediateDer ? this.checkIntermediate(input.trustedIntermediateDer) : null;

    const existing = this.readStore('store.action.check').find((certificate) => sha1Hex(certificate.der) === thumbprint);
    if (existing?.key && binding.acquirePrivateKey('MY', sha1).ok) return { store: this.info, status: 'alreadyPresent', verified: true };

    const attempts = passwordAttempts(input);
    let imported: Win32Result<PfxImport> = { ok: false, error: 0 };
    for (const [index, password] of attempts.entries()) {
      imported = binding.importPfx(input.p12, password);
      if (imported.ok || !PASSWORD_ERRORS.includes(imported.error) || index === attempts.length - 1) break;
    }
    if (!imported.ok) throw this.importError(imported.error, input.password);

    const pfx = imported.value;
    let added = false;
    try {
      const leaf = pfx.certificates.find((certificate) => sha1Hex(certificate.der) === thumbprint);
      if (!leaf) throw this.error('IMPORT_FAILED', 'WINDOWS_LEAF_NOT_IN_FILE', { thumbprint });
      if (!leaf.key) throw this.error('IMPORT_FAILED', 'WINDOWS_KEY_NOT_IMPORTED');
      if (intermediate) {
        const ca = binding.addEncodedCertificate('CA', intermediate);
        if (!ca.ok) throw this.writeError(ca.error, 'store.action.importIntermediate');
      }
      const my = pfx.addToSystemStore(sha1, 'MY');
      if (!my.ok) throw this.writeError(my.error, 'store.action.import');
      added = true;
    } finally {
      // The keys PFXImportCertStore persisted serve nothing if the leaf did not reach MY.
      if (!added) this.deleteOrphanKeys(pfx.certificates);
      pfx.close();
    }

    const after = this.readStore('store.action.checkImport').find((certificate) => sha1Hex(certificate.der) === thumbprint);
    const keyOpens = after?.key ? binding.acquirePrivateKey('MY', sha1) : null;
    if (!after) throw this.error('VERIFY_FAILED', 'WINDOWS_VERIFY_NO_CERTIFICATE', { store: this.info.label });
    if (!keyOpens) throw this.error('VERIFY_FAILED', 'WINDOWS_VERIFY_NO_KEY', { store: this.info.label });
    if (!keyOpens.ok) throw this.error('VERIFY_FAILED', 'WINDOWS_VERIFY_KEY_NOT_OPENED', { store: this.info.label, code: hex32(keyOpens.error) });
    return { store: this.info, status: 'imported', verified: true };
  }

  async remove(thumbprint: string): Promise<{ removed: boolean }> {
    const wanted = normalizeThumbprint(thumbprint);
    if (!wanted) throw this.error('REMOVE_FAILED', 'WINDOWS_REMOVE_BAD_THUMBPRINT');
    const binding = this.binding();
    const certificates = this.readStore('store.action.check');
    const target = certificates.find((certificate) => sha1Hex(certificate.der) === wanted);
    if (!target) return { removed: false };
    const key = target.key;
    const shared = key !== null && certificates.some((other) => other !== target && other.key !== null && sameKey(other.key, key));

    const deleted = binding.deleteCertificate('MY', Buffer.from(wanted, 'hex'));
    if (!deleted.ok) throw this.removeError(deleted.error);
    if (!deleted.value) return { removed: false };

    if (key && !shared) {
      const result = key.providerType === 0 ? binding.deleteCngKey(key) : binding.deleteCapiKey(key);
      if (!result.ok && !KEY_GONE.includes(result.error)) {
        throw this.error(ACCESS_ERRORS.includes(result.error) ? 'STORE_READ_ONLY' : 'REMOVE_FAILED', 'WINDOWS_KEY_NOT_REMOVED', { code: hex32(result.error) });
      }
    }
    if (this.readStore('store.action.checkRemoval').some((certificate) => sha1Hex(certificate.der) === wanted)) {
      throw this.error('REMOVE_FAILED', 'WINDOWS_STILL_PRESENT', { store: this.info.label });
    }
    return { removed: true };
  }

  /** The binding, loaded once, on first use: a missing or blocked koffi.node becomes a StoreError with the next step. */
  private binding(): Crypt32Binding {
    if (this.loaded) return this.loaded;
    try {
      // koffi itself is loaded here, on the first store operation: never by Linux, macOS or `hello`.
      this.loaded = (this.options.binding ?? loadCrypt32Binding)();
    } catch (error) {
      throw this.error(
        'STORE_UNAVAILABLE',
        'WINDOWS_KOFFI_NOT_LOADED',
        { path: koffiBesideExecutable(process.execPath) },
        oneLine(error instanceof Error ? error.message : String(error)),
      );
    }
    return this.loaded;
  }

  private readStore(action: StoreAction): StoreCertificate[] {
    const result = this.binding().listSystemStore('MY');
    if (result.ok) return result.value;
    if (ACCESS_ERRORS.includes(result.error)) throw this.error('STORE_UNAVAILABLE', 'WINDOWS_STORE_DENIED', { code: hex32(result.error) });
    throw this.error('STORE_UNAVAILABLE', 'WINDOWS_STORE_FAILED', { actionKey: action, code: hex32(result.error) });
  }

  /** What the caller hands us as "the intermediate" must be one: a CA certificate, not self-signed (never a root). */
  private checkIntermediate(der: Uint8Array): Uint8Array {
    let summary: ReturnType<typeof summarizeCertificate>;
    try {
      summary = summarizeCertificate(der, new Date());
    } catch {
      throw this.error('IMPORT_FAILED', 'WINDOWS_INTERMEDIATE_UNREADABLE');
    }
    if (!summary.isCA || isSelfIssued(der)) throw this.error('IMPORT_FAILED', 'WINDOWS_INTERMEDIATE_NOT_CA');
    return der;
  }

  private deleteOrphanKeys(certificates: readonly StoreCertificate[]): void {
    const inUse = this.binding().listSystemStore('MY');
    if (!inUse.ok) return; // Unknown what MY uses: deleting a key it may use would be worse than a stray key.
    for (const certificate of certificates) {
      const key = certificate.key;
      if (!key || inUse.value.some((other) => other.key !== null && sameKey(other.key, key))) continue;
      if (key.providerType === 0) this.binding().deleteCngKey(key);
      else this.binding().deleteCapiKey(key);
    }
  }

  private importError(code: number, password: string): StoreError {
    const params = { code: hex32(code) };
    if (PASSWORD_ERRORS.includes(code)) {
      // A character outside printable ASCII may reach the file's password differently than ORCAMO meant it.
      const nonAscii = /[^\x20-\x7e]/.test(password);
      return this.error('BAD_PASSWORD', nonAscii ? 'WINDOWS_BAD_PASSWORD_NON_ASCII' : 'WINDOWS_BAD_PASSWORD', params);
    }
    if (code === WIN32.NTE_BAD_ALGID) return this.error('UNSUPPORTED_BY_STORE', 'WINDOWS_UNSUPPORTED_ALGORITHM', params);
    if (ACCESS_ERRORS.includes(code)) return this.writeError(code, 'store.action.import');
    return this.error('IMPORT_FAILED', code === 0 ? 'WINDOWS_IMPORT_FAILED_NO_REASON' : 'WINDOWS_IMPORT_FAILED', params);
  }

  private writeError(code: number, action: StoreAction): StoreError {
    const params = { actionKey: action, code: hex32(code) };
    if (ACCESS_ERRORS.includes(code)) return this.error('STORE_READ_ONLY', 'WINDOWS_WRITE_DENIED', params);
    return this.error('IMPORT_FAILED', 'WINDOWS_WRITE_FAILED', params);
  }

  private removeError(code: number): StoreError {
    const params = { code: hex32(code) };
    if (ACCESS_ERRORS.includes(code)) return this.error('STORE_READ_ONLY', 'WINDOWS_REMOVE_DENIED', params);
    return this.error('REMOVE_FAILED', 'WINDOWS_REMOVE_FAILED', params);
  }

  /** A StoreError in the catalogue's words: the key, its parameters, and a system error's own text as the detail. */
  private error(code: StoreErrorCode, key: CatalogueKey, params?: MessageParams, detail?: string): StoreError {
    return StoreError.worded(code, { key, ...(params ? { params } : {}), ...(detail ? { detail } : {}) }, this.info);
  }
}

function sameKey(a: KeyProvInfo, b: KeyProvInfo): boolean {
  return a.providerType === b.providerType && a.provider.toLowerCase() === b.provider.toLowerCase() && a.container.toLowerCase() === b.container.toLowerCase();
}

function sha1Hex(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

function normalizeThumbprint(value: string): string | null {
  const upper = value.replace(/[\s:]/g, '').toUpperCase();
  return /^[0-9A-F]{40}$/.test(upper) ? upper : null;
}

function parsed(der: Uint8Array): pkijs.Certificate | null {
  try {
    const asn1 = asn1js.fromBER(der);
    return asn1.offset === -1 ? null : new pkijs.Certificate({ schema: asn1.result });
  } catch {
    return null;
  }
}

function hasExtendedKeyUsage(der: Uint8Array): boolean {
  const certificate = parsed(der);
  return certificate === null || (certificate.extensions?.some((extension) => extension.extnID === '2.5.29.37') ?? false);
}

/** Subject and issuer are the same name, byte for byte: a root (self-signed) certificate. */
function isSelfIssued(der: Uint8Array): boolean {
  const certificate = parsed(der);
  if (!certificate) return true;
  const bytes = (name: pkijs.RelativeDistinguishedNames): string => Buffer.from(name.toSchema().toBER(false)).toString('hex');
  return bytes(certificate.subject) === bytes(certificate.issuer);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
