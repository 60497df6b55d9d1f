/**
 * The native-messaging contract between the service worker and the host `weborca-cert` (DESIGN.md §4).
 * One schema per request type, with exactly the keys that type allows; the host validates every frame against these,
 * and the extension validates every reply. Shared code: no Node or browser APIs here.
 */
import * as v from 'valibot';

export const NATIVE_HOST_NAME = 'weborca_cert_companion';

/** A request frame may be at most 8 MiB; a reply at most 1 MiB (Chrome's own limit for host→browser). */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
export const MAX_REPLY_BYTES = 1024 * 1024;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
const base64 = v.pipe(v.string(), v.maxLength(MAX_REQUEST_BYTES), v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'));
/** Passwords are bounded but otherwise free: PKCS#12 allows any characters, including none. */
const password = v.pipe(v.string(), v.maxLength(1024));
/** The server's file name, kept for the backup: a bare name, no path separators or control characters. */
const fileName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(255),
  v.regex(/^[^/\\\u0000-\u001f]+$/, 'not a bare file name'),
  v.check((name) => name !== '.' && name !== '..', 'not a bare file name'),
);

export const HelloRequest = v.strictObject({ id, type: v.literal('hello') });
export const InspectRequest = v.strictObject({ id, type: v.literal('inspect'), p12: base64, password });
/** Reserved for the import command (issue #5): kept here so the key set is fixed in one place. */
export const ImportRequest = v.strictObject({ id, type: v.literal('import'), p12: base64, password, fileName });

/** The whitelist: only implemented request types are accepted; anything else is UNKNOWN_TYPE. */
export const NativeRequest = v.variant('type', [HelloRequest, InspectRequest]);
export type NativeRequest = v.InferOutput<typeof NativeRequest>;
export type NativeRequestType = NativeRequest['type'];
export const NATIVE_REQUEST_TYPES: readonly NativeRequestType[] = ['hello', 'inspect'];

export const ErrorBody = v.strictObject({ code: v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]*$/)), message: v.string() });
export type ErrorBody = v.InferOutput<typeof ErrorBody>;

export const ErrorReply = v.strictObject({ id: v.nullable(v.string()), ok: v.literal(false), error: ErrorBody });
export type ErrorReply = v.InferOutput<typeof ErrorReply>;

export const HelloReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  version: v.string(),
  protocol: v.literal(1),
  platform: v.picklist(['linux', 'win32', 'darwin', 'other']),
  node: v.string(),
  /** Certificate stores this host can write to on this machine. */
  stores: v.array(v.string()),
  /** External tools found on PATH (pk12util, certutil, openssl, powershell, security). */
  tools: v.record(v.string(), v.boolean()),
});
export type HelloReply = v.InferOutput<typeof HelloReply>;

/** Error codes of the protocol layer (a command's own codes come from its module). */
export const PROTOCOL_ERRORS = {
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  TRUNCATED_FRAME: 'TRUNCATED_FRAME',
  BAD_UTF8: 'BAD_UTF8',
  BAD_JSON: 'BAD_JSON',
  BAD_REQUEST: 'BAD_REQUEST',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  NOT_IMPLEMENTED: 'NOT_IMPLEMENTED',
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  REPLY_TOO_LARGE: 'REPLY_TOO_LARGE',
  INTERNAL: 'INTERNAL',
} as const;

/** Describes what is wrong with a request in a short, secret-free sentence (never echoes values). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      return `${path || '(root)'}: ${issue.kind === 'schema' && issue.type === 'strict_object' ? 'unexpected key' : issue.expected ?? issue.type}`;
    })
    .join('; ');
}
