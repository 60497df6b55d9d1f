/**
 * Timing helpers and the result shape of `npm run bench` (docs/ARCHITECTURE.md: contracts): each figure is reported next to a reference
 * measured in the same run. Medians, never means: one slow run on a busy machine must not move the figure.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/**
 * One row of dist/bench/results.json. Every key is always present; null where it does not apply. A figure that could
 * not be measured keeps its row: value null, met false when it has a target, and the reason in its name (the row's
 * keys are the contract in docs/ARCHITECTURE.md, so the reason has no key of its own).
 */
export interface BenchResult {
  name: string;
  value: number | null;
  unit: 'ms' | 'bytes';
  reference: number | null;
  ratio: number | null;
  target: number | null;
  /** value ≤ target (lower is better for every figure here); null without a target. */
  met: boolean | null;
}

export function result(name: string, value: number, unit: BenchResult['unit'], opts: { reference?: number | null; target?: number | null } = {}): BenchResult {
  const reference = opts.reference ?? null;
  const target = opts.target ?? null;
  return {
    name,
    value: round(value),
    unit,
    reference: reference === null ? null : round(reference),
    ratio: reference === null || reference === 0 ? null : round(value / reference, 3),
    target,
    met: target === null ? null : value <= target,
  };
}

/** What separates a figure's name from the reason it was not measured. */
export const NOT_MEASURED = ' (not measured: ';

/** The row of a figure that could not be measured, saying why. Never a silent gap in the table. */
export function unmeasured(name: string, unit: BenchResult['unit'], why: string, target: number | null = null): BenchResult {
  const reason = why.replace(/\s+/g, ' ').trim().slice(0, 300);
  return { name: `${name}${NOT_MEASURED}${reason})`, value: null, unit, reference: null, ratio: null, target, met: target === null ? null : false };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs the measured functions alternately (a, b, a, b, …) so that drift in machine load hits both alike, after
 * `warmup` unmeasured rounds (file cache, lazy loading). Returns each one's samples in ms.
 */
export async function interleave(runs: number, fns: ReadonlyArray<() => Promise<number>>, warmup = 1): Promise<number[][]> {
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round < warmup + runs; round++) {
    for (const [i, fn] of fns.entries()) {
      const ms = await fn();
      if (round >= warmup) samples[i]!.push(ms);
    }
  }
  return samples;
}

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Wall time of one process from spawn to exit (all output read), `stdin` written at once and closed. */
export function timeProcess(command: string, args: readonly string[], stdin: string | Uint8Array, env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin.on('error', () => {
      // The process may exit before reading all of stdin; its exit code tells what happened.
    });
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ ms: performance.now() - start, code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
    child.stdin.end(stdin);
  });
}

/** Time of an in-process async call, in ms. */
export async function timeCall(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
