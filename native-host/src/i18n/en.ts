/** The host's English words, for vendors whose terminal speaks English. The same keys as ja.ts (a test checks). */
import { EN_COMMON } from './en/common';
import { EN_INSTALL } from './en/install';
import { EN_LINKAGE } from './en/linkage';
import type { CatalogueKey } from './ja';

export const EN: Record<CatalogueKey, string> = {
  ...EN_COMMON,
  ...EN_INSTALL,
  ...EN_LINKAGE,
  FRAME_TOO_LARGE: 'The request is too large (limit 8 MiB). Update the extension.',
  TRUNCATED_FRAME: 'The request was cut off. Try again.',
  BAD_UTF8: 'The request is not UTF-8. Update the extension.',
  BAD_JSON: 'The request is not JSON. Update the extension.',
  BAD_REQUEST: 'The request is malformed. Check that the extension and the helper (weborca-cert) versions match.',
  UNKNOWN_TYPE: 'Unknown request. Check that the extension and the helper (weborca-cert) versions match.',
  REPLY_TOO_LARGE: 'The reply is too large to send. Contact support.',
  INTERNAL: 'The helper hit an unexpected error. Run weborca-cert doctor and contact support.',
  CALLER_NOT_ALLOWED: 'This extension is not registered with weborca-cert. Run weborca-cert install.',
};
