/**
 * Importing a client identity into every certificate store of this user, the host's core job:
 *   back up the file → read and check it (our PKCS#12 reader) → import into each store → verify each.
 * The old identity is never removed here. A store that fails does not stop the others; the caller gets every
 * outcome. Nothing is lost: the backup is written before anything can fail.
 */
import { createHash } from 'node:crypto';
import { readPkcs12 } from '../../src/lib/pkcs12';
import type { Pkcs12Report } from '../../src/lib/pkcs12/types';
import { backupP12, type Backup } from './backup';
import { StoreError, type CertificateStore, type ImportOutcome, type StoreInfo } from './stores/types';

export interface ImportRequestData {
  p12: Uint8Array;
  password: string;
  fileName: string;
}

export type StoreResult =
  | { store: StoreInfo; ok: true; status: ImportOutcome['status']; verified: boolean }
  | { store: StoreInfo; ok: false; error: { code: string; message: string } };

export type ImportResult =
  | {
      ok: true;
      certificate: { subject: Record<string, string | string[]>; serialNumber: string; notAfter: string; thumbprint: string; sha256: string };
      backup: { path: string } | null;
      stores: StoreResult[];
    }
  | { ok: false; error: { code: string; message: string }; backup: { path: string } | null; stores: StoreResult[] };

export interface ImportDeps {
  backupFolder: string;
  stores: CertificateStore[];
  now?: Date;
}

export async function importIdentity(request: ImportRequestData, deps: ImportDeps): Promise<ImportResult> {
  const now = deps.now ?? new Date();
  let backup: Backup | null = null;
  try {
    backup = await backupP12(deps.backupFolder, request.fileName, request.p12, now);
  } catch {
    // A backup we cannot write must not stop the renewal (the extension keeps the file until the import is done),
    // but we say so.
  }
  const backupInfo = backup ? { path: backup.path } : null;

  const read = await readPkcs12(request.p12, request.password, { now });
  if (!read.ok) {
    await backup?.update((record) => record.events.push({ at: now.toISOString(), event: 'unreadable', code: read.error.code }));
    return { ok: false, error: read.error, backup: backupInfo, stores: [] };
  }
  const blocking = read.report.problems.filter((problem) => problem.blocking);
  if (blocking.length > 0) {
    await backup?.update((record) => record.events.push({ at: now.toISOString(), event: 'refused', code: blocking[0]!.code }));
    return { ok: false, error: { code: blocking[0]!.code, message: blocking.map((problem) => problem.message).join('\n') }, backup: backupInfo, stores: [] };
  }
  if (deps.stores.length === 0) {
    return { ok: false, error: { code: 'NO_STORE', message: 'この PC には証明書を取り込める場所が見つかりませんでした。weborca-cert doctor を実行してください。' }, backup: backupInfo, stores: [] };
  }

  const certificate = describe(read.report, read.material.certificateDer);
  await backup?.update((record) => {
    record.certificate = { subject: certificate.subject, serialNumber: certificate.serialNumber, notAfter: certificate.notAfter, thumbprint: certificate.thumbprint };
  });

  const results: StoreResult[] = [];
  for (const store of deps.stores) {
    try {
      const outcome = await store.import({
        p12: request.p12,
        password: request.password,
        passwordEncoding: read.material.passwordEncoding,
        thumbprint: certificate.thumbprint,
        sha256: certificate.sha256,
        subject: certificate.subject,
        serialNumber: certificate.serialNumber,
        notAfter: certificate.notAfter,
        trustedIntermediateDer: null,
      });
      results.push({ store: store.info, ok: true, status: outcome.status, verified: outcome.verified });
      await backup?.update((record) => record.events.push({ at: new Date().toISOString(), event: outcome.status, store: store.info.id }));
    } catch (error) {
      const failure = error instanceof StoreError ? { code: error.code, message: error.message } : { code: 'IMPORT_FAILED', message: `${store.info.label} への取り込み中に予期しないエラーが起きました。古い証明書はそのまま使えます。` };
      results.push({ store: store.info, ok: false, error: failure });
      await backup?.update((record) => record.events.push({ at: new Date().toISOString(), event: 'failed', store: store.info.id, code: failure.code }));
    }
  }

  const succeeded = results.filter((result) => result.ok);
  if (succeeded.length === 0) {
    const first = results[0] as Extract<StoreResult, { ok: false }>;
    return { ok: false, error: first.error, backup: backupInfo, stores: results };
  }
  return { ok: true, certificate, backup: backupInfo, stores: results };
}

function describe(report: Pkcs12Report, certificateDer: Uint8Array) {
  return {
    subject: report.certificate.subject,
    serialNumber: report.certificate.serialNumber,
    notAfter: report.certificate.notAfter,
    sha256: report.certificate.sha256,
    thumbprint: createHash('sha1').update(certificateDer).digest('hex').toUpperCase(),
  };
}
