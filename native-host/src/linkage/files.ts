/**
 * File operations of the linkage update: writes that are complete or absent, new files that never overwrite
 * anything, and copies of the original's mode (and owner, when run as root) so the tool can still read them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { access, chmod, chown, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Config and PEM files are small; anything bigger is not what we are looking for. */
export const MAX_LINKAGE_FILE_BYTES = 1024 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').toUpperCase();
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The file may be replaced by us: the OS would let us write it AND it is not marked read-only. The mode bits are
 * checked on purpose — root (or an administrator) is allowed to write a 0444 file, but someone made it read-only.
 */
export async function isWritableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile() || (info.mode & 0o222) === 0) return false;
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** New files can be created in the folder (and a temp file renamed there). */
export async function isWritableDir(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isDirectory()) return false;
    await access(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function readSmallFile(path: string): Promise<Buffer> {
  const info = await stat(path);
  if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
  if (info.size > MAX_LINKAGE_FILE_BYTES) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
  return readFile(path);
}

async function matchOwner(path: string, like: Stats | null): Promise<void> {
  // Only root can give a file away; elsewhere the new file already belongs to the user who runs us.
  if (!like || typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  await chown(path, like.uid, like.gid);
}

async function writeAndSync(path: string, data: Uint8Array, flag: 'wx', mode: number): Promise<void> {
  const handle = await open(path, flag, mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` through a temp file in the same folder and a rename, so readers see the old file or
 * the new one, never half of it. The new file gets the mode (and owner, as root) of the one it replaces.
 */
export async function replaceFileAtomically(linkPath: string, data: Uint8Array): Promise<void> {
  // A config reached through a symlink: replace the file it points at, never the link itself.
  const path = await realpath(linkPath);
  const like = await stat(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.weborca-tmp`);
  try {
    await writeAndSync(temp, data, 'wx', like.mode & 0o777);
    await chmod(temp, like.mode & 0o7777); // the umask may have narrowed it
    await matchOwner(temp, like);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Creates a new file (never overwrites: fails with EEXIST), with the mode and owner of a sibling when given. */
export async function createFile(path: string, data: Uint8Array, like: Stats | null, mode: number): Promise<void> {
  const wanted = like ? like.mode & 0o777 : mode;
  await writeAndSync(path, data, 'wx', wanted);
  try {
    await chmod(path, wanted);
    await matchOwner(path, like);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}
