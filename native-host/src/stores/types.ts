/**
 * One interface for every certificate store the host writes to: NSS databases (Chrome/Chromium and Firefox on
 * Linux), Windows Cert:\CurrentUser\My, the macOS login keychain. Identities are addressed by the certificate's
 * SHA-1 thumbprint (what Windows calls it; NSS and the keychain are searched by it too), never by nickname.
 */
import type { MessageParams } from '../../../src/lib/native-protocol';
import type { NameMap } from '../../../src/lib/pkcs12/types';
import type { Failure } from '../host/failure';
import type { DoctorCheck, StoreCheckContext } from '../doctor-check';
import { text, type CatalogueKey } from '../i18n';

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
   * The one CA certificate a store may receive with the identity: the intermediate the trust check tied to the
   * certificate in use (renewal-checks.ts verifyReplacement). Stores that keep CAs apart add it there (Windows:
   * CurrentUser\CA, as the import wizard does). Null: the leaf and its key only. Never a root, never another CA
   * certificate from the downloaded file.
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

/** How a store error is worded: a catalogue key, its parameters, and a tool's raw output for 詳細 / Details. */
export interface StoreWording {
  key: CatalogueKey;
  params?: MessageParams;
  detail?: string;
}

/** What a store was doing, for the sentences that name it: the `actionKey` parameter that fills their `{action}`. */
export type StoreAction = Extract<CatalogueKey, `store.action.${string}`>;

/**
 * Errors carry the next step (for a missing tool: the exact install command) as a catalogue key and its parameters,
 * never as a finished sentence: made only by `StoreError.worded`, rendered in the reader's language at the boundary
 * (the CLI's output, the reply's `message`). `message` is the Japanese text, for logs and stack traces.
 */
export class StoreError extends Error {
  private constructor(
    readonly code: StoreErrorCode,
    readonly wording: StoreWording,
    readonly store?: StoreInfo,
  ) {
    super(text(wording.key, wording.params, 'ja'));
    this.name = 'StoreError';
  }

  static worded(code: StoreErrorCode, wording: StoreWording, store?: StoreInfo): StoreError {
    return new StoreError(code, wording, store);
  }

  /** The failure as the protocol carries it: the code, the key and parameters, the detail when there is one. */
  failure(): Failure {
    return {
      code: this.code,
      key: this.wording.key,
      ...(this.wording.params ? { params: this.wording.params } : {}),
      ...(this.wording.detail ? { detail: this.wording.detail } : {}),
    };
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
  /**
   * CA certificates this store holds that could have issued WebORCA identities (subject CN `Intermediate CA`): the
   * chain-of-trust check uses them when a replacement's file has no chain. Optional: a store without it vouches
   * for nothing.
   */
  issuers?(): Promise<Uint8Array[]>;
}

/** A store's failure as the protocol carries it: its own code and words, or STORE_UNAVAILABLE for anything else. */
export function storeFailure(error: unknown, store: StoreInfo): Failure {
  if (error instanceof StoreError) return error.failure();
  return { code: 'STORE_UNAVAILABLE', key: 'STORE_UNREADABLE', params: { store: store.label } };
}

/**
 * A certificate store's platform knowledge, light enough for the host's core (hello) to loop over: where it exists,
 * the programs it runs (with their install hint), whether this machine can use it, and what `doctor` checks about it.
 * Its mechanics (the CertificateStore) live beside it in the store's folder and load with the commands (parts/heavy.ts).
 * mkcert's one file per trust store is the model: a new store is one folder (descriptor.ts, store.ts) and one line
 * in stores/descriptors.ts and stores/index.ts.
 */
export interface StoreDescriptor {
  kind: StoreInfo['kind'];
  /** The one OS it exists on. */
  platform: NodeJS.Platform;
  /** Programs it runs (looked for on PATH, or at their fixed path); none for an in-process API. */
  tools: readonly string[];
  /** Whether this machine can write to it, given which of its tools were found. */
  usable(found: (tool: string) => boolean): boolean;
  /** `doctor`'s lines about its tools and its stores on this machine. */
  doctorChecks(ctx: StoreCheckContext): DoctorCheck[];
}
