/**
 * A Linux NSS database (Chrome/Chromium's ~/.pki/nssdb or a Firefox profile), through the real `certutil` and
 * `pk12util`. NSS gives every certificate of one subject the same nickname (an old and a renewed WebORCA
 * certificate are both "client1210"), so nothing here acts by nickname: identities are found by SHA-1 thumbprint
 * and keys deleted by their key id (CKA_ID).
 *
 * Import: the downloaded file never reaches pk12util. The identity our reader decrypted is re-wrapped
 * (src/lib/pkcs12/writer.ts) with the leaf, its key and only the intermediate the trust check tied to the
 * certificate in use, under a one-time random password; pk12util reads that file from an anonymous descriptor
 * (`-i /dev/fd/3`: pk12util needs a file's size, so not a pipe, but a file with no name anywhere) and the one-time
 * password from a pipe (`-w /dev/stdin`). The user's password never leaves this process, and nothing secret has a
 * name on disk at any moment, even if the host is killed mid-import.
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WEBORCA_ISSUER_CN } from '../../../../src/lib/site';
import type { ExecOptions, Executor, ExecResult } from '../../exec';
import { installHint } from '../../install-hints';
import { pemBlocks, storedIdentity, summarizeCertificate, type CertificateSummary } from '../certificate-summary';
import type { NssDatabase } from './discovery';
import { checkAnnouncedMaterial, rewrapForTool, type RewrapMaterial } from '../rewrap';
import { StoreError, type CertificateStore, type ImportInput, type ImportOutcome, type StoreInfo, type StoredIdentity } from '../types';

/** pk12util's exit code for a wrong .p12 password (SEC_ERROR_BAD_PASSWORD). */
const PK12UTIL_BAD_PASSWORD = 18;
const TOOL_TIMEOUT_MS = 30_000;

/** The decrypted identity (the shared reader's material) the re-wrap is made from. */
export type NssMaterialSource = (input: ImportInput) => Promise<RewrapMaterial>;

export interface NssStoreOptions {
  /** Where import() gets the decrypted identity (userStores wires the PKCS#12 reader). */
  material?: NssMaterialSource;
  /** One-time password generator (tests pin it). */
  oneTimePassword?: () => string;
}

export class NssStore implements CertificateStore {
  readonly info: StoreInfo;
  private readonly db: string;

  constructor(
    private readonly database: NssDatabase,
    private readonly exec: Executor,
    private readonly options: NssStoreOptions = {},
  ) {
    this.info = database.info;
    this.db = `sql:${database.dir}`;
  }

  async list(now: Date): Promise<StoredIdentity[]> {
    if (!existsSync(join(this.database.dir, 'cert9.db'))) return [];
    const keyIds = await this.keyIds();
    const identities: StoredIdentity[] = [];
    const seen = new Set<string>();
    for (const nickname of await this.userNicknames()) {
      // Every certificate sharing the nickname comes back: old and renewed alike.
      const pem = await this.certutil(['-L', '-d', this.db, '-n', nickname, '-a']);
      for (const der of pemBlocks(pem.stdout)) {
        const summary = summarizeCertificate(der, now);
        if (seen.has(summary.thumbprint)) continue;
        seen.add(summary.thumbprint);
        identities.push(this.identity(summary, summary.nssKeyId !== null && keyIds.has(summary.nssKeyId)));
      }
    }
    return identities;
  }

  async issuers(): Promise<Uint8Array[]> {
    if (!existsSync(join(this.database.dir, 'cert9.db'))) return [];
    const found: Uint8Array[] = [];
    for (const nickname of await this.certificateNicknames((trust) => !trust.includes('u'))) {
      const pem = await this.certutil(['-L', '-d', this.db, '-n', nickname, '-a']);
      for (const der of pemBlocks(pem.stdout)) {
        try {
          const summary = summarizeCertificate(der, new Date());
          if (summary.isCA && summary.subject.CN === WEBORCA_ISSUER_CN) found.push(der);
        } catch {
          // Not a certificate we can read: not an issuer we can use.
        }
      }
    }
    return found;
  }

