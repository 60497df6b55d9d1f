/**
 * Running external tools (pk12util, certutil, security, reg) behind one small interface, so the stores can
 * be unit-tested with a fake executor that records exactly what would be run and fed — the only way to test the
 * Windows and macOS stores on this Linux machine. Secrets travel on stdin or in 0600 files, never in argv.
 */
import { spawn } from 'node:child_process';

export interface ExecOptions {
  /** Bytes written to the tool's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed after this long (default 60 s): a tool waiting on a GUI prompt must not hang the renewal. */
  timeoutMs?: number;
}

export interface ExecResult {
  /** Exit code; null when killed (timeout) or when the tool could not be started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the tool could not be started at all (ENOENT: not installed). */
  spawnError?: string;
  timedOut?: boolean;
}

export interface Executor {
  run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export const realExecutor: Executor = {
  run(command, args, options = {}) {
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let settled = false;
      const child = spawn(command, [...args], {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const finish = (result: ExecResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      child.stdout.on('data', (chunk: Buffer) => {
        if (stdout.length < MAX_OUTPUT_BYTES) stdout += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_OUTPUT_BYTES) stderr += chunk.toString('utf8');
      });
      child.once('error', (error: NodeJS.ErrnoException) => finish({ code: null, stdout, stderr, spawnError: error.code ?? error.message }));
      child.once('close', (code) => finish({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) }));
      child.stdin.on('error', () => {
        // The tool may exit without reading stdin; that is its answer, not ours to crash on.
      });
      child.stdin.end(options.stdin ?? '');
    });
  },
};
