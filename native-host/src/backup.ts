/**
 * Backups of every .p12 the host is given, before anything else happens to it: the file under its original name
 * (0600) in the per-user backup folder, with a JSON record beside it (never the password). A renewal that fails
 * later — bad password, refused file, store error, crash — still leaves the downloaded certificate here.
 *
 * Bounds: only a PKCS#12 file is kept (decided from its structure, without the password: the backup folder never
 * becomes a copy of an arbitrary file); a backup is created exclusively (never written over an existing file, never
 * through a symlink); the name keeps no control or bidirectional-formatting characters.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkPkcs12Structure } from '../../src/lib/pkcs12';
import type { Pkcs12ErrorInfo } from '../../src/lib/pkcs12';
import { UNSAFE_TEXT } from './terminal-text';

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

/** Not a PKCS#12 file: refused before anything is written. */
export class BackupRefused extends Error {
  constructor(readonly reason: Pkcs12ErrorInfo) {
    super(reason.code);
  }
}

/** A bare file name without control or bidi characters (each becomes `_`), never empty, `.` or `..`. */
export function safeBackupName(fileName: string): string {
  const name = basename(fileName.replace(/\\/g, '/')).replace(UNSAFE_TEXT, '_');
  return name === '' || name === '.' || name === '..' ? 'certificate.p12' : name;
}

/** O_NOFOLLOW where the platform has it: a symlink planted at a backup path is refused by the kernel. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Saves the file (idempotent for identical content) and returns its backup. Throws BackupRefused for non-PKCS#12. */
export async function backupP12(folder: string, fileName: string, p12: Uint8Array, now = new Date()): Promise<Backup> {
  const structure = checkPkcs12Structure(p12);
  if (!structure.ok) throw new BackupRefused(structure.error);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await chmod(folder, 0o700);
  const sha256 = createHash('sha256').update(p12).digest('hex').toUpperCase();
  const path = await saveExclusively(folder, safeBackupName(fileName), sha256, p12);
  const recordPath = `${path}.json`;
  let record: BackupRecord;
  try {
    record = JSON.parse(await readFile(recordPath, 'utf8')) as BackupRecord;
  } catch {
    record = { fileName: basename(path), savedAt: now.toISOString(), sha256, bytes: p12.length, events: [] };
  }
  const backup: Backup = {
    path,
    recordPath,
    record,
    async update(change) {
      change(record);
      // Our own record: rewritten in place, but never through a symlink.
      const handle = await open(recordPath, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW, 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      } finally {
        await handle.close();
      }
    },
  };
  await backup.update((r) => r.events.push({ at: now.toISOString(), event: 'saved' }));
  return backup;
}

/**
 * The original name when free; the existing file when it holds the same bytes (a second import of the same
 * download); otherwise `name (2).p12`, `name (3).p12`… Each new file is created with O_EXCL: never written over
 * anything, even one created between our look and our write.
 */
async function saveExclusively(folder: string, name: string, sha256: string, p12: Uint8Array): Promise<string> {
  const existing = new Set(await readdir(folder));
  const dot = /\.(p12|pfx)$/i.test(name) ? name.length - 4 : name.length;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? name : `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
    const path = join(folder, candidate);
    if (existing.has(candidate)) {
      if (await holds(path, sha256)) return path;
      continue;
    }
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o600);
      try {
        await handle.writeFile(p12);
      } finally {
        await handle.close();
      }
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await holds(path, sha256)) return path;
    }
  }
  throw new Error('too many backups with the same name');
}

async function holds(path: string, sha256: string): Promise<boolean> {
  try {
    const handle = await open(path, constants.O_RDONLY | NOFOLLOW);
    try {
      return (
        createHash('sha256')
          .update(await handle.readFile())
          .digest('hex')
          .toUpperCase() === sha256
      );
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