  async import(input: ImportInput): Promise<ImportOutcome> {
    await this.ensureDatabase();
    const before = await this.list(new Date());
    if (before.some((identity) => identity.thumbprint === input.thumbprint && identity.hasPrivateKey)) {
      return { store: this.info, status: 'alreadyPresent', verified: true };
    }
    if (!this.options.material) throw StoreError.worded('UNSUPPORTED_BY_STORE', { key: 'STORE_NO_MATERIAL', params: { store: this.info.label } }, this.info);
    const material = await this.options.material(input);
    checkAnnouncedMaterial(input.thumbprint, material, this.info);
    const { p12, password: oneTime } = await rewrapForTool(input, material, this.options.oneTimePassword);
    const result = await this.run('pk12util', ['-i', '/dev/fd/3', '-d', this.db, '-K', '', '-w', '/dev/stdin'], {
      fdFiles: [p12],
      stdin: oneTime,
      stdinPipe: true,
    });
    if (result.code !== 0) throw this.importError(result);
    const after = await this.list(new Date());
    const found = after.find((identity) => identity.thumbprint === input.thumbprint);
    if (!found?.hasPrivateKey) throw StoreError.worded('VERIFY_FAILED', { key: 'NSS_VERIFY_FAILED', params: { store: this.info.label } }, this.info);
    return { store: this.info, status: 'imported', verified: true };
  }

  async remove(thumbprint: string): Promise<{ removed: boolean }> {
    const wanted = thumbprint.toUpperCase();
    const target = await this.locate(wanted);
    if (!target?.identity.hasPrivateKey) return { removed: false };
    if (!target.keyId) throw StoreError.worded('REMOVE_FAILED', { key: 'NSS_REMOVE_NO_KEY_ID', params: { store: this.info.label } }, this.info);
    // The key goes by its id: nothing that merely shares the nickname is touched. Without its key the certificate
    // is no longer an identity (no browser offers it); it is deleted too when no other certificate has its nickname.
    const result = await this.run('certutil', ['-F', '-d', this.db, '-k', target.keyId]);
    if (result.code !== 0) {
      throw StoreError.worded('REMOVE_FAILED', { key: 'NSS_REMOVE_FAILED', params: { store: this.info.label }, detail: firstLine(result.stderr) }, this.info);
    }
    if (target.nicknameShared === false) await this.run('certutil', ['-D', '-d', this.db, '-n', target.nickname]);
    const after = await this.locate(wanted);
    return { removed: !after?.identity.hasPrivateKey };
  }

  /** Finds a certificate by thumbprint, with what removing it needs. */
  private async locate(thumbprint: string): Promise<{ identity: StoredIdentity; keyId: string | null; nickname: string; nicknameShared: boolean } | null> {
    const keyIds = await this.keyIds();
    for (const nickname of await this.certificateNicknames()) {
      const pem = await this.certutil(['-L', '-d', this.db, '-n', nickname, '-a']);
      const blocks = pemBlocks(pem.stdout);
      for (const der of blocks) {
        const summary = summarizeCertificate(der, new Date());
        if (summary.thumbprint !== thumbprint) continue;
        const hasKey = summary.nssKeyId !== null && keyIds.has(summary.nssKeyId);
        return { identity: this.identity(summary, hasKey), keyId: summary.nssKeyId, nickname, nicknameShared: blocks.length > 1 };
      }
    }
    return null;
  }

  private identity(summary: CertificateSummary, hasPrivateKey: boolean): StoredIdentity {
    return storedIdentity(this.info, summary, hasPrivateKey);
  }

  /** Nicknames of certificates with user trust (`u`: NSS holds their private key). */
  private async userNicknames(): Promise<string[]> {
    return this.certificateNicknames((trust) => trust.includes('u'));
  }

