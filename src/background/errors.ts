/**
 * Every way a renewal can stop, as a code the UI shows through _locales (ja/en) with its next step, and whether
 * pressing the button again is the right thing to do. Messages that come from the shared PKCS#12 checks or from
 * the host are already Japanese sentences with a next step; they are passed through as they are.
 */
import type { RenewalError, RenewalStepId } from '../lib/renewal-view';
import { t } from './i18n';

const CATALOG: Record<string, { key: string; retryable: boolean }> = {
  HOST_NOT_INSTALLED: { key: 'hostErrorNotInstalled', retryable: true },
  HOST_EXITED: { key: 'hostErrorExited', retryable: true },
  HOST_TIMEOUT: { key: 'hostErrorTimeout', retryable: true },
  HOST_PROTOCOL: { key: 'hostErrorProtocol', retryable: false },
  ORCAMO_URL_UNKNOWN: { key: 'errOrcamoUrlUnknown', retryable: false },
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
  PASSWORD_NOT_FOUND: { key: 'errPasswordNotFound', retryable: true },
  VERIFY_REJECTED: { key: 'errVerifyRejected', retryable: false },
  INTERRUPTED: { key: 'errInterrupted', retryable: true },
  CANCELLED: { key: 'errCancelled', retryable: true },
  NO_SECRET: { key: 'errInterrupted', retryable: true },
};

/** Codes whose message comes with the failure itself (PKCS#12 reader, replacement checks, host). */
const PASS_THROUGH_RETRYABLE = new Set(['EMPTY_FILE', 'NOT_PKCS12', 'BAD_PASSWORD']);

export function renewalError(code: string, step: RenewalStepId | null, message?: string): RenewalError {
  const known = CATALOG[code];
  if (known) return { code, step, message: t(known.key), retryable: known.retryable };
  return { code, step, message: message ?? t('errUnexpected'), retryable: PASS_THROUGH_RETRYABLE.has(code) };
}
