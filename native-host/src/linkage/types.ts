/**
 * Shared shapes of the linkage-tool support (オンライン資格確認の連携ツール). EXPERIMENTAL: the tools' YAML format is
 * inferred from secondary sources (DESIGN.md §2), so every change is backed up and verified (see README.md here).
 */
import type { NameMap } from '../../../src/lib/pkcs12/types';

/** The tools we know by name; anything else found through a configured path is `other`. */
export const LINKAGE_TOOLS = ['onshi-shell', 'onshi-receiver', 'push-exchanger'] as const;
export type LinkageTool = (typeof LINKAGE_TOOLS)[number] | 'other';

/** The four YAML keys we read and (only these) rewrite. Ruby-symbol style: the key text starts with a colon. */
export const LINKAGE_KEYS = { caCert: ':ca_cert', cert: ':cert', certKey: ':cert_key', passphrase: ':passphrase' } as const;
export type LinkageKey = keyof typeof LINKAGE_KEYS;

export interface LinkageIssue {
  /** The config file (or configured path) the issue is about. */
  path: string;
  code: string;
  /** Japanese, with the next step. */
  message: string;
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

export interface LinkageListing {
  configs: LinkageConfigInfo[];
  /** Configs that cannot be read or would not be updated safely; `linkage update` refuses while any is listed. */
  errors: LinkageIssue[];
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

/** A failure with a code and a Japanese message; thrown inside the linkage modules, caught at their edges. */
export class LinkageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'LinkageError';
  }
}
