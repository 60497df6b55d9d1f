/**
 * Backups of every .p12 the host is given, before anything else happens to it: the file under its original name
 * (0600) in the per-user backup folder, with a JSON record beside it (never the password). A renewal that fails
 * later — bad file, store error, crash — still leaves the downloaded certificate here.
 */
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface BackupRecord {
  fileName: string;
  savedAt: string;
  sha256: string;
  bytes: number;
  /** Filled in once the file has been read (absent when it could not be). */
  certificate?: { subject: Record<string, string | string[]>; serialNumber: string; notAfter: string; thumbprint: string };
  /** What happened next, per store, appended as the renewal goes on. */
  events: Array<{ at: string; event: string; store?: string; code?: string }>;
}

export interface Backup {
  /** Absolute path of the saved .p12. */
  path: string;
  recordPath: string;
  record: BackupRecord;
  update(change: (record: BackupRecord) => void): Promise<void>;
}

/** Saves the file (idempotent for identical content) and returns its backup. */
export async function backupP12(folder: string, fileName: string, p12: Uint8Array, now = new Date()): Promise<Backup> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  const safeName = basename(fileName).replace(/[\u0000-\u001f]/g, '_') || 'certificate.p12';
  const sha256 = createHash('sha256').update(p12).digest('hex').toUpperCase();
  const path = await freePath(folder, safeName, sha256);
  const recordPath = `${path}.json`;
  let record: BackupRecord;
  try {
    record = JSON.parse(await readFile(recordPath, 'utf8')) as BackupRecord;
  } catch {
    record = { fileName: basename(path), savedAt: now.toISOString(), sha256, bytes: p12.length, events: [] };
    await writeFile(path, p12, { mode: 0o600 });
  }
  const backup: Backup = {
    path,
    recordPath,
    record,
    async update(change) {
      change(record);
      await writeFile(recordPath, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    },
  };
  await backup.update((r) => r.events.push({ at: now.toISOString(), event: 'saved' }));
  return backup;
}

/** The original name when free or holding the same bytes; otherwise `name (2).p12`, `name (3).p12`… */
async function freePath(folder: string, name: string, sha256: string): Promise<string> {
  const existing = new Set(await readdir(folder));
  const dot = name.toLowerCase().endsWith('.p12') || name.toLowerCase().endsWith('.pfx') ? name.length - 4 : name.length;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
    if (!existing.has(candidate)) return join(folder, candidate);
    try {
      const bytes = await readFile(join(folder, candidate));
      if (createHash('sha256').update(bytes).digest('hex').toUpperCase() === sha256) return join(folder, candidate);
    } catch {
      // Unreadable: try the next name.
    }
  }
  throw new Error('too many backups with the same name');
}
