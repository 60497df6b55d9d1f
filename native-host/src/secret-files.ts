/**
 * Where secrets may touch the file system, and how they leave it, even on a crash.
 *
 * - Anonymous files (`anonymousFile`): bytes a tool must open by name but that need no name — created 0600 in a fresh
 *   0700 folder, then the file and the folder are unlinked before the tool starts; the tool reaches the bytes through
 *   an inherited descriptor (/dev/fd/N). Nothing is left to clean up, whatever happens to this process. In memory
 *   (/dev/shm) where the system has it.
 * - Secret folders (`withSecretDir`, for tools that need a named file: macOS `security`, Windows): 0600 files in a
 *   0700 folder named `weborca-cert-<pid>-XXXXXX`, removed in `finally`, and on SIGTERM/SIGINT/SIGHUP/exit by
 *   `removeLiveSecretDirsSync` (main.ts). Only SIGKILL (or a power cut) can leave one behind: the next start of the
 *   host sweeps this user's folders whose process is gone (`sweepStaleSecretDirs`).
 */
import { closeSync, lstatSync, mkdtempSync, openSync, promises as fsPromises, readdirSync, rmSync, rmdirSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processWide } from './process-wide';

export const SECRET_DIR_PREFIX = 'weborca-cert-';
/** `weborca-cert-<pid>-XXXXXX`: the pid says whether a live process still owns the folder. */
const OWNED = /^weborca-cert-(\d+)-[A-Za-z0-9]{6}$/;
/** Folders of versions before the pid was in the name (mkdtemp's 6 characters only). */
const LEGACY = /^weborca-cert-[A-Za-z0-9]{6}$/;
/** A legacy folder this old is no live import's (imports time out long before). */
const LEGACY_STALE_MS = 10 * 60 * 1000;

/** This process's secret folders, one registry for the core and the heavy part (process-wide.ts). */
const live = processWide('live-secret-dirs', () => new Set<string>());

function ownPrefix(): string {
  return `${SECRET_DIR_PREFIX}${process.pid}-`;
}

/** Memory-backed when the system has it (Linux /dev/shm), else the temp folder. */
export function anonymousParent(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // No /dev/shm (macOS, Windows, containers without it).
  }
  return tmpdir();
}

/** The folders the sweep looks in. */
export function secretParents(): string[] {
  return [...new Set([tmpdir(), anonymousParent()])];
}

export interface SecretDir {
  path: string;
  /** Writes a file readable by the owner only and returns its path. */
  write(name: string, data: string | Uint8Array): Promise<string>;
}

export async function withSecretDir<T>(work: (dir: SecretDir) => Promise<T>, parent = tmpdir()): Promise<T> {
  const path = await fsPromises.mkdtemp(join(parent, ownPrefix()));
  live.add(path);
  try {
    return await work({
      path,
      async write(name, data) {
        if (name.includes('/') || name.includes('\\')) throw new Error('secret file names are bare names');
        const file = join(path, name);
        await fsPromises.writeFile(file, data, { mode: 0o600, flag: 'wx' });
        return file;
      },
    });
  } finally {
    await fsPromises.rm(path, { recursive: true, force: true });
    live.delete(path);
  }
}

/**
 * A descriptor to a regular file holding `data` that has no name anywhere any more (read it as /dev/fd/N in a child
 * that inherits it). The caller closes the descriptor once the child has it.
 */
export function anonymousFile(data: Uint8Array, parent = anonymousParent()): number {
  const dir = mkdtempSync(join(parent, ownPrefix()));
  live.add(dir);
  const file = join(dir, 'data');
  let fd: number | null = null;
  try {
    fd = openSync(file, 'wx+', 0o600);
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written, written);
    return fd;
  } catch (error) {
    if (fd !== null) closeSync(fd);
    throw error;
  } finally {
    rmSync(file, { force: true });
    rmdirSync(dir);
    live.delete(dir);
  }
}

/** Removes this process's secret folders now (signal and exit handlers: synchronous, best effort). */
export function removeLiveSecretDirsSync(): void {
  for (const path of live) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the next start sweeps what is left.
    }
    live.delete(path);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes this user's secret folders that no live process owns (left by a SIGKILL or a crash). Never follows a
 * symlink, never touches another user's folder or one whose process is still running. Returns what it removed.
 */
export function sweepStaleSecretDirs(parents: readonly string[] = secretParents(), now = Date.now()): string[] {
  const removed: string[] = [];
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  for (const parent of parents) {
    let names: string[];
    try {
      names = readdirSync(parent).filter((name) => name.startsWith(SECRET_DIR_PREFIX));
    } catch {
      continue;
    }
    for (const name of names) {
      const owned = OWNED.exec(name);
      if (!owned && !LEGACY.test(name)) continue;
      const path = join(parent, name);
      try {
        const info = lstatSync(path);
        if (!info.isDirectory() || info.isSymbolicLink()) continue;
        if (uid !== null && info.uid !== uid) continue;
        if (owned) {
          const pid = Number(owned[1]);
          if (pid === process.pid || processAlive(pid)) continue;
        } else if (now - info.mtimeMs < LEGACY_STALE_MS) {
          continue;
        }
        rmSync(path, { recursive: true, force: true });
        removed.push(path);
      } catch {
        // Gone meanwhile, or not ours to remove.
      }
    }
  }
  return removed;
}
