/**
 * Reads one linkage config and the files it points at, without changing anything: what `linkage` shows, and what
 * `linkage update` plans from. Every reason the config could not be updated safely becomes an issue (Japanese,
 * with the next step); `update` refuses while any config has one.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CertificateSummary } from '../stores/certificate-summary';
import { fsReason } from '../fs-reason';
import { exists, isWritableDir, isWritableFile, readSmallFile } from './files';
import type { ConfigCandidate } from './locations';
import { pemCertificateSummary } from './pem';
import { parseLinkageYaml, type LinkageYaml } from './yaml-config';
import { LINKAGE_KEYS, LinkageError, type LinkageConfigInfo, type LinkageIssue } from './types';

export interface InspectedConfig {
  info: LinkageConfigInfo;
  yaml: LinkageYaml;
  /** The file exactly as read (the backup copies these bytes, the rollback restores them). */
  bytes: Buffer;
  stats: Stats;
  /** Absolute paths of the PEM files, as the tool would resolve them (relative to the config's folder). */
  certPath: string | null;
  keyPath: string | null;
  caPath: string | null;
  /** The config's own passphrase (a non-empty string), else null. Never shown, logged or replied. */
  passphrase: string | null;
  certificate: CertificateSummary | null;
  problems: LinkageIssue[];
}

export type Inspection = { kind: 'config'; config: InspectedConfig } | { kind: 'issue'; issue: LinkageIssue } | { kind: 'skip' };

function resolveFrom(configPath: string, value: string | null): string | null {
  return value === null ? null : resolve(dirname(configPath), value);
}

export async function inspectConfig(candidate: ConfigCandidate, now: Date): Promise<Inspection> {
  const { path } = candidate;
  let bytes: Buffer;
  let stats: Stats;
  try {
    stats = await stat(path);
    bytes = await readSmallFile(path);
  } catch (error) {
    return { kind: 'issue', issue: { path, code: 'CONFIG_NOT_READABLE', message: `設定ファイルを読めません: ${path}（${fsReason(error)}）。アクセス権を確認してください。` } };
  }
  let yaml: LinkageYaml;
  try {
    yaml = parseLinkageYaml(bytes, path);
  } catch (error) {
    if (error instanceof LinkageError) return { kind: 'issue', issue: { path, code: error.code, message: error.message } };
    throw error;
  }
  const { values } = yaml;
  if (!values.cert && !values.certKey && !values.caCert) {
    if (!candidate.named) return { kind: 'skip' };
    return { kind: 'issue', issue: { path, code: 'NO_CERTIFICATE_SETTINGS', message: `${LINKAGE_KEYS.cert} などの証明書の設定がありません: ${path}。連携ツールの設定ファイルを指定してください。` } };
  }

  const certPath = resolveFrom(path, values.cert?.value ?? null);
  const keyPath = resolveFrom(path, values.certKey?.value ?? null);
  const caPath = resolveFrom(path, values.caCert?.value ?? null);
  const problems: LinkageIssue[] = [];
  const problem = (code: string, message: string): void => void problems.push({ path, code, message });

  let certificate: CertificateSummary | null = null;
  const certExists = certPath !== null && (await exists(certPath));
  if (certPath === null || keyPath === null) {
    problem('CONFIG_INCOMPLETE', `${certPath === null ? LINKAGE_KEYS.cert : LINKAGE_KEYS.certKey} の値がありません: ${path}。連携ツールの設定を確認してください（自動更新できません）。`);
  }
  if (certPath !== null) {
    if (!certExists) {
      problem('CERT_FILE_MISSING', `証明書ファイルが見つかりません: ${certPath}（${path} の ${LINKAGE_KEYS.cert}）。設定のパスを確認してください。何も変更していません。`);
    } else {
      try {
        certificate = pemCertificateSummary((await readSmallFile(certPath)).toString('latin1'), now);
      } catch {
        certificate = null;
      }
      if (!certificate) problem('CERT_UNREADABLE', `証明書ファイルを PEM として読めません: ${certPath}。ファイルの中身を確認してください。`);
    }
  }
  const keyExists = keyPath !== null && (await exists(keyPath));
  if (keyPath !== null && !keyExists) {
    problem('KEY_FILE_MISSING', `秘密鍵ファイルが見つかりません: ${keyPath}（${path} の ${LINKAGE_KEYS.certKey}）。設定のパスを確認してください。何も変更していません。`);
  }
  const caExists = caPath !== null && (await exists(caPath));

  const yamlWritable = await isWritableFile(path);
  if (!yamlWritable) {
    problem('READ_ONLY', `設定ファイルが読み取り専用か、書き込む権限がありません: ${path}。読み取り専用を外すか、管理者として実行してください。何も変更していません。`);
  }
  let foldersWritable = true;
  for (const dir of new Set([certPath, keyPath, caPath].filter((p): p is string => p !== null).map((p) => dirname(p)))) {
    if (await isWritableDir(dir)) continue;
    foldersWritable = false;
    problem('FOLDER_READ_ONLY', `証明書を置くフォルダーに書き込めません: ${dir}。管理者として実行してください。何も変更していません。`);
  }

  const info: LinkageConfigInfo = {
    tool: candidate.tool,
    path,
    writable: yamlWritable && foldersWritable,
    cert:
      certPath === null
        ? null
        : {
            path: certPath,
            exists: certExists,
            serialNumber: certificate?.serialNumber ?? null,
            notAfter: certificate?.notAfter ?? null,
            daysLeft: certificate?.daysLeft ?? null,
            subject: certificate?.subject ?? null,
          },
    keyExists,
    caExists,
    hasPassphrase: values.passphrase?.value != null,
  };
  return {
    kind: 'config',
    config: { info, yaml, bytes, stats, certPath, keyPath, caPath, passphrase: values.passphrase?.value ?? null, certificate, problems },
  };
}
