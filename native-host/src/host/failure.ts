/**
 * What a host module returns when something fails: a code and its named parameters (never a finished sentence),
 * plus, for the collapsed 詳細 / Details, a tool's raw output. The words are added once, at the boundary, from the
 * host's catalogue (native-host/src/i18n): in the reply's `message` (a fallback for an extension that does not know
 * the code) and in the CLI's output.
 */
import type { ErrorBody, MessageParams } from '../../../src/lib/native-protocol';
import { messageFor } from '../i18n';

export interface Failure {
  code: string;
  params?: MessageParams;
  /** A tool's raw output or a system error text: technical detail, shown collapsed. */
  detail?: string;
  /** The catalogue entry when it is not the code itself (one code, two situations: e.g. ORIGIN_NOT_ALLOWED). */
  key?: string;
  /** A sentence already rendered from the catalogue (the linkage modules carry theirs); the key's or code's text wins. */
  message?: string;
}

export function failure(code: string, params?: MessageParams, detail?: string): { ok: false; error: Failure } {
  return { ok: false, error: { code, ...(params ? { params } : {}), ...(detail ? { detail } : {}) } };
}

/** The wire form of a failure: its code, the host's sentence for it, and the parameters and detail when present. */
export function errorBody(failure: Failure): ErrorBody {
  return {
    code: failure.code,
    message: messageFor(failure),
    ...(failure.params && Object.keys(failure.params).length > 0 ? { params: failure.params } : {}),
    ...(failure.detail ? { detail: failure.detail.slice(0, 2000) } : {}),
  };
}
