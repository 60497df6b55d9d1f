/**
 * The external tools this process has started and not yet seen exit (exec.ts), so that a host told to stop stops
 * them too (main.ts, on SIGTERM/SIGINT/SIGHUP/exit). Light on purpose: the core loads it at start, and it must not
 * pull in node:child_process for that.
 */
import type { ChildProcess } from 'node:child_process';
import { processWide } from './process-wide';

const running = processWide('running-tools', () => new Set<ChildProcess>());

export function trackTool(child: ChildProcess): void {
  running.add(child);
}

export function untrackTool(child: ChildProcess): void {
  running.delete(child);
}

/** Sends `signal` to the tool and its helpers (its process group; on Windows, the tool itself). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops every tool still running (and its helpers): the host is being told to stop. */
export function stopRunningTools(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const child of running) killGroup(child, signal);
}
