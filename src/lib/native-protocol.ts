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
export const ImportRequest = v.strictObject({ id, type: v.literal('import'), p12: base64, password, fileName });
export const ListRequest = v.strictObject({ id, type: v.literal('list') });
/** An https origin, nothing more (no path, no credentials): the host checks it against its allowed origins. */
const origin = v.pipe(v.string(), v.maxLength(200), v.regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'not an https origin'));
export const VerifyLoginRequest = v.strictObject({ id, type: v.literal('verifyLogin'), origin, p12: base64, password });
const thumbprint = v.pipe(v.string(), v.regex(/^[0-9A-F]{40}$/, 'not a SHA-1 thumbprint'));
export const RemoveIdentityRequest = v.strictObject({ id, type: v.literal('removeIdentity'), thumbprint });
/** Saves a downloaded file in the backup folder before anything else is tried with it: nothing downloaded is lost. */
export const BackupRequest = v.strictObject({ id, type: v.literal('backup'), p12: base64, fileName });

/**
 * Reads the one file the browser has just finished downloading (fallback when ORCAMO's `こちら` is script- or
 * form-driven). The host answers only for an absolute path to a regular file (not a symlink), ≤ 1 MiB, named
 * *.p12 or *.pfx, modified within the last 10 minutes; anything else is READ_REFUSED.
 */
export const ReadDownloadRequest = v.strictObject({ id, type: v.literal('readDownload'), path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) });

/**
 * Linkage tools (オンライン資格確認の連携ツール; experimental). `linkageList` shows their configs; `linkageUpdate`
 * writes the renewed certificate into all of them (backed up first, all or nothing) — offer it after a renewal
 * only when `linkageList` found configs and reported no errors.
 */
export const LinkageListRequest = v.strictObject({ id, type: v.literal('linkageList') });
export const LinkageUpdateRequest = v.strictObject({ id, type: v.literal('linkageUpdate'), p12: base64, password });

/** The whitelist: only these request types are accepted; anything else is UNKNOWN_TYPE. */
export const NativeRequest = v.variant('type', [
  HelloRequest,
  InspectRequest,
  ImportRequest,
  ListRequest,
  VerifyLoginRequest,
  RemoveIdentityRequest,
  BackupRequest,
  ReadDownloadRequest,
  LinkageListRequest,
  LinkageUpdateRequest,
]);
export type NativeRequest = v.InferOutput<typeof NativeRequest>;
export type NativeRequestType = NativeRequest['type'];
export const NATIVE_REQUEST_TYPES: readonly NativeRequestType[] = [
  'hello',
  'inspect',
  'import',
  'list',
  'verifyLogin',
  'removeIdentity',
  'backup',
  'readDownload',
  'linkageList',
  'linkageUpdate',
];

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

const nameMap = v.record(v.string(), v.union([v.string(), v.array(v.string())]));
const storeInfo = v.strictObject({ id: v.string(), kind: v.picklist(['nss', 'windows', 'macos']), label: v.string(), browsers: v.array(v.string()) });

export const StoredIdentity = v.strictObject({
  store: storeInfo,
  subject: nameMap,
  issuer: nameMap,
  serialNumber: v.string(),
  notBefore: v.string(),
  notAfter: v.string(),
  daysLeft: v.number(),
  thumbprint: v.string(),
  sha256: v.string(),
  hasPrivateKey: v.boolean(),
});
export type StoredIdentity = v.InferOutput<typeof StoredIdentity>;

export const ListReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  identities: v.array(StoredIdentity),
  stores: v.array(storeInfo),
  /** Stores that could not be read, with why (the others are still listed). */
  errors: v.array(v.strictObject({ store: storeInfo, code: v.string(), message: v.string() })),
});
export type ListReply = v.InferOutput<typeof ListReply>;

const storeResult = v.union([
  v.strictObject({ store: storeInfo, ok: v.literal(true), status: v.picklist(['imported', 'alreadyPresent']), verified: v.boolean() }),
  v.strictObject({ store: storeInfo, ok: v.literal(false), error: ErrorBody }),
]);

export const ImportReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  certificate: v.strictObject({ subject: nameMap, serialNumber: v.string(), notAfter: v.string(), thumbprint: v.string(), sha256: v.string() }),
  backup: v.nullable(v.strictObject({ path: v.string() })),
  stores: v.array(storeResult),
});
export type ImportReply = v.InferOutput<typeof ImportReply>;

export const VerifyLoginReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  accepted: v.boolean(),
  status: v.nullable(v.number()),
  certificate: v.strictObject({ serialNumber: v.string(), notAfter: v.string() }),
});
export type VerifyLoginReply = v.InferOutput<typeof VerifyLoginReply>;

export const RemoveIdentityReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  removed: v.array(v.strictObject({ store: storeInfo })),
});

export const BackupReply = v.strictObject({ id: v.string(), ok: v.literal(true), path: v.string() });
export type BackupReply = v.InferOutput<typeof BackupReply>;

/** The downloaded file's bytes and its bare name (kept for the backup). */
export const ReadDownloadReply = v.strictObject({ id: v.string(), ok: v.literal(true), p12: base64, fileName });
export type ReadDownloadReply = v.InferOutput<typeof ReadDownloadReply>;

const linkageTool = v.picklist(['onshi-shell', 'onshi-receiver', 'push-exchanger', 'other']);

/** One linkage config: the certificate it uses (null fields when unreadable), and whether its other files exist. */
export const LinkageConfig = v.strictObject({
  tool: linkageTool,
  /** Absolute path of the YAML file. */
  path: v.string(),
  /** The YAML and the folders of its PEM files can be written (false: needs an administrator or is read-only). */
  writable: v.boolean(),
  cert: v.nullable(
    v.strictObject({
      path: v.string(),
      exists: v.boolean(),
      serialNumber: v.nullable(v.string()),
      notAfter: v.nullable(v.string()),
      daysLeft: v.nullable(v.number()),
      subject: v.nullable(nameMap),
    }),
  ),
  keyExists: v.boolean(),
  caExists: v.boolean(),
  /** Whether the YAML has a passphrase (never the passphrase itself). */
  hasPassphrase: v.boolean(),
});
export type LinkageConfig = v.InferOutput<typeof LinkageConfig>;

export const LinkageListReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  configs: v.array(LinkageConfig),
  /** Why a config cannot be read or updated safely (path = the config, or a configured path that is missing). */
  errors: v.array(v.strictObject({ path: v.string(), code: v.string(), message: v.string() })),
});
export type LinkageListReply = v.InferOutput<typeof LinkageListReply>;

export const LinkageUpdateReply = v.strictObject({
  id: v.string(),
  ok: v.literal(true),
  /** Configs now pointing at the new certificate. */
  updated: v.array(v.strictObject({ tool: linkageTool, path: v.string() })),
  /** Configs that already used it (nothing written for them). */
  unchanged: v.array(v.strictObject({ tool: linkageTool, path: v.string() })),
  /** The backup set (`weborca-cert linkage rollback ID`); null when nothing was written. */
  backupId: v.nullable(v.string()),
});
export type LinkageUpdateReply = v.InferOutput<typeof LinkageUpdateReply>;

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
