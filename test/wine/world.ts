/**
 * The Linux side of the Wine suite: a fresh Wine prefix per run (Windows 10, quiet, wineboot once), a work folder
 * C:\weborca-test\ inside it, the Windows-side harness (harness.ts, bundled to CommonJS) run by the npm registry's
 * node.exe, and the mapping between the prefix's Windows paths and Linux paths. dispose() stops the prefix's
 * wineserver and deletes the prefix.
 */
import { buildSync } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWinePrefix, runUnderWine, runUnderWineAsync, stopWine, windowsDeps, type WineRun } from '../../scripts/windows-deps';
import type { HarnessResult, HarnessStep } from './harness';

export const WORK_WIN = 'C:\\weborca-test';

export interface WineWorld {
  prefix: string;
  /** C:\weborca-test\ as a Linux path. */
  work: string;
  nodeExe: string;
  /** A path inside the prefix (C:\…) as a Linux path. */
  linuxPath(windowsPath: string): string;
  /**
   * Runs the steps in the Windows-side harness; rejects when the harness itself fails. Asynchronous: the simulator
   * the host talks to lives in this very process and must keep answering meanwhile.
   */
  harness(steps: HarnessStep[], timeoutMs?: number): Promise<HarnessResult[]>;
  /** Runs a Windows program (e.g. the installed weborca-cert.exe, msiexec) with files as stdio; the exit code passes through Wine. */
  run(program: string, args: string[], options?: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number }): WineRun;
  /** The same, without blocking this process: for a program that talks to the simulator living here. */
  runAsync(program: string, args: string[], options?: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<WineRun>;
  dispose(): void;
}

export function createWineWorld(): WineWorld {
  const { nodeExe } = windowsDeps();
  const prefix = mkdtempSync(join(tmpdir(), 'weborca-wine-prefix-'));
  let disposed = false;
  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    stopWine(prefix);
    rmSync(prefix, { recursive: true, force: true });
  };
  try {
    ensureWinePrefix(prefix);
  } catch (error) {
    dispose();
    throw error;
  }
  const work = join(prefix, 'drive_c', 'weborca-test');
  mkdirSync(work, { recursive: true });
  buildSync({
    entryPoints: [fileURLToPath(new URL('./harness.ts', import.meta.url))],
    outfile: join(work, 'harness.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'warning',
  });

  const linuxPath = (windowsPath: string): string => {
    const match = /^([A-Za-z]):\\(.*)$/.exec(windowsPath);
    if (!match || match[1]!.toUpperCase() !== 'C') throw new Error(`not a C:\\ path: ${windowsPath}`);
    return join(prefix, 'drive_c', ...match[2]!.split('\\').filter(Boolean));
  };

  let runs = 0;
  return {
    prefix,
    work,
    nodeExe,
    linuxPath,
    async harness(steps, timeoutMs = 900_000) {
      const id = ++runs;
      writeFileSync(join(work, `plan-${id}.json`), JSON.stringify(steps));
      const run = await runUnderWineAsync(nodeExe, [`${WORK_WIN}\\harness.cjs`, `${WORK_WIN}\\plan-${id}.json`, `${WORK_WIN}\\result-${id}.json`], {
        prefix,
        timeoutMs,
      });
      if (run.status !== 0) throw new Error(`harness exited ${run.status}: ${run.stderr}${run.stdout}`);
      return JSON.parse(readFileSync(join(work, `result-${id}.json`), 'utf8')) as HarnessResult[];
    },
    run(program, args, options = {}) {
      return runUnderWine(program, args, { prefix, ...options });
    },
    runAsync(program, args, options = {}) {
      return runUnderWineAsync(program, args, { prefix, ...options });
    },
    dispose,
  };
}
