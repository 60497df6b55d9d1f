/**
 * One interface for every certificate store the host writes to: NSS databases (Chrome/Chromium and Firefox on
 * Linux), Windows Cert:\CurrentUser\My, the macOS login keychain. Identities are addressed by the certificate's
 * SHA-1 thumbprint (what Windows calls it; NSS and the keychain are searched by it too), never by nickname.
 */
import type { NameMap } from '../../../src/lib/pkcs12/types';
import type { Failure } from '../host/failure';

export type { StoreInfo, StoreKind, StoredIdentity } from '../../../src/lib/native-protocol';
import type { StoreInfo, StoredIdentity } from '../../../src/lib/native-protocol';

/** What an import needs: the file as the user got it, its password, and what our reader found in it. */
export interface ImportInput {
  p12: Uint8Array;
  password: string;
  /** Windows exports sometimes use a NULL password; tools must be given the same encoding (see Pkcs12Material). */
  passwordEncoding: 'password' | 'null-password';
  /** The certificate that will be imported: its thumbprint is how the import is verified afterwards. */
  thumbprint: string;
  sha256: string;
  subject: NameMap;
  serialNumber: string;
  notAfter: string;
  /**
   * The intermediate CA certificate (DER) the trust check tied to the certificate in use: stores that keep CAs
   * apart (Windows: CurrentUser\CA, as the import wizard does) add it; never a root. null until that check exists.
   */
  trustedIntermediateDer: Uint8Array | null;
}

export type ImportStatus = 'imported' | 'alreadyPresent';

export interface ImportOutcome {
  store: StoreInfo;
  status: ImportStatus;
  /** After the import the certificate and its private key were found again in the store. */
  verified: boolean;
}

export type StoreErrorCode =
  | 'TOOL_MISSING'
  | 'STORE_UNAVAILABLE'
  | 'STORE_READ_ONLY'
  | 'BAD_PASSWORD'
  | 'UNSUPPORTED_BY_STORE'
  | 'IMPORT_FAILED'
  | 'VERIFY_FAILED'
  | 'REMOVE_FAILED'
  | 'TIMEOUT';

/** Errors carry a Japanese message and the next step (for a missing tool: the exact install command). */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly store?: StoreInfo,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface CertificateStore {
  readonly info: StoreInfo;
  /** Client identities (with a private key or not) in this store. */
  list(now: Date): Promise<StoredIdentity[]>;
  /** Imports the identity; never removes or replaces another identity. A second import of the same file is a no-op. */
  import(input: ImportInput): Promise<ImportOutcome>;
  /** Removes the certificate and its key by thumbprint (only when the user asks). */
  remove(thumbprint: string): Promise<{ removed: boolean }>;
}

/** A store's failure as the protocol carries it: its own code and sentence, or STORE_UNAVAILABLE for anything else. */
export function storeFailure(error: unknown, store: StoreInfo): Failure {
  if (error instanceof StoreError) return { code: error.code, message: error.message };
  return { code: 'STORE_UNAVAILABLE', message: `${store.label} を読み取れませんでした。weborca-cert doctor を実行してください。` };
}
