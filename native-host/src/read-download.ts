/**
 * `readDownload`: the host reads the one file the browser has just downloaded, when ORCAMO's `こちら` is script- or
 * form-driven and only the browser can fetch it. Restricted to what such a download is: an absolute path to a
 * regular file (a symlink is refused, never followed), at most 1 MiB, named *.p12 or *.pfx, modified within the last
 * 10 minutes. Anything else is READ_REFUSED, its reason as a catalogue key (`reasonKey`: the host's words) and as
 * technical detail (English); the file itself is never changed or removed.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { fsDetail } from './fs-reason';
import type { Failure } from './host/failure';
import type { CatalogueKey } from './i18n';

export const MAX_READ_BYTES = 1024 * 1024;
export const MAX_READ_AGE_MS = 10 * 60 * 1000;
/** A file dated a little in the future (clock skew between browser and filesystem) is still fresh. */
const FUTURE_SLACK_MS = 60 * 1000;

export type ReadDownloadResult = { ok: true; p12: Buffer; fileName: string } | { ok: false; error: Failure & { code: 'READ_REFUSED' | 'READ_FAILED' } };

/** Why a file is refused: the catalogue's words for it, and the same in a technical line. */
const REASONS = {
  notAbsolute: 'not an absolute path',
  notP12: 'not named *.p12 or *.pfx',
  notFound: 'not found',
  symlink: 'a symbolic link',
  notRegular: 'not a regular file',
  tooLarge: `over ${MAX_READ_BYTES} bytes`,
  notRecent: `not modified within ${MAX_READ_AGE_MS / 60_000} minutes`,
  cannotOpen: 'cannot be opened',
  changed: 'changed while being read',
} as const satisfies Record<string, string>;

const refused = (why: keyof typeof REASONS): ReadDownloadResult => {
  const reasonKey: CatalogueKey = `readDownload.${why}`;
  return { ok: false, error: { code: 'READ_REFUSED', params: { reasonKey }, detail: REASONS[why] } };
};

export async function readDownload(path: string, now = Date.now()): Promise<ReadDownloadResult> {
  if (!isAbsolute(path) || path.includes('\u0000')) return refused('notAbsolute');
  const name = basename(path);
  if (!/\.(p12|pfx)$/i.test(name)) return refused('notP12');
  let info;
  try {
    info = await lstat(path);
  } catch {
    return refused('notFound');
  }
  if (info.isSymbolicLink()) return refused('symlink');
  if (!info.isFile()) return refused('notRegular');
  if (info.size > MAX_READ_BYTES) return refused('tooLarge');
  if (now - info.mtimeMs > MAX_READ_AGE_MS || info.mtimeMs - now > FUTURE_SLACK_MS) return refused('notRecent');
  let handle;
  try {
    // O_NOFOLLOW: a symlink swapped in after the lstat is refused by the kernel (where the flag exists).
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return refused('cannotOpen');
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev || opened.size > MAX_READ_BYTES) return refused('changed');
    const buffer = Buffer.alloc(opened.size);
    let read = 0;
    while (read < buffer.length) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read !== opened.size) return refused('changed');
    return { ok: true, p12: buffer, fileName: name };
  } catch (error) {
    const detail = fsDetail(error);
    return { ok: false, error: { code: 'READ_FAILED', ...(detail ? { detail } : {}) } };
  } finally {
    await handle.close().catch(() => {});
  }
}
