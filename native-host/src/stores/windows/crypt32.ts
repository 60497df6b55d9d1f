/**
 * The Windows certificate API (crypt32, advapi32, ncrypt) through koffi: the ONLY file that loads koffi or declares a
 * Win32 function. It knows calling conventions, structs and handles, nothing about WebORCA: the store
 * (windows.ts) decides what to call and what Windows' answers mean, through the narrow Crypt32Binding below, which
 * the unit tests replace with a fake that answers as real Windows does.
 *
 * koffi is loaded on first use only (never by Linux, macOS or `hello`), from:
 *   1. `koffi.node` beside the executable — weborca-cert.exe as installed by the MSI. In a Node single executable
 *      `require` sees only built-in modules, so a require made for the executable's own path loads the file
 *      (`createRequire(process.execPath)`, proven under Wine: docs/windows.md, under Wine);
 *   2. otherwise the `koffi` package, resolved from the running script (node.exe + weborca-cert.mjs in a checkout).
 * Pointers and handles are koffi 3 BigInts, never seen outside this file.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as KoffiModule from 'koffi';
import { koffiBesideExecutable } from './descriptor';

type Koffi = typeof KoffiModule;
type Pointer = bigint | null;

/** The two CurrentUser system stores the product writes: personal identities, and intermediate CAs. */
export type SystemStoreName = 'MY' | 'CA';

/** CRYPT_KEY_PROV_INFO: where a certificate's private key lives (what CERT_KEY_PROV_INFO_PROP_ID holds). */
export interface KeyProvInfo {
  container: string;
  provider: string;
  /** 0: a CNG key storage provider (NCrypt); otherwise a CryptoAPI CSP type (PROV_RSA_FULL = 1, PROV_RSA_AES = 24). */
  providerType: number;
  /** CRYPT_MACHINE_KEYSET (0x20), CRYPT_SILENT (0x40)… as stored with the certificate. */
  flags: number;
  /** AT_KEYEXCHANGE 1, AT_SIGNATURE 2 (Wine reports 3), 0 or CERT_NCRYPT_KEY_SPEC for CNG. */
  keySpec: number;
}

export interface StoreCertificate {
  /** The certificate's DER bytes (a copy). */
  der: Uint8Array;
  /** Its key-provider info, or null: a certificate without a private key. */
  key: KeyProvInfo | null;
}

/** A Win32 call's outcome: the value, or GetLastError() (or the HRESULT an NCrypt call returned) as uint32. */
export type Win32Result<T> = { ok: true; value: T } | { ok: false; error: number };

/** The temporary in-memory store PFXImportCertStore returns. Its keys are already persisted (CRYPT_USER_KEYSET). */
export interface PfxImport {
  readonly certificates: readonly StoreCertificate[];
  /** CertAddCertificateContextToStore(CurrentUser\<store>, the certificate with this SHA-1, REPLACE_EXISTING), committed. */
  addToSystemStore(sha1: Uint8Array, store: SystemStoreName): Win32Result<void>;
  /** CertCloseStore of the temporary store (the certificates added to system stores stay there). */
  close(): void;
}

export interface Crypt32Binding {
  /** PFXImportCertStore(pfx, password as UTF-16 or NULL, CRYPT_USER_KEYSET): keys not exportable, as the wizard's default. */
  importPfx(pfx: Uint8Array, password: string | null): Win32Result<PfxImport>;
  /** Every certificate of CurrentUser\<store> (opened read-only), with its key-provider info. */
  listSystemStore(store: SystemStoreName): Win32Result<StoreCertificate[]>;
  /** CertAddEncodedCertificateToStore(CurrentUser\<store>, der, CERT_STORE_ADD_USE_EXISTING), committed. */
  addEncodedCertificate(store: SystemStoreName, der: Uint8Array): Win32Result<void>;
  /** Finds the certificate by SHA-1 and CertDeleteCertificateFromStore, then commits; false when absent. */
  deleteCertificate(store: SystemStoreName, sha1: Uint8Array): Win32Result<boolean>;
  /** CryptAcquireCertificatePrivateKey(silent, CNG allowed) on the certificate with this SHA-1, then releases it. */
  acquirePrivateKey(store: SystemStoreName, sha1: Uint8Array): Win32Result<void>;
  /** CryptoAPI container: CryptAcquireContextW(container, provider, type, CRYPT_DELETEKEYSET [| CRYPT_MACHINE_KEYSET]). */
  deleteCapiKey(key: KeyProvInfo): Win32Result<void>;
  /** CNG key: NCryptOpenStorageProvider(provider) → NCryptOpenKey(container) → NCryptDeleteKey. */
  deleteCngKey(key: KeyProvInfo): Win32Result<void>;
}

