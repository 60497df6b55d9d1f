/**
 * A Linux NSS database (Chrome/Chromium's ~/.pki/nssdb or a Firefox profile), through the real `certutil` and
 * `pk12util`. NSS gives every certificate of one subject the same nickname (an old and a renewed WebORCA
 * certificate are both "client1210"), so nothing here acts by nickname: identities are found by SHA-1 thumbprint
 * and keys deleted by their key id (CKA_ID).
 */
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor, ExecResult } from '../exec';
import { installHint } from '../install-hints';
import { withSecretDir } from '../secret-files';
import { pemBlocks, storedIdentity, summarizeCertificate, type CertificateSummary } from './certificate-summary';
import type { NssDatabase } from './nss-discovery';
import { StoreError, type CertificateStore, type ImportInput, type ImportOutcome, type StoreInfo, type StoredIdentity } from './types';

/** pk12util's exit code for a wrong .p12 password (SEC_ERROR_BAD_PASSWORD). */
const PK12UTIL_BAD_PASSWORD = 18;
const TOOL_TIMEOUT_MS = 30_000;

export class NssStore implements CertificateStore {
  readonly info: StoreInfo;
  private readonly db: string;

  constructor(
    private readonly database: NssDatabase,
    private readonly exec: Executor,
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

  async import(input: ImportInput): Promise<ImportOutcome> {
    await this.ensureDatabase();
    const before = await this.list(new Date());
    if (before.some((identity) => identity.thumbprint === input.thumbprint && identity.hasPrivateKey)) {
      return { store: this.info, status: 'alreadyPresent', verified: true };
    }
    const result = await withSecretDir(async (dir) => {
      const file = await dir.write('identity.p12', input.p12);
      // An empty password goes as -W '' (nothing secret in argv; NSS then tries both the empty and the NULL
      // encoding itself); any other password only through a 0600 file.
      const passwordArgs = input.password === '' ? ['-W', ''] : ['-w', await dir.write('password', input.password)];
      return this.run('pk12util', ['-i', file, '-d', this.db, '-K', '', ...passwordArgs]);
    });
    if (result.code !== 0) throw this.importError(result);
    const after = await this.list(new Date());
    const found = after.find((identity) => identity.thumbprint === input.thumbprint);
    if (!found?.hasPrivateKey) {
      throw new StoreError('VERIFY_FAILED', `${this.info.label} に取り込んだ証明書と秘密鍵を確認できませんでした。weborca-cert doctor を実行してサポートにご連絡ください。`, this.info);
    }
    return { store: this.info, status: 'imported', verified: true };
  }

  async remove(thumbprint: string): Promise<{ removed: boolean }> {
    const wanted = thumbprint.toUpperCase();
    const target = await this.locate(wanted);
    if (!target?.identity.hasPrivateKey) return { removed: false };
    if (!target.keyId) {
      throw new StoreError('REMOVE_FAILED', `${this.info.label} の証明書は鍵 ID で特定できないため、安全に削除できません。ブラウザの証明書マネージャーから削除してください。`, this.info);
    }
    // The key goes by its id: nothing that merely shares the nickname is touched. Without its key the certificate
    // is no longer an identity (no browser offers it); it is deleted too when no other certificate has its nickname.
    const result = await this.run('certutil', ['-F', '-d', this.db, '-k', target.keyId]);
    if (result.code !== 0) {
      throw new StoreError('REMOVE_FAILED', `${this.info.label} から証明書を削除できませんでした（${firstLine(result.stderr)}）。`, this.info);
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
    if (!this.database.createIfMissing) {
      throw new StoreError('STORE_UNAVAILABLE', `${this.info.label} の証明書データベースが見つかりません。ブラウザを一度起動してから、もう一度お試しください。`, this.info);
    }
    // Chrome creates ~/.pki/nssdb lazily, with an empty password; we do the same.
    await mkdir(this.database.dir, { recursive: true, mode: 0o700 });
    const created = await this.run('certutil', ['-N', '-d', this.db, '--empty-password']);
    if (created.code !== 0) throw this.storeError(created, 'の証明書データベースを作成できませんでした');
  }

  private async certutil(args: string[]): Promise<ExecResult> {
    const result = await this.run('certutil', args);
    if (result.code !== 0) throw this.storeError(result, 'を読み取れませんでした');
    return result;
  }

  private async run(tool: 'certutil' | 'pk12util', args: string[]): Promise<ExecResult> {
    const result = await this.exec.run(tool, args, { timeoutMs: TOOL_TIMEOUT_MS });
    if (result.spawnError === 'ENOENT') {
      throw new StoreError('TOOL_MISSING', `証明書の取り込みに必要な ${tool}（NSS のツール）がありません。次のコマンドでインストールしてください: ${installHint('nss-tools')}`, this.info);
    }
    if (result.timedOut) {
      throw new StoreError('TIMEOUT', `${tool} が応答しません。${this.info.label} を使っているブラウザを閉じてから、もう一度お試しください。`, this.info);
    }
    return result;
  }

  private importError(result: ExecResult): StoreError {
    if (result.code === PK12UTIL_BAD_PASSWORD || /SEC_ERROR_BAD_PASSWORD/.test(result.stderr)) {
      return new StoreError('BAD_PASSWORD', '証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。', this.info);
    }
    return this.storeError(result, 'に証明書を取り込めませんでした');
  }

  private storeError(result: ExecResult, what: string): StoreError {
    const detail = firstLine(result.stderr || result.stdout);
    if (/SEC_ERROR_READ_ONLY|read-only|attempt to write a readonly database|SEC_ERROR_BAD_DATABASE/i.test(detail)) {
      return new StoreError('STORE_READ_ONLY', `${this.info.label} ${what}。データベースが書き込み禁止か壊れています（${detail}）。フォルダー ${this.database.dir} の権限を確認してください。古い証明書はそのまま使えます。`, this.info);
    }
    if (/SEC_ERROR_BAD_PASSWORD|password/i.test(detail)) {
      return new StoreError('STORE_UNAVAILABLE', `${this.info.label} ${what}。ブラウザの主パスワード（マスターパスワード）が設定されているため書き込めません。ブラウザの設定で一時的に解除してから、もう一度お試しください。`, this.info);
    }
    return new StoreError('IMPORT_FAILED', `${this.info.label} ${what}（${detail}）。weborca-cert doctor を実行してサポートにご連絡ください。古い証明書はそのまま使えます。`, this.info);
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 200) ?? '不明なエラー';
}
