/**
 * Reads one linkage config and the files it points at, without changing anything: what `linkage` shows, and what
 * `linkage update` plans from. Every reason the config could not be updated safely becomes an issue (a code, and a
 * catalogue entry whose words say the next step); `update` refuses while any config has one.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CertificateSummary } from '../stores/certificate-summary';
import { fsDetail, fsReasonParams } from '../fs-reason';
import type { CatalogueKey } from '../i18n';
import type { MessageParams } from '../../../src/lib/native-protocol';
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
    const detail = fsDetail(error);
    const params = { config: path, ...fsReasonParams(error) };
    return { kind: 'issue', issue: { path, code: 'CONFIG_NOT_READABLE', key: 'linkage.configNotReadable', params, ...(detail ? { detail } : {}) } };
  }
  let yaml: LinkageYaml;
  try {
    yaml = parseLinkageYaml(bytes, path);
  } catch (error) {
    if (error instanceof LinkageError) return { kind: 'issue', issue: error.toIssue(path) };
    throw error;
  }
  const { values } = yaml;
  if (!values.cert && !values.certKey && !values.caCert) {
    if (!candidate.named) return { kind: 'skip' };
    return { kind: 'issue', issue: { path, code: 'NO_CERTIFICATE_SETTINGS', key: 'linkage.noCertificateSettings', params: { config: path } } };
  }

  const certPath = resolveFrom(path, values.cert?.value ?? null);
  const keyPath = resolveFrom(path, values.certKey?.value ?? null);
  const caPath = resolveFrom(path, values.caCert?.value ?? null);
  const problems: LinkageIssue[] = [];
  const problem = (code: string, key: CatalogueKey, params: MessageParams): void => void problems.push({ path, code, key, params });

  let certificate: CertificateSummary | null = null;
  const certExists = certPath !== null && (await exists(certPath));
  if (certPath === null || keyPath === null) {
    problem('CONFIG_INCOMPLETE', 'linkage.settingEmpty', { setting: certPath === null ? LINKAGE_KEYS.cert : LINKAGE_KEYS.certKey, config: path });
  }
  if (certPath !== null) {
    if (!certExists) {
      problem('CERT_FILE_MISSING', 'linkage.certFileMissing', { file: certPath, config: path });
    } else {
      try {
        certificate = pemCertificateSummary((await readSmallFile(certPath)).toString('latin1'), now);
      } catch {
        certificate = null;
      }
      if (!certificate) problem('CERT_UNREADABLE', 'linkage.certUnreadable', { file: certPath, config: path });
    }
  }
  const keyExists = keyPath !== null && (await exists(keyPath));
  if (keyPath !== null && !keyExists) {
    problem('KEY_FILE_MISSING', 'linkage.keyFileMissing', { file: keyPath, config: path });
  }
  const caExists = caPath !== null && (await exists(caPath));

  const yamlWritable = await isWritableFile(path);
  if (!yamlWritable) {
    problem('READ_ONLY', 'linkage.readOnly', { config: path });
  }
  let foldersWritable = true;
  for (const dir of new Set([certPath, keyPath, caPath].filter((p): p is string => p !== null).map((p) => dirname(p)))) {
    if (await isWritableDir(dir)) continue;
    foldersWritable = false;
    problem('FOLDER_READ_ONLY', 'linkage.folderReadOnly', { folder: dir, config: path });
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