// --- constants (wincrypt.h, ncrypt.h) ---------------------------------------------------------------------------
const X509_ASN_ENCODING = 0x1;
const PKCS_7_ASN_ENCODING = 0x10000;
const ENCODING = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
const CERT_STORE_PROV_SYSTEM_W = 10;
const CERT_SYSTEM_STORE_CURRENT_USER = 1 << 16;
const CERT_STORE_READONLY_FLAG = 0x8000;
const CERT_STORE_ADD_USE_EXISTING = 2;
const CERT_STORE_ADD_REPLACE_EXISTING = 3;
const CERT_STORE_CTRL_COMMIT = 3;
const CERT_FIND_SHA1_HASH = 0x10000;
const CERT_KEY_PROV_INFO_PROP_ID = 2;
const CRYPT_USER_KEYSET = 0x1000;
const CRYPT_DELETEKEYSET = 0x10;
const CRYPT_MACHINE_KEYSET = 0x20;
const CRYPT_ACQUIRE_SILENT_FLAG = 0x40;
const CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG = 0x10000;
const CERT_NCRYPT_KEY_SPEC = 0xffffffff;
const NCRYPT_MACHINE_KEY_FLAG = 0x20;
const NCRYPT_SILENT_FLAG = 0x40;

function loadKoffi(): Koffi {
  const beside = koffiBesideExecutable(process.execPath);
  if (existsSync(beside)) return createRequire(process.execPath)(beside) as Koffi;
  const script = process.argv[1];
  return createRequire(script ? resolve(script) : join(process.cwd(), 'weborca-cert'))('koffi') as Koffi;
}

let loaded: { binding: Crypt32Binding } | { error: unknown } | null = null;

/**
 * Loads koffi and declares the Win32 functions, once per process (koffi's type names are process-wide, and the host
 * makes a store per request). Throws when koffi cannot be loaded (the store says what to do), the same error again
 * on later calls.
 */
export function loadCrypt32Binding(): Crypt32Binding {
  if (!loaded) {
    try {
      loaded = { binding: declareBinding() };
    } catch (error) {
      loaded = { error };
    }
  }
  if ('error' in loaded) throw loaded.error;
  return loaded.binding;
}

