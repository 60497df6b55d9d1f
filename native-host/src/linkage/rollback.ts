/**
 * `weborca-cert linkage rollback [BACKUP_ID]`: puts back the configs of a backup set (the latest one that changed
 * something, or the one named), byte for byte. Nothing is lost on the way back either: a config that was edited
 * after the update is copied into the set before it is replaced, and the PEM files the update created are moved
 * into the set's `rolled-back/` folder (not deleted) when nothing else changed them. Old PEM files are untouched.
 * Nothing is changed unless every config to restore is writable and every backup copy is intact.
 */
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { backupSetIds, loadBackupSet, type BackupSet } from './backup-set';
import { fsDetail, fsReasonParams } from '../fs-reason';
import { text } from '../i18n';
import { createFile, exists, isWritableFile, replaceFileAtomically, sha256Hex } from './files';
import { LinkageError } from './types';

export interface LinkageRollbackResult {
  backupId: string;
  backupDir: string;
  /** Configs put back to their state before the update. */
  restored: string[];
  /** Configs that already were in that state. */
  alreadyOriginal: string[];
  /** Files the update had created, moved into the backup set: [from, to]. */
  movedAside: Array<{ from: string; to: string }>;
  /** Files the update had created but that changed since: left where they are. */
  leftInPlace: string[];
}

const ROLLBACK_STATUSES = new Set(['applied', 'inProgress', 'restoreFailed']);

/** The set to roll back: the one named, else the newest that (may have) changed something. */
async function chooseSet(backupsDir: string, id: string | undefined): Promise<BackupSet> {
  if (id !== undefined) return loadBackupSet(backupsDir, id);
  for (const candidate of await backupSetIds(backupsDir)) {
    const set = await loadBackupSet(backupsDir, candidate).catch(() => null);
    if (set && ROLLBACK_STATUSES.has(set.manifest.status)) return set;
  }
  throw new LinkageError('NO_BACKUP', 'linkage.noBackup');
}

export async function rollbackLinkage(backupsDir: string, id?: string): Promise<LinkageRollbackResult> {
  const set = await chooseSet(backupsDir, id);
  const { manifest } = set;

  // Check everything first: intact copies, writable targets. Nothing changes unless all is well.
  const work: Array<{ path: string; original: Buffer; current: Buffer | null; mode: number }> = [];
  const alreadyOriginal: string[] = [];
  for (const entry of manifest.configs) {
    const original = await readFile(join(set.dir, entry.backup)).catch(() => null);
    if (!original || sha256Hex(original) !== entry.sha256Before) {
      throw new LinkageError('BACKUP_DAMAGED', 'linkage.backupCopyDamaged', { file: join(set.dir, entry.backup), config: entry.path }, { path: entry.path });
    }
    const current = await readFile(entry.path).catch(() => null);
    if (current && sha256Hex(current) === entry.sha256Before) {
      alreadyOriginal.push(entry.path);
      continue;
    }
    if (current && !(await isWritableFile(entry.path))) {
      throw new LinkageError('READ_ONLY', 'linkage.readOnly', { config: entry.path }, { path: entry.path });
    }
    work.push({ path: entry.path, original, current, mode: entry.mode });
  }

  const restored: string[] = [];
  for (const item of work) {
    try {
      if (item.current) {
        const entry = manifest.configs.find((config) => config.path === item.path)!;
        // Edited after the update (not what we wrote): keep that version in the set as well.
        if (sha256Hex(item.current) !== entry.sha256After) await set.keep(`${entry.backup}.before-rollback`, item.current);
        await replaceFileAtomically(item.path, item.original);
      } else {
        await createFile(item.path, item.original, null, item.mode & 0o777);
      }
      restored.push(item.path);
      await set.event('rolledBack', { path: item.path });
    } catch (error) {
      await set.event('rollbackFailed', { path: item.path }).catch(() => undefined);
      const params = { config: item.path, file: join(set.dir, manifest.configs.find((c) => c.path === item.path)!.backup), ...fsReasonParams(error) };
      const where = { path: item.path, detail: fsDetail(error) };
      if (restored.length === 0) throw new LinkageError('ROLLBACK_FAILED', 'linkage.rollbackFailed', params, where);
      throw new LinkageError('ROLLBACK_FAILED', 'linkage.rollbackFailedPartly', { ...params, restored: restored.join(text('list.separator')) }, where);
    }
  }

  const movedAside: Array<{ from: string; to: string }> = [];
  const leftInPlace: string[] = [];
  const aside = join(set.dir, 'rolled-back');
  for (const file of manifest.created) {
    const bytes = await readFile(file.path).catch(() => null);
    if (!bytes) continue;
    if (sha256Hex(bytes) !== file.sha256) {
      leftInPlace.push(file.path);
      continue;
    }
    await mkdir(aside, { recursive: true, mode: 0o700 });
    let to = join(aside, basename(file.path));
    for (let n = 2; await exists(to); n++) to = join(aside, `${n}-${basename(file.path)}`);
    try {
      await rename(file.path, to);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EXDEV') {
        leftInPlace.push(file.path);
        continue;
      }
      await copyFile(file.path, to); // another drive: copy, then remove the original
      await rm(file.path);
    }
    movedAside.push({ from: file.path, to });
  }

  manifest.status = 'rolledBack';
  await set.event('rollbackDone');
  return { backupId: set.id, backupDir: set.dir, restored, alreadyOriginal, movedAside, leftInPlace };
}
