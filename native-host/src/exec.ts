/**
 * Running external tools (pk12util, certutil, security, reg) behind one small interface, so the stores can
 * be unit-tested with a fake executor that records exactly what would be run and fed — the only way to test the
 * Windows and macOS stores on this Linux machine. Secrets never travel in argv: on stdin (a real pipe when the tool
 * opens it by name), in anonymous files (`fdFiles`), or — where a tool insists on a named file — in 0600 files of a
 * secret folder (secret-files.ts).
 *
 * Each tool runs in its own process group, so a timeout, or a signal to the host, stops the tool and every helper it
 * started (running-tools.ts stopRunningTools, called by main.ts on SIGTERM/SIGINT/SIGHUP).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync } from 'node:fs';
import { killGroup, trackTool, untrackTool } from './running-tools';
import { anonymousFile } from './secret-files';

export interface ExecOptions {
  /** Bytes written to the tool's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  /**
   * Give the tool a real pipe as stdin, so that it can open it by name (`-w /dev/stdin`): Node's child stdio is a
   * socket, which /dev/stdin cannot open. Done through `/bin/sh -c 'cat | exec "$0" "$@"'` (POSIX only).
   */
  stdinPipe?: boolean;
  /**
   * Bytes the tool opens as files: /dev/fd/3, /dev/fd/4… in order (Linux). Each is an anonymous regular file (no
   * name anywhere by the time the tool starts, gone with the last descriptor even if the host is killed), for tools
   * that need a file's size and so cannot read a pipe (pk12util -i).
   */
  fdFiles?: readonly Uint8Array[];
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
/** sh's exit status when it cannot find the command (`exec` of a missing program). */
const SH_NOT_FOUND = 127;

export const realExecutor: Executor = {
  run(command, args, options = {}) {
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let settled = false;
      const fds = (options.fdFiles ?? []).map((data) => anonymousFile(data));
      const viaShell = options.stdinPipe === true && process.platform !== 'win32';
      const stdio: StdioOptions = ['pipe', 'pipe', 'pipe', ...fds];
      let child: ChildProcess;
      try {
        child = viaShell
          ? spawn('/bin/sh', ['-c', 'cat | exec "$0" "$@"', command, ...args], { env: options.env ?? process.env, cwd: options.cwd, stdio, detached: true })
          : spawn(command, [...args], { env: options.env ?? process.env, cwd: options.cwd, stdio, windowsHide: true, detached: process.platform !== 'win32' });
      } finally {
        // The child holds its own copies now (or never started): ours must not keep the files alive.
        for (const fd of fds) closeSync(fd);
      }
      trackTool(child);
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGKILL');
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const finish = (result: ExecResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        untrackTool(child);
        resolve(result);
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        if (stdout.length < MAX_OUTPUT_BYTES) stdout += chunk.toString('utf8');
      });
      child.stderr!.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_OUTPUT_BYTES) stderr += chunk.toString('utf8');
      });
      child.once('error', (error: NodeJS.ErrnoException) => finish({ code: null, stdout, stderr, spawnError: error.code ?? error.message }));
      child.once('close', (code) => {
        // Through the shell a missing tool is sh's 127 ("not found"), not a spawn error: report it the same way.
        if (viaShell && code === SH_NOT_FOUND && /not found|No such file/i.test(stderr)) return finish({ code: null, stdout, stderr, spawnError: 'ENOENT' });
        finish({ code, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
      });
      child.stdin!.on('error', () => {
        // The tool may exit without reading stdin; that is its answer, not ours to crash on.
      });
      child.stdin!.end(options.stdin ?? '');
    });
  },
};
