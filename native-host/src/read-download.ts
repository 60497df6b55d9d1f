/**
 * `readDownload`: the host reads the one file the browser has just downloaded, when ORCAMO's `こちら` is script- or
 * form-driven and only the browser can fetch it. Restricted to what such a download is: an absolute path to a
 * regular file (a symlink is refused, never followed), at most 1 MiB, named *.p12 or *.pfx, modified within the last
 * 10 minutes. Anything else is READ_REFUSED with a Japanese message; the file itself is never changed or removed.
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';

export const MAX_READ_BYTES = 1024 * 1024;
export const MAX_READ_AGE_MS = 10 * 60 * 1000;
/** A file dated a little in the future (clock skew between browser and filesystem) is still fresh. */
const FUTURE_SLACK_MS = 60 * 1000;

export type ReadDownloadResult = { ok: true; p12: Buffer; fileName: string } | { ok: false; error: { code: 'READ_REFUSED' | 'READ_FAILED'; message: string } };

const refused = (why: string): ReadDownloadResult => ({
  ok: false,
  error: { code: 'READ_REFUSED', message: `ダウンロードされたファイルを読み取れません（${why}）。ブラウザーの「ダウンロード」フォルダーにある証明書ファイルを確認してください。` },
});

export async function readDownload(path: string, now = Date.now()): Promise<ReadDownloadResult> {
  if (!isAbsolute(path) || path.includes('\u0000')) return refused('絶対パスではありません');
  const name = basename(path);
  if (!/\.(p12|pfx)$/i.test(name)) return refused('.p12 または .pfx のファイルではありません');
  let info;
  try {
    info = await lstat(path);
  } catch {
    return refused('ファイルが見つかりません');
  }
  if (info.isSymbolicLink()) return refused('シンボリックリンクです');
  if (!info.isFile()) return refused('通常のファイルではありません');
  if (info.size > MAX_READ_BYTES) return refused('1 MiB を超えています');
  if (now - info.mtimeMs > MAX_READ_AGE_MS || info.mtimeMs - now > FUTURE_SLACK_MS) return refused('最近ダウンロードされたファイルではありません');
  let handle;
  try {
    // O_NOFOLLOW: a symlink swapped in after the lstat is refused by the kernel (where the flag exists).
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return refused('開けません');
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev || opened.size > MAX_READ_BYTES) return refused('読み取り中に変更されました');
    const buffer = Buffer.alloc(opened.size);
    let read = 0;
    while (read < buffer.length) {
      const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    if (read !== opened.size) return refused('読み取り中に変更されました');
    return { ok: true, p12: buffer, fileName: name };
  } catch {
    return { ok: false, error: { code: 'READ_FAILED', message: 'ダウンロードされたファイルを読み取れませんでした。ファイルの権限を確認してください。' } };
  } finally {
    await handle.close().catch(() => {});
  }
}