  private async certificateNicknames(filter: (trust: string) => boolean = () => true): Promise<string[]> {
    const listing = await this.certutil(['-L', '-d', this.db]);
    const nicknames = new Set<string>();
    for (const line of listing.stdout.split('\n')) {
      const match = /^(.+?)\s+([A-Za-z]*,[A-Za-z]*,[A-Za-z]*)\s*$/.exec(line);
      if (match && filter(match[2]!)) nicknames.add(match[1]!.trim());
    }
    return [...nicknames];
  }

  /** The key ids (CKA_ID, lowercase hex) of every private key in the database. */
  private async keyIds(): Promise<Set<string>> {
    const result = await this.run('certutil', ['-K', '-d', this.db, '-f', '/dev/null']);
    const ids = new Set<string>();
    for (const match of result.stdout.matchAll(/^<\s*\d+>\s+\w+\s+([0-9a-f]{40})\b/gm)) ids.add(match[1]!);
    return ids;
  }

  private async ensureDatabase(): Promise<void> {
    if (existsSync(join(this.database.dir, 'cert9.db'))) return;
    if (!this.database.createIfMissing) throw StoreError.worded('STORE_UNAVAILABLE', { key: 'NSS_DB_MISSING', params: { store: this.info.label } }, this.info);
    // Chrome creates ~/.pki/nssdb lazily, with an empty password; we do the same.
    await mkdir(this.database.dir, { recursive: true, mode: 0o700 });
    const created = await this.run('certutil', ['-N', '-d', this.db, '--empty-password']);
    if (created.code !== 0) throw this.storeError(created, 'NSS_CREATE_FAILED');
  }

  private async certutil(args: string[]): Promise<ExecResult> {
    const result = await this.run('certutil', args);
    if (result.code !== 0) throw this.storeError(result, 'NSS_READ_FAILED');
    return result;
  }

  private async run(tool: 'certutil' | 'pk12util', args: string[], extra: Pick<ExecOptions, 'fdFiles' | 'stdin' | 'stdinPipe'> = {}): Promise<ExecResult> {
    const result = await this.exec.run(tool, args, { timeoutMs: TOOL_TIMEOUT_MS, ...extra });
    if (result.spawnError === 'ENOENT') {
      throw StoreError.worded('TOOL_MISSING', { key: 'NSS_TOOL_MISSING', params: { tool, hint: installHint('nss-tools') } }, this.info);
    }
    if (result.timedOut) throw StoreError.worded('TIMEOUT', { key: 'NSS_TIMEOUT', params: { tool, store: this.info.label } }, this.info);
    return result;
  }

  private importError(result: ExecResult): StoreError {
    if (result.code === PK12UTIL_BAD_PASSWORD || /SEC_ERROR_BAD_PASSWORD/.test(result.stderr)) {
      // The file pk12util got is our own re-wrap under our own one-time password: a refusal is ours to explain.
      return StoreError.worded('IMPORT_FAILED', { key: 'NSS_REWRAP_REFUSED', params: { store: this.info.label }, detail: firstLine(result.stderr) }, this.info);
    }
    return this.storeError(result, 'NSS_IMPORT_FAILED');
  }

  private storeError(result: ExecResult, key: 'NSS_READ_FAILED' | 'NSS_IMPORT_FAILED' | 'NSS_CREATE_FAILED'): StoreError {
    const detail = firstLine(result.stderr || result.stdout);
    const params = { store: this.info.label };
    if (/SEC_ERROR_READ_ONLY|read-only|attempt to write a readonly database|SEC_ERROR_BAD_DATABASE/i.test(detail)) {
      return StoreError.worded('STORE_READ_ONLY', { key: 'NSS_READ_ONLY', params: { ...params, dir: this.database.dir }, detail }, this.info);
    }
    if (/SEC_ERROR_BAD_PASSWORD|password/i.test(detail))
      return StoreError.worded('STORE_UNAVAILABLE', { key: 'NSS_PRIMARY_PASSWORD', params, detail }, this.info);
    return StoreError.worded('IMPORT_FAILED', { key, params, detail }, this.info);
  }
}

/** A tool's first line of output, for the detail line; empty (no detail) when it said nothing. */
function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim()
      .slice(0, 200) ?? ''
  );
}
