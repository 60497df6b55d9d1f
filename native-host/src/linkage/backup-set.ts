/**
 * Backup sets of the linkage update: `<backups>/linkage/<id>/` (0700) holds a copy of every config the update
 * changes (0600) and `manifest.json` (0600) mapping each original to its copy, with hashes, plus the PEM files the
 * update created. The manifest is written before the first change and after each one, so even a crash mid-way
 * leaves what `linkage rollback` needs. Never a passphrase or key in the manifest (the copied YAML holds the
 * passphrase, as the original does; hence 0600 in a 0700 folder).
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { NameMap } from '../../../src/lib/pkcs12/types';
import { sha256Hex } from './files';
import { LinkageError, type LinkageTool } from './types';

export const BACKUP_ID_PATTERN = /^\d{8}-\d{6}(-\d{1,3})?$/;

export type BackupStatus = 'inProgress' | 'applied' | 'failed' | 'restoreFailed' | 'rolledBack';

export interface BackedUpConfig {
  tool: LinkageTool;
  path: string;
  /** File name of the copy inside the set's folder. */
  backup: string;
  sha256Before: string;
  /** What the update wrote (null until it has). */
  sha256After: string | null;
  mode: number;
}

export interface LinkageManifest {
  version: 1;
  id: string;
  createdAt: string;
  status: BackupStatus;
  certificate: { serialNumber: string; notAfter: string; subject: NameMap };
  configs: BackedUpConfig[];
  /** New PEM files written beside the old ones (old ones are never touched). */
  created: Array<{ path: string; sha256: string }>;
  events: Array<{ at: string; event: string; path?: string; code?: string }>;
}

export interface BackupSet {
  id: string;
  dir: string;
  manifest: LinkageManifest;
  save(): Promise<void>;
  event(event: string, fields?: { path?: string; code?: string }): Promise<void>;
  /** Copies the original bytes of a config into the set (before anything changes it). */
  addConfig(tool: LinkageTool, path: string, bytes: Uint8Array, mode: number): Promise<BackedUpConfig>;
  /** Saves a file's bytes in the set (e.g. a config as it was before a rollback) and returns where. */
  keep(name: string, bytes: Uint8Array): Promise<string>;
}

export function linkageBackupRoot(backupsDir: string): string {
  return join(backupsDir, 'linkage');
}

function stamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

function openSet(dir: string, manifest: LinkageManifest): BackupSet {
  const set: BackupSet = {
    id: manifest.id,
    dir,
    manifest,
    async save() {
      await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    },
    async event(event, fields = {}) {
      manifest.events.push({ at: new Date().toISOString(), event, ...fields });
      await set.save();
    },
    async addConfig(tool, path, bytes, mode) {
      const name = `${manifest.configs.length + 1}-${basename(path)}`;
      await writeFile(join(dir, name), bytes, { mode: 0o600, flag: 'wx' });
      const entry: BackedUpConfig = { tool, path, backup: name, sha256Before: sha256Hex(bytes), sha256After: null, mode };
      manifest.configs.push(entry);
      await set.save();
      return entry;
    },
    async keep(name, bytes) {
      const taken = new Set(await readdir(dir));
      let candidate = name;
      for (let n = 2; taken.has(candidate); n++) candidate = `${name}.${n}`;
      await writeFile(join(dir, candidate), bytes, { mode: 0o600, flag: 'wx' });
      return join(dir, candidate);
    },
  };
  return set;
}

/** A new, empty set named after the time (a suffix when two updates share a second). */
export async function createBackupSet(backupsDir: string, now: Date, certificate: LinkageManifest['certificate']): Promise<BackupSet> {
  const root = linkageBackupRoot(backupsDir);
  await mkdir(root, { recursive: true, mode: 0o700 });
  await chmod(root, 0o700);
  const base = stamp(now);
  for (let n = 1; n < 1000; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = join(root, id);
    try {
      await mkdir(dir, { mode: 0o700 }); // not recursive: fails when taken, which reserves the id atomically
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') continue;
      throw error;
    }
    await chmod(dir, 0o700);
    const set = openSet(dir, { version: 1, id, createdAt: now.toISOString(), status: 'inProgress', certificate, configs: [], created: [], events: [] });
    await set.save();
    return set;
  }
  throw new Error('too many backup sets in one second');
}

export async function loadBackupSet(backupsDir: string, id: string): Promise<BackupSet> {
  if (!BACKUP_ID_PATTERN.test(id)) {
    throw new LinkageError('BACKUP_NOT_FOUND', 'linkage.backupIdInvalid', { backupId: id.slice(0, 40) });
  }
  const dir = join(linkageBackupRoot(backupsDir), id);
  let manifest: LinkageManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as LinkageManifest;
  } catch {
    throw new LinkageError('BACKUP_NOT_FOUND', 'linkage.backupNotFound', { backupId: id, folder: dir });
  }
  if (manifest.version !== 1 || manifest.id !== id || !Array.isArray(manifest.configs) || !Array.isArray(manifest.created)) {
    throw new LinkageError('BACKUP_DAMAGED', 'linkage.backupRecordDamaged', { backupId: id, folder: dir });
  }
  return openSet(dir, manifest);
}

/** Set ids, newest first. */
export async function backupSetIds(backupsDir: string): Promise<string[]> {
  try {
    return (await readdir(linkageBackupRoot(backupsDir)))
      .filter((name) => BACKUP_ID_PATTERN.test(name))
      .sort(compareIds)
      .reverse();
  } catch {
    return [];
  }
}

function compareIds(a: string, b: string): number {
  const [stampA, nA] = [a.slice(0, 15), Number(a.slice(16) || 1)];
  const [stampB, nB] = [b.slice(0, 15), Number(b.slice(16) || 1)];
  return stampA === stampB ? nA - nB : stampA < stampB ? -1 : 1;
}
