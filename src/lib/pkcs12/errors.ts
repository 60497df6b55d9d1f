/**
 * Typed failures of the PKCS#12 reader. Every way a file can fail to open ends as one of these codes, with named
 * parameters (identifiers and numbers: an algorithm's name or OID, an iteration count) and a technical detail in
 * English (what exactly was refused, for the collapsed 詳細 / Details); nothing else (stack traces, library messages)
 * ever leaves the module. No words for the user here: each program renders the code from its own catalogue (the
 * host's native-host/src/i18n, the extension's _locales `code_<CODE>`).
 */

export type Pkcs12ErrorCode = 'EMPTY_FILE' | 'NOT_PKCS12' | 'BAD_PASSWORD' | 'UNSUPPORTED_ALGORITHM' | 'ITERATIONS_TOO_HIGH' | 'TOO_LARGE';

/**
 * Parameters a code may carry (each optional; a renderer picks its sentence by which are present):
 * UNSUPPORTED_ALGORITHM `algorithm` (a name such as `PBMAC1`, or a dotted OID); ITERATIONS_TOO_HIGH `what` (PBKDF2,
 * MAC, a PKCS#12 PBE name) and `iterations`; TOO_LARGE `bags` (the SafeBag cap that was crossed).
 */
export type Pkcs12ErrorParams = Readonly<Record<string, string | number>>;

export interface Pkcs12ErrorInfo {
  code: Pkcs12ErrorCode;
  params?: Pkcs12ErrorParams;
  /** Technical detail, English (e.g. `MacData: not a SEQUENCE`). */
  detail?: string;
}

function technical(code: Pkcs12ErrorCode, detail: string | undefined): string {
  return detail ? `${code}: ${detail}` : code;
}

/** Thrown inside the module; turned into `{ok:false, error}` at the API boundary. */
export class Pkcs12Failure extends Error {
  readonly code: Pkcs12ErrorCode;
  readonly detail: string | undefined;
  readonly params: Pkcs12ErrorParams | undefined;

  constructor(code: Pkcs12ErrorCode, detail?: string, params?: Pkcs12ErrorParams) {
    super(technical(code, detail));
    this.name = 'Pkcs12Failure';
    this.code = code;
    this.detail = detail;
    this.params = params;
  }

  toInfo(): Pkcs12ErrorInfo {
    return pkcs12Error(this.code, this.detail, this.params);
  }
}

/**
 * Internal signal: one decryption attempt produced garbage (bad padding, not the expected ASN.1). The caller decides
 * whether that means BAD_PASSWORD or retries with another password encoding.
 */
export class DecryptionFailed extends Error {
  constructor() {
    super('decryption failed');
    this.name = 'DecryptionFailed';
  }
}

/** A failure of this module's kind, for callers that detect a condition themselves (e.g. the CLI's size check). */
export function pkcs12Error(code: Pkcs12ErrorCode, detail?: string, params?: Pkcs12ErrorParams): Pkcs12ErrorInfo {
  return {
    code,
    ...(params && Object.keys(params).length > 0 ? { params } : {}),
    ...(detail ? { detail } : {}),
  };
}

/** Anything that is not already a typed failure becomes NOT_PKCS12: hostile input must never surface a stack trace. */
export function toErrorInfo(error: unknown): Pkcs12ErrorInfo {
  if (error instanceof Pkcs12Failure) return error.toInfo();
  return pkcs12Error('NOT_PKCS12');
}
