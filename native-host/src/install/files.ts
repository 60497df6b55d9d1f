/** Small file helpers for install: writes that are either complete or absent, and reads that never throw. */
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** Writes next to the target then renames: a browser never reads a half-written manifest. */
export function writeFileAtomic(path: string, text: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { mode });
    chmodSync(temp, mode); // the umask may have narrowed it (a launcher must be 0755)
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The file's text; null when absent, unreadable, or larger than maxBytes (a single executable is not a launcher). */
export function readTextOrNull(path: string, maxBytes = 1024 * 1024): string | null {
  try {
    if (statSync(path).size > maxBytes) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
