/**
 * The native-messaging contract between the service worker and the host `weborca-cert`, as ONE table
 * (Web eID's command table is the model): each request type maps to the keys its request carries, the keys of its
 * success reply, and how long the caller waits for it. Everything else is derived from the table: the request
 * whitelist and its strict schemas (the host validates every frame), the reply schemas (the host validates its own
 * replies before sending them, the extension validates them again on arrival), the caller's and the handlers' types.
 *
 * Adding a request type: one row here, one handler file in native-host/src/host/handlers/ (docs/ARCHITECTURE.md).
 * Shared code: no Node or browser APIs here.
 */
import * as v from 'valibot';

export const NATIVE_HOST_NAME = 'weborca_cert_companion';

/** A request frame may be at most 8 MiB; a reply at most 1 MiB (Chrome's own limit for host→browser). */
export const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
export const MAX_REPLY_BYTES = 1024 * 1024;

// ── Field schemas ──────────────────────────────────────────────────────────────────────────────────────────────

const requestId = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
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
/** An https origin, nothing more (no path, no credentials): the host checks it against its allowed origins. */
const origin = v.pipe(v.string(), v.maxLength(200), v.regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'not an https origin'));
const thumbprint = v.pipe(v.string(), v.regex(/^[0-9A-F]{40}$/, 'not a SHA-1 thumbprint'));
const errorCode = v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]*$/));

/**
 * Named values a message template needs (`{store}`, `{path}`, `{days}`…). Data only: the words come from the
 * reader's own catalogue (the extension's _locales, the CLI's catalogue), never from the other side.
 */
export const MessageParams = v.record(v.pipe(v.string(), v.regex(/^[a-zA-Z][a-zA-Z0-9]*$/)), v.union([v.string(), v.number()]));
export type MessageParams = v.InferOutput<typeof MessageParams>;

/**
 * A failure as it crosses a boundary: a code (what the receiver translates), its parameters, and optionally a tool's
 * raw output for the collapsed 詳細 / Details. `message` is the host's own rendering (its locale, Japanese by
 * default): a fallback for a receiver that does not know the code (versions can skew), and the CLI's text.
 */
