/**
 * The support log: one JSON line per event, in the user's state folder, 0600. Callers pass only ids, types, codes
 * and timings — never a password, a certificate body or a request payload. Logging failures never break the host.
 */
import { appendFileSync, mkdirSync, chmodSync, statSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export type LogFields = Record<string, string | number | boolean | null>;

export interface Logger {
  info(event: string, fields: LogFields): void;
  warn(event: string, fields: LogFields): void;
  error(event: string, fields: LogFields): void;
}

const MAX_LOG_BYTES = 1024 * 1024;
/** Long enough that a start's lines are written after its first reply, short enough that a crash loses little. */
const FLUSH_AFTER_MS = 20;

/**
 * Lines are written in batches, FLUSH_AFTER_MS after the first of them (so a reply is never held up by the log's four
 * system calls: the event loop's first turn comes before stdin's first read), and whatever is still queued on exit.
 */
export function fileLogger(dir: string, name = 'host.log'): Logger {
  const path = join(dir, name);
  let ready = false;
  let queued: string[] = [];
  const flush = (): void => {
    if (queued.length === 0) return;
    const lines = queued.join('');
    queued = [];
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        ready = true;
      }
      rotateIfLarge(path);
      appendFileSync(path, lines, { mode: 0o600 });
      chmodSync(path, 0o600);
    } catch {
      // A full disk or read-only home must not stop a renewal.
    }
  };
  process.once('exit', flush);
  const write = (level: string, event: string, fields: LogFields): void => {
    if (queued.length === 0) setTimeout(flush, FLUSH_AFTER_MS).unref();
    queued.push(`${JSON.stringify({ t: new Date().toISOString(), pid: process.pid, level, event, ...fields })}\n`);
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  };
}

function rotateIfLarge(path: string): void {
  try {
    if (statSync(path).size > MAX_LOG_BYTES) renameSync(path, `${path}.1`);
  } catch {
    // No log yet.
  }
}
