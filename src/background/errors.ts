/**
 * Every way a renewal can stop, as a code, turned into the sentence the UI shows (ja/en, from _locales) with its
 * next step, and whether pressing the button again is the right thing to do.
 *
 * Codes arrive from three places: the worker itself (below), the shared checks and the PKCS#12 reader, and the
 * host. The words always come from our own catalogue: `code_<CODE>` entries with `{name}` placeholders filled from
 * the failure's params. Only a code we do not know (a newer host) falls back to the sender's own sentence.
 * A tool's raw output travels as `detail`, shown collapsed (詳細 / Details), never as the message.
 */
import type { MessageParams } from '../lib/native-protocol';
import type { RenewalError, RenewalStepId } from '../lib/renewal-view';

export interface FailureLike {
  code: string;
  params?: MessageParams;
  /** The sender's own sentence: only used when our catalogue does not know the code. */
  message?: string;
  detail?: string;
  /** A picture of the page was kept for the support file (the UI offers to save it). */
  support?: boolean;
}

type Translate = (key: string, substitutions?: string | string[]) => string;

/** The worker's own codes: their catalogue entry and whether trying again may help. */
const WORKER_CODES: Record<string, { key: string; retryable: boolean }> = {
  HOST_NOT_INSTALLED: { key: 'hostErrorNotInstalled', retryable: true },
  HOST_EXITED: { key: 'hostErrorExited', retryable: true },
  HOST_TIMEOUT: { key: 'hostErrorTimeout', retryable: true },
  HOST_PROTOCOL: { key: 'hostErrorProtocol', retryable: false },
  ORCAMO_URL_UNKNOWN: { key: 'errOrcamoUrlUnknown', retryable: false },
  ORCAMO_ORIGIN_UNKNOWN: { key: 'errOrcamoOriginUnknown', retryable: false },
  ORCAMO_ORIGIN_REFUSED: { key: 'errOrcamoOriginRefused', retryable: false },
  ORCAMO_TAB_FAILED: { key: 'errOrcamoTabLost', retryable: true },
  ORCAMO_TAB_LOST: { key: 'errOrcamoTabLost', retryable: true },
  ORCAMO_PROTOCOL: { key: 'errOrcamoProtocol', retryable: true },
  PAGE_NOT_RECOGNISED: { key: 'errPageNotRecognised', retryable: true },
  DOWNLOAD_HTTP_ERROR: { key: 'errDownloadHttp', retryable: true },
  DOWNLOAD_TIMEOUT: { key: 'errDownloadTimeout', retryable: true },
  DOWNLOAD_TRUNCATED: { key: 'errDownloadTruncated', retryable: true },
  DOWNLOAD_FAILED: { key: 'errDownloadFailed', retryable: true },
  DOWNLOAD_EMPTY: { key: 'errDownloadEmpty', retryable: true },
  DOWNLOAD_NOT_CERTIFICATE: { key: 'errDownloadNotCertificate', retryable: true },
  DOWNLOAD_LINK_NOT_FOUND: { key: 'errDownloadLinkNotFound', retryable: true },
  INTERNAL_ERROR: { key: 'errOrcamoInternal', retryable: true },
  DOWNLOAD_TOO_LARGE: { key: 'errDownloadTooLarge', retryable: false },
  DOWNLOAD_NEEDS_BROWSER: { key: 'errDownloadNeedsBrowser', retryable: false },
  DOWNLOAD_SAVED_BY_BROWSER: { key: 'errDownloadSavedByBrowser', retryable: false },
  PASSWORD_NOT_FOUND: { key: 'errPasswordNotFound', retryable: true },
  VERIFY_REJECTED: { key: 'errVerifyRejected', retryable: false },
  INTERRUPTED: { key: 'errInterrupted', retryable: true },
  CANCELLED: { key: 'errCancelled', retryable: true },
  NO_SECRET: { key: 'errInterrupted', retryable: true },
};

/** Codes from the reader or the host where trying again is the right next step (a flaky download, a typo). */
const RETRYABLE = new Set(['EMPTY_FILE', 'NOT_PKCS12', 'BAD_PASSWORD', 'CONNECT_FAILED', 'TIMEOUT', 'STORE_BUSY']);

/** Fills `{name}` placeholders from the params; an unknown name stays as it is (visible in review). */
export function fillParams(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The sentence for a failure, from our catalogue: the worker's key, else `code_<CODE>`, else the sender's words. */
export function failureMessage(failure: FailureLike, t: Translate): string {
  const key = WORKER_CODES[failure.code]?.key ?? `code_${failure.code}`;
  const text = t(key);
  if (text !== key && text !== '') return fillParams(text, failure.params);
  return failure.message ?? t('errUnexpected');
}

export function renewalError(failure: FailureLike, step: RenewalStepId | null, t: Translate): RenewalError {
  return {
    code: failure.code,
    step,
    message: failureMessage(failure, t),
    retryable: WORKER_CODES[failure.code]?.retryable ?? RETRYABLE.has(failure.code),
    ...(failure.params ? { params: failure.params } : {}),
    ...(failure.detail ? { detail: failure.detail } : {}),
    ...(failure.support ? { support: true } : {}),
  };
}
