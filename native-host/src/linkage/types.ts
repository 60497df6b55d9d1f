/**
 * Shared shapes of the linkage-tool support (オンライン資格確認の連携ツール). EXPERIMENTAL: the tools' YAML format is
 * inferred from secondary sources (docs/ARCHITECTURE.md: facts about the real site), so every change is backed up and verified (see README.md here).
 */
import type { MessageParams } from '../../../src/lib/native-protocol';
import type { NameMap } from '../../../src/lib/pkcs12/types';
import { text, type CatalogueKey } from '../i18n';

/** The tools we know by name; anything else found through a configured path is `other`. */
export const LINKAGE_TOOLS = ['onshi-shell', 'onshi-receiver', 'push-exchanger'] as const;
export type LinkageTool = (typeof LINKAGE_TOOLS)[number] | 'other';

/** The four YAML keys we read and (only these) rewrite. Ruby-symbol style: the key text starts with a colon. */
export const LINKAGE_KEYS = { caCert: ':ca_cert', cert: ':cert', certKey: ':cert_key', passphrase: ':passphrase' } as const;
export type LinkageKey = keyof typeof LINKAGE_KEYS;

/**
 * Why a config cannot be read or updated safely, as data: the code (what the extension and scripts act on), the
 * catalogue entry with its words and next step, its parameters, and a system error's own text apart.
 */
export interface LinkageIssue {
  /** The config file (or configured path) the issue is about. */
  path: string;
  code: string;
  key: CatalogueKey;
  params: MessageParams;
  detail?: string;
}

/** An issue as `linkage --json` prints it: the sentence in the current locale beside the code and parameters. */
export interface LinkageIssueReport {
  path: string;
  code: string;
  message: string;
  params: MessageParams;
  detail?: string;
}

export function reportIssue(issue: LinkageIssue): LinkageIssueReport {
  const { path, code, key, params, detail } = issue;
  return { path, code, message: text(key, params), params, ...(detail ? { detail } : {}) };
}

export interface LinkageCertificate {
  /** Absolute path of the PEM certificate the config points at. */
  path: string;
  exists: boolean;
  serialNumber: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  subject: NameMap | null;
}

/** One config as `linkage` shows it and `linkageList` replies it (no passphrase, only whether there is one). */
export interface LinkageConfigInfo {
  tool: LinkageTool;
  path: string;
  /** The YAML and the folders new PEM files would go to can be written. */
  writable: boolean;
  cert: LinkageCertificate | null;
  keyExists: boolean;
  caExists: boolean;
  hasPassphrase: boolean;
}

/** `linkageList`'s reply (no `detail`: the protocol's issue has none; the sentence is a fallback, the code is what counts). */
export interface LinkageListing {
  configs: LinkageConfigInfo[];
  /** Configs that cannot be read or would not be updated safely; `linkage update` refuses while any is listed. */
  errors: Array<Omit<LinkageIssueReport, 'detail'>>;
}

/** Where to look: see locations.ts for the precedence. */
export interface LinkageSources {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** config.json `linkageConfigs`. */
  configured: readonly string[];
  /** `--config PATH` (repeatable): when non-empty, only these are looked at. */
  explicit?: readonly string[];
}

/**
 * A failure as `updateLinkage` returns it (and the host replies it, host/failure.ts): the code and its parameters,
 * the catalogue entry, a system error's or tool's raw text apart in `detail`, and the sentence in the current
 * locale, which the CLI prints. `key` is absent only for the PKCS#12 reader's failures, whose sentences do not come
 * from a catalogue yet.
 */
export interface LinkageFailure {
  code: string;
  key?: CatalogueKey;
  params: MessageParams;
  detail?: string;
  message: string;
}

export function linkageFailure(code: string, key: CatalogueKey, params: MessageParams = {}, detail?: string): LinkageFailure {
  return { code, key, params, ...(detail ? { detail } : {}), message: text(key, params) };
}

/** A failure thrown inside the linkage modules and caught at their edges; its message is the current locale's. */
export class LinkageError extends Error {
  readonly path?: string;
  readonly detail?: string;

  constructor(
    readonly code: string,
    readonly key: CatalogueKey,
    readonly params: MessageParams = {},
    where: { path?: string; detail?: string } = {},
  ) {
    super(text(key, params));
    this.name = 'LinkageError';
    if (where.path !== undefined) this.path = where.path;
    if (where.detail !== undefined) this.detail = where.detail;
  }

  toFailure(): LinkageFailure {
    return { ...linkageFailure(this.code, this.key, this.params, this.detail), message: this.message };
  }

  toIssue(fallbackPath: string): LinkageIssue {
    return { path: this.path ?? fallbackPath, code: this.code, key: this.key, params: this.params, ...(this.detail ? { detail: this.detail } : {}) };
  }
}