export const ErrorBody = v.strictObject({
  code: errorCode,
  message: v.string(),
  params: v.optional(MessageParams),
  detail: v.optional(v.pipe(v.string(), v.maxLength(2000))),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;

const nameMap = v.record(v.string(), v.union([v.string(), v.array(v.string())]));
const storeKind = v.picklist(['nss', 'windows', 'macos']);
export const StoreInfo = v.strictObject({ id: v.string(), kind: storeKind, label: v.string(), browsers: v.array(v.string()) });
export type StoreInfo = v.InferOutput<typeof StoreInfo>;
export type StoreKind = StoreInfo['kind'];

/** A client identity (certificate + private key) found in a store. */
export const StoredIdentity = v.strictObject({
  store: StoreInfo,
  subject: nameMap,
  issuer: nameMap,
  /** Uppercase hex of the DER INTEGER content bytes, as Windows shows it. */
  serialNumber: v.string(),
  notBefore: v.string(),
  notAfter: v.string(),
  daysLeft: v.number(),
  /** SHA-1 of the certificate DER, uppercase hex: the Windows thumbprint; how identities are addressed. */
  thumbprint: v.string(),
  sha256: v.string(),
  /** Whether the store holds the matching private key (a certificate alone cannot authenticate). */
  hasPrivateKey: v.boolean(),
  /** The certificate itself (DER, base64): what the shared chain-of-trust check compares a replacement with. */
  certificate: base64,
});
export type StoredIdentity = v.InferOutput<typeof StoredIdentity>;

/**
 * A WebORCA identity as `list` reports it: a stored identity, and whether the host proved it with a TLS handshake
 * that WebORCA accepted (a renewal's proof, or `verifyLogin`). Only such an identity (or the one the browser
 * presented) counts as "in use".
 */
export const ListedIdentity = v.strictObject({ ...StoredIdentity.entries, verified: v.boolean() });
export type ListedIdentity = v.InferOutput<typeof ListedIdentity>;

const storeFailure = v.strictObject({
  store: StoreInfo,
  code: errorCode,
  message: v.string(),
  params: v.optional(MessageParams),
  detail: v.optional(v.string()),
});

const storeResult = v.union([
  v.strictObject({ store: StoreInfo, ok: v.literal(true), status: v.picklist(['imported', 'alreadyPresent']), verified: v.boolean() }),
  v.strictObject({ store: StoreInfo, ok: v.literal(false), error: ErrorBody }),
]);

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

const certificateReport = v.strictObject({
  subject: nameMap,
  issuer: nameMap,
  serialNumber: v.string(),
  notBefore: v.string(),
  notAfter: v.string(),
  sha256: v.string(),
  keyType: v.picklist(['RSA', 'EC']),
  keyBits: v.number(),
  clientAuth: v.boolean(),
  isCA: v.boolean(),
  expired: v.boolean(),
  daysLeft: v.number(),
});
const problem = v.strictObject({ code: errorCode, blocking: v.boolean(), message: v.string(), params: v.optional(MessageParams) });

// ── The table ──────────────────────────────────────────────────────────────────────────────────────────────────

type Entries = v.ObjectEntries;

/**
 * One row: the request's keys besides `id` and `type` (exactly these: extra or missing keys are BAD_REQUEST), the
 * success reply's keys besides `id` and `ok`, and how long the extension waits for the reply. Its schemas are built
 * when the row is first used: the host answers `hello` on every start, and building all ten rows' schemas first cost
 * more than answering it.
 */
function row<T extends string, Request extends Entries, Reply extends Entries>(type: T, spec: () => { request: Request; reply: Reply; timeoutMs: number }) {
  let built: ReturnType<typeof build> | undefined;
  const build = () => {
    const { request, reply, timeoutMs } = spec();
    return {
      request: v.strictObject({ id: requestId, type: v.literal(type), ...request }),
      reply: v.strictObject({ id: v.string(), ok: v.literal(true), ...reply }),
      timeoutMs,
    };
  };
  return {
    get request() {
      return (built ??= build()).request;
    },
    get reply() {
      return (built ??= build()).reply;
    },
    get timeoutMs() {
      return (built ??= build()).timeoutMs;
    },
  };
}

export const NATIVE_COMMANDS = {
  /** Who the host is: the handshake before every command, and the popup's helper card. */
  hello: row('hello', () => ({
    request: {},
    reply: {
      version: v.string(),
      protocol: v.literal(1),
      platform: v.picklist(['linux', 'win32', 'darwin', 'other']),
      node: v.string(),
      /** Certificate store kinds this host can write to on this machine. */
      stores: v.array(v.string()),
      /** External tools found on PATH (pk12util, certutil, openssl, security). */
      tools: v.record(v.string(), v.boolean()),
    },
    timeoutMs: 5_000,
  })),
  /** The `inspect --json` report of a .p12 (the contract in docs/ARCHITECTURE.md, below `"ok":true`). */
  inspect: row('inspect', () => ({
    request: { p12: base64, password },
    reply: {
      certificate: certificateReport,
      privateKey: v.strictObject({ present: v.boolean(), matchesCertificate: v.boolean() }),
      identities: v.number(),
      chain: v.array(v.strictObject({ subject: nameMap, issuer: nameMap, serialNumber: v.string() })),
      pkcs12: v.strictObject({ mac: v.nullable(v.string()), encryption: v.array(v.string()), iterations: v.number() }),
      problems: v.array(problem),
    },
    timeoutMs: 30_000,
  })),
  /**
   * Check (the shared replacement checks, chain of trust included, against the WebORCA identity in use), prove (a TLS
   * handshake with the new identity to an allowed WebORCA origin) and only then import into every store of this
   * user; the stores are listed again afterwards. Needs a current WebORCA identity (NO_CURRENT_IDENTITY otherwise).
   */
  import: row('import', () => ({
    request: { p12: base64, password, fileName },
    reply: {
      certificate: v.strictObject({ subject: nameMap, serialNumber: v.string(), notAfter: v.string(), thumbprint: v.string(), sha256: v.string() }),
      backup: v.nullable(v.strictObject({ path: v.string() })),
      stores: v.array(storeResult),
    },
    timeoutMs: 120_000,
  })),
  /** WebORCA identities (issuer CN Intermediate CA, clientAuth, not a CA) in every store of this user. */
  list: row('list', () => ({
    request: {},
    reply: {
      identities: v.array(ListedIdentity),
      /**
       * Issuer certificates (DER, base64) the stores hold for WebORCA identities, and those the host recorded at a
       * verified renewal: the chain-of-trust check uses them when a replacement's file carries no chain.
       */
      issuers: v.array(base64),
      stores: v.array(StoreInfo),
      /** Stores that could not be read, with why (the others are still listed). */
      errors: v.array(storeFailure),
    },
    timeoutMs: 20_000,
  })),
  /** A real TLS handshake with the given identity, to a WebORCA origin the host allows. */
  verifyLogin: row('verifyLogin', () => ({
    request: { origin, p12: base64, password },
    reply: {
      accepted: v.boolean(),
      status: v.nullable(v.number()),
      certificate: v.strictObject({ serialNumber: v.string(), notAfter: v.string() }),
    },
    timeoutMs: 30_000,
  })),
  /**
   * Removes a superseded WebORCA identity (certificate and key) by thumbprint: only when a verified newer identity
   * of the same subject is in the same store (REMOVE_REFUSED otherwise).
   */
  removeIdentity: row('removeIdentity', () => ({
    request: { thumbprint },
    reply: { removed: v.array(v.strictObject({ store: StoreInfo })) },
    timeoutMs: 60_000,
  })),
  /** Saves a downloaded file in the backup folder before anything else is tried with it: nothing downloaded is lost. */
  backup: row('backup', () => ({
    request: { p12: base64, fileName },
    reply: { path: v.string() },
    timeoutMs: 20_000,
  })),
  /**
   * Reads the one file the browser has just finished downloading (fallback when ORCAMO's `こちら` is script- or
   * form-driven). The host answers only for an absolute path to a regular file (not a symlink), ≤ 1 MiB, named
   * *.p12 or *.pfx, modified within the last 10 minutes; anything else is READ_REFUSED.
   */
  readDownload: row('readDownload', () => ({
    request: { path: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) },
    reply: { p12: base64, fileName },
    timeoutMs: 15_000,
  })),
  /** Linkage tools (オンライン資格確認の連携ツール; experimental): their configs and the certificates they use. */
  linkageList: row('linkageList', () => ({
    request: {},
    reply: {
      configs: v.array(LinkageConfig),
      /** Why a config cannot be read or updated safely (path = the config, or a configured path that is missing). */
      errors: v.array(v.strictObject({ path: v.string(), code: errorCode, message: v.string(), params: v.optional(MessageParams) })),
    },
    timeoutMs: 20_000,
  })),
  /** Writes the renewed certificate into every linkage config (backed up first, all or nothing). */
  linkageUpdate: row('linkageUpdate', () => ({
    request: { p12: base64, password },
    reply: {
      /** Configs now pointing at the new certificate. */
      updated: v.array(v.strictObject({ tool: linkageTool, path: v.string() })),
      /** Configs that already used it (nothing written for them). */
      unchanged: v.array(v.strictObject({ tool: linkageTool, path: v.string() })),
      /** The backup set (`weborca-cert linkage rollback ID`); null when nothing was written. */
      backupId: v.nullable(v.string()),
    },
    timeoutMs: 120_000,
  })),
};

// ── Derived from the table ─────────────────────────────────────────────────────────────────────────────────────

type Commands = typeof NATIVE_COMMANDS;
export type NativeRequestType = keyof Commands;

/** A request of type T, as the host receives it. */
export type RequestOf<T extends NativeRequestType> = v.InferOutput<Commands[T]['request']>;
/** The success reply to T, as the extension receives it. */
export type ReplyOf<T extends NativeRequestType> = v.InferOutput<Commands[T]['reply']>;
/** What a handler returns on success: the reply without `id` (added by the serving loop). */
export type ReplyBody<T extends NativeRequestType> = Omit<ReplyOf<T>, 'id'>;
/** Any request the host accepts. */
export type NativeRequest = { [T in NativeRequestType]: RequestOf<T> }[NativeRequestType];

export function isNativeRequestType(type: unknown): type is NativeRequestType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(NATIVE_COMMANDS, type);
}

/** The strict schema of request type T (exact key set). */
export function nativeRequestSchema<T extends NativeRequestType>(type: T): Commands[T]['request'] {
  return NATIVE_COMMANDS[type].request;
}

/** The strict schema of the success reply to T (exact key set). */
export function nativeReplySchema<T extends NativeRequestType>(type: T): Commands[T]['reply'] {
  return NATIVE_COMMANDS[type].reply;
}

export function nativeTimeoutMs(type: NativeRequestType): number {
  return NATIVE_COMMANDS[type].timeoutMs;
}

export const HelloReply = nativeReplySchema('hello');
export type HelloReply = ReplyOf<'hello'>;
export type LinkageListReply = ReplyOf<'linkageList'>;

export const ErrorReply = v.strictObject({ id: v.nullable(v.string()), ok: v.literal(false), error: ErrorBody });
export type ErrorReply = v.InferOutput<typeof ErrorReply>;

/** Describes what is wrong with a request in a short, secret-free sentence (never echoes values). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      return `${path || '(root)'}: ${issue.kind === 'schema' && issue.type === 'strict_object' ? 'unexpected key' : (issue.expected ?? issue.type)}`;
    })
    .join('; ');
}