function declareBinding(): Crypt32Binding {
  const koffi = loadKoffi();
  const crypt32 = koffi.load('crypt32.dll');
  const advapi32 = koffi.load('advapi32.dll');
  const kernel32 = koffi.load('kernel32.dll');

  // Registered by name: the prototypes below refer to it as WEBORCA_CRYPT_DATA_BLOB.
  koffi.struct('WEBORCA_CRYPT_DATA_BLOB', { cbData: 'uint32_t', pbData: 'void *' });
  const CERT_CONTEXT = koffi.struct('WEBORCA_CERT_CONTEXT', {
    dwCertEncodingType: 'uint32_t',
    pbCertEncoded: 'void *',
    cbCertEncoded: 'uint32_t',
    pCertInfo: 'void *',
    hCertStore: 'void *',
  });
  const KEY_PROV_INFO = koffi.struct('WEBORCA_CRYPT_KEY_PROV_INFO', {
    pwszContainerName: 'char16_t *',
    pwszProvName: 'char16_t *',
    dwProvType: 'uint32_t',
    dwFlags: 'uint32_t',
    cProvParam: 'uint32_t',
    rgProvParam: 'void *',
    dwKeySpec: 'uint32_t',
  });

  const GetLastError = kernel32.func('uint32_t __stdcall GetLastError()');
  const SetLastError = kernel32.func('void __stdcall SetLastError(uint32_t dwErrCode)');
  const PFXImportCertStore = crypt32.func('void * __stdcall PFXImportCertStore(WEBORCA_CRYPT_DATA_BLOB *pPFX, const char16_t *szPassword, uint32_t dwFlags)');
  const CertOpenStore = crypt32.func(
    'void * __stdcall CertOpenStore(uintptr_t lpszStoreProvider, uint32_t dwEncodingType, uintptr_t hCryptProv, uint32_t dwFlags, const char16_t *pvPara)',
  );
  const CertCloseStore = crypt32.func('bool __stdcall CertCloseStore(void *hCertStore, uint32_t dwFlags)');
  const CertControlStore = crypt32.func('bool __stdcall CertControlStore(void *hCertStore, uint32_t dwFlags, uint32_t dwCtrlType, void *pvCtrlPara)');
  const CertEnumCertificatesInStore = crypt32.func('void * __stdcall CertEnumCertificatesInStore(void *hCertStore, void *pPrevCertContext)');
  const CertFindCertificateInStore = crypt32.func(
    'void * __stdcall CertFindCertificateInStore(void *hCertStore, uint32_t dwCertEncodingType, uint32_t dwFindFlags, uint32_t dwFindType, WEBORCA_CRYPT_DATA_BLOB *pvFindPara, void *pPrevCertContext)',
  );
  const CertFreeCertificateContext = crypt32.func('bool __stdcall CertFreeCertificateContext(void *pCertContext)');
  const CertAddCertificateContextToStore = crypt32.func(
    'bool __stdcall CertAddCertificateContextToStore(void *hCertStore, void *pCertContext, uint32_t dwAddDisposition, void *ppStoreContext)',
  );
  const CertAddEncodedCertificateToStore = crypt32.func(
    'bool __stdcall CertAddEncodedCertificateToStore(void *hCertStore, uint32_t dwCertEncodingType, const uint8_t *pbCertEncoded, uint32_t cbCertEncoded, uint32_t dwAddDisposition, void *ppCertContext)',
  );
  const CertDeleteCertificateFromStore = crypt32.func('bool __stdcall CertDeleteCertificateFromStore(void *pCertContext)');
  const CertGetCertificateContextProperty = crypt32.func(
    'bool __stdcall CertGetCertificateContextProperty(void *pCertContext, uint32_t dwPropId, _Inout_ uint8_t *pvData, _Inout_ uint32_t *pcbData)',
  );
  const CryptAcquireCertificatePrivateKey = crypt32.func(
    'bool __stdcall CryptAcquireCertificatePrivateKey(void *pCert, uint32_t dwFlags, void *pvParameters, _Out_ uintptr_t *phCryptProvOrNCryptKey, _Out_ uint32_t *pdwKeySpec, _Out_ int *pfCallerFreeProvOrNCryptKey)',
  );
  const CryptAcquireContextW = advapi32.func(
    'bool __stdcall CryptAcquireContextW(_Out_ uintptr_t *phProv, const char16_t *szContainer, const char16_t *szProvider, uint32_t dwProvType, uint32_t dwFlags)',
  );
  const CryptReleaseContext = advapi32.func('bool __stdcall CryptReleaseContext(uintptr_t hProv, uint32_t dwFlags)');

  // ncrypt.dll only for CNG keys (EC keys, or RSA keys imported into a KSP): loaded on first need.
  let ncrypt: {
    open: (provider: string) => { status: number; handle: bigint };
    openKey: (provider: bigint, name: string, flags: number) => { status: number; handle: bigint };
    deleteKey: (key: bigint, flags: number) => number;
    free: (handle: bigint) => number;
  } | null = null;
  const loadNcrypt = (): NonNullable<typeof ncrypt> => {
    if (ncrypt) return ncrypt;
    const lib = koffi.load('ncrypt.dll');
    const NCryptOpenStorageProvider = lib.func(
      'int32_t __stdcall NCryptOpenStorageProvider(_Out_ uintptr_t *phProvider, const char16_t *pszProviderName, uint32_t dwFlags)',
    );
    const NCryptOpenKey = lib.func(
      'int32_t __stdcall NCryptOpenKey(uintptr_t hProvider, _Out_ uintptr_t *phKey, const char16_t *pszKeyName, uint32_t dwLegacyKeySpec, uint32_t dwFlags)',
    );
    const NCryptDeleteKey = lib.func('int32_t __stdcall NCryptDeleteKey(uintptr_t hKey, uint32_t dwFlags)');
    const NCryptFreeObject = lib.func('int32_t __stdcall NCryptFreeObject(uintptr_t hObject)');
    ncrypt = {
      open: (provider) => {
        const out: Array<number | bigint> = [0];
        const status = Number(NCryptOpenStorageProvider(out, provider, 0)) >>> 0;
        return { status, handle: BigInt(out[0]!) };
      },
      openKey: (provider, name, flags) => {
        const out: Array<number | bigint> = [0];
        const status = Number(NCryptOpenKey(provider, out, name, 0, flags)) >>> 0;
        return { status, handle: BigInt(out[0]!) };
      },
      deleteKey: (key, flags) => Number(NCryptDeleteKey(key, flags)) >>> 0,
      free: (handle) => Number(NCryptFreeObject(handle)) >>> 0,
    };
    return ncrypt;
  };

  const lastError = (): number => Number(GetLastError()) >>> 0;
  /**
   * Before every call whose failure we read: a function that fails without setting the last error (Wine's
   * PFXImportCertStore does) then reports 0, not a stale code from an earlier call (e.g. the CRYPT_E_NOT_FOUND an
   * enumeration ends with).
   */
  const clear = (): void => void SetLastError(0);
  const fail = <T>(): Win32Result<T> => ({ ok: false, error: lastError() });
  const blob = (bytes: Uint8Array): { cbData: number; pbData: Buffer } => ({
    cbData: bytes.length,
    pbData: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
  });

  const derOf = (context: Pointer): Uint8Array => {
    const decoded = koffi.decode(context, CERT_CONTEXT) as { pbCertEncoded: Pointer; cbCertEncoded: number };
    return new Uint8Array(koffi.view(decoded.pbCertEncoded, decoded.cbCertEncoded)).slice();
  };

  const keyOf = (context: Pointer): KeyProvInfo | null => {
    const size = [0];
    if (!CertGetCertificateContextProperty(context, CERT_KEY_PROV_INFO_PROP_ID, null, size)) return null;
    const buffer = Buffer.alloc(size[0]!);
    if (!CertGetCertificateContextProperty(context, CERT_KEY_PROV_INFO_PROP_ID, buffer, size)) return null;
    // The strings the struct points to live in the same buffer, right after it.
    const info = koffi.decode(buffer, KEY_PROV_INFO) as {
      pwszContainerName: string | null;
      pwszProvName: string | null;
      dwProvType: number;
      dwFlags: number;
      dwKeySpec: number;
    };
    return {
      container: info.pwszContainerName ?? '',
      provider: info.pwszProvName ?? '',
      providerType: info.dwProvType >>> 0,
      flags: info.dwFlags >>> 0,
      keySpec: info.dwKeySpec >>> 0,
    };
  };

  const openSystem = (store: SystemStoreName, readOnly: boolean): Win32Result<bigint> => {
    const flags = CERT_SYSTEM_STORE_CURRENT_USER | (readOnly ? CERT_STORE_READONLY_FLAG : 0);
    clear();
    const handle = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, flags, store) as Pointer;
    return handle ? { ok: true, value: handle } : fail();
  };

  /** Runs `use` on an open system store, closes it; a commit (persist adds and deletes: docs/windows.md, under Wine) when writing. */
  const withSystemStore = <T>(store: SystemStoreName, readOnly: boolean, use: (handle: bigint) => Win32Result<T>): Win32Result<T> => {
    const opened = openSystem(store, readOnly);
    if (!opened.ok) return opened;
    try {
      const result = use(opened.value);
      if (!result.ok || readOnly) return result;
      clear();
      if (!CertControlStore(opened.value, 0, CERT_STORE_CTRL_COMMIT, null)) return fail();
      return result;
    } finally {
      CertCloseStore(opened.value, 0);
    }
  };

  const enumerate = (handle: bigint): StoreCertificate[] => {
    const certificates: StoreCertificate[] = [];
    // Each call frees the previous context; the loop ends with NULL, so nothing is left to free.
    for (let context = CertEnumCertificatesInStore(handle, null) as Pointer; context; context = CertEnumCertificatesInStore(handle, context) as Pointer) {
      certificates.push({ der: derOf(context), key: keyOf(context) });
    }
    return certificates;
  };

  /** The certificate with this SHA-1 in an open store (caller frees it), or null. */
  const find = (handle: bigint, sha1: Uint8Array): Pointer => {
    clear();
    return CertFindCertificateInStore(handle, ENCODING, 0, CERT_FIND_SHA1_HASH, blob(sha1), null) as Pointer;
  };

  return {
    importPfx(pfx, password) {
      clear();
      const temporary = PFXImportCertStore(blob(pfx), password, CRYPT_USER_KEYSET) as Pointer;
      if (!temporary) return fail();
      let closed = false;
      return {
        ok: true,
        value: {
          certificates: enumerate(temporary),
          addToSystemStore(sha1, store) {
            const context = find(temporary, sha1);
            if (!context) return fail();
            try {
              return withSystemStore(store, false, (handle) => {
                clear();
                return CertAddCertificateContextToStore(handle, context, CERT_STORE_ADD_REPLACE_EXISTING, null) ? { ok: true, value: undefined } : fail();
              });
            } finally {
              CertFreeCertificateContext(context);
            }
          },
          close() {
            if (!closed) CertCloseStore(temporary, 0);
            closed = true;
          },
        },
      };
    },

    listSystemStore(store) {
      return withSystemStore(store, true, (handle) => ({ ok: true, value: enumerate(handle) }));
    },

    addEncodedCertificate(store, der) {
      return withSystemStore(store, false, (handle) => {
        clear();
        return CertAddEncodedCertificateToStore(handle, ENCODING, Buffer.from(der), der.length, CERT_STORE_ADD_USE_EXISTING, null)
          ? { ok: true, value: undefined }
          : fail();
      });
    },

    deleteCertificate(store, sha1) {
      return withSystemStore(store, false, (handle) => {
        const context = find(handle, sha1);
        if (!context) return { ok: true, value: false };
        // CertDeleteCertificateFromStore frees the context, whether it succeeds or not.
        clear();
        return CertDeleteCertificateFromStore(context) ? { ok: true, value: true } : fail();
      });
    },

    acquirePrivateKey(store, sha1) {
      return withSystemStore(store, true, (handle) => {
        const context = find(handle, sha1);
        if (!context) return fail();
        try {
          const key: Array<number | bigint> = [0];
          const keySpec = [0];
          const callerFree = [0];
          clear();
          if (!CryptAcquireCertificatePrivateKey(context, CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, null, key, keySpec, callerFree))
            return fail();
          if (callerFree[0]) {
            if (keySpec[0]! >>> 0 === CERT_NCRYPT_KEY_SPEC) loadNcrypt().free(BigInt(key[0]!));
            else CryptReleaseContext(key[0], 0);
          }
          return { ok: true, value: undefined };
        } finally {
          CertFreeCertificateContext(context);
        }
      });
    },

    deleteCapiKey(key) {
      const unused: Array<number | bigint> = [0];
      const flags = CRYPT_DELETEKEYSET | (key.flags & CRYPT_MACHINE_KEYSET);
      clear();
      return CryptAcquireContextW(unused, key.container, key.provider || null, key.providerType, flags) ? { ok: true, value: undefined } : fail();
    },

    deleteCngKey(key) {
      const api = loadNcrypt();
      const provider = api.open(key.provider);
      if (provider.status !== 0) return { ok: false, error: provider.status };
      try {
        const opened = api.openKey(provider.handle, key.container, NCRYPT_SILENT_FLAG | (key.flags & NCRYPT_MACHINE_KEY_FLAG));
        if (opened.status !== 0) return { ok: false, error: opened.status };
        // NCryptDeleteKey frees the key handle when it succeeds; free it ourselves when it does not.
        const status = api.deleteKey(opened.handle, NCRYPT_SILENT_FLAG);
        if (status !== 0) api.free(opened.handle);
        return status === 0 ? { ok: true, value: undefined } : { ok: false, error: status };
      } finally {
        api.free(provider.handle);
      }
    },
  };
}
