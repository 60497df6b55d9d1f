/**
 * The Windows side of the Wine suite: bundled to CommonJS and run as `wine node.exe harness.cjs PLAN RESULT`.
 * Linux pipes do not work as a Windows node.exe's stdio (docs/windows.md: under Wine), so whatever needs pipes — the host started
 * the way Chrome starts it — is spawned from here, inside Wine, with Windows pipes. It reads a plan (JSON: steps),
 * runs each step, and writes every step's result to RESULT (JSON); the Linux side asserts on that file.
 * Plain Node built-ins only: this runs on the Windows node.exe from npm, next to nothing else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { win32 } from 'node:path';

export type HarnessStep =
  /** Default values of registry keys, read with reg.exe (null: no key or no default value). */
  | { kind: 'registry'; keys: string[] }
  /**
   * A test machine: config.json {"testSetup": true, "extraOrigins": […]} in the host's data folder (the simulator's
   * origins, where an import proves the new identity), and Chrome's and Firefox's profile folders.
   */
  | { kind: 'testMachine'; extraOrigins?: string[] }
  /**
   * Chrome's launch: the default value of `registryKey` → the manifest → its `path` (relative to the manifest's folder
   * when not absolute) → `cmd.exe /d /s /c ""<path>" <origin> --parent-window=0"` with pipes. Frames are sent one at
   * a time, each after the previous reply; then stdin is closed and the exit code awaited.
   */
  | { kind: 'chromeLaunch'; registryKey: string; origin: string; frames: unknown[]; env?: Record<string, string>; replyTimeoutMs?: number }
  /** Time from spawn to one full reply frame, `runs` times (for the bench): the program started directly. */
  | { kind: 'firstReply'; command: string; args: string[]; frame: unknown; runs: number; env?: Record<string, string> };

export interface ChromeLaunchResult {
  manifestPath: string | null;
  manifest: Record<string, unknown> | null;
  commandLine: string | null;
  replies: Array<Record<string, unknown>>;
  exitCode: number | null;
  stderr: string;
  error: string | null;
}

export type HarnessResult =
  | { kind: 'registry'; values: Record<string, string | null> }
  | { kind: 'testMachine'; localAppData: string; configPath: string }
  | ({ kind: 'chromeLaunch' } & ChromeLaunchResult)
  | { kind: 'firstReply'; samplesMs: number[]; replies: Array<Record<string, unknown>>; error: string | null };

function regDefault(key: string): string | null {
  const result = spawnSync('reg.exe', ['query', key, '/ve'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  // "    (Default)    REG_SZ    C:\users\…\weborca_cert_companion.json"
  return /\sREG_(?:EXPAND_)?SZ\s+(.*?)\s*$/m.exec(result.stdout)?.[1] ?? null;
}

function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Reads reply frames from a stream; every byte must belong to a frame. */
class FrameReader {
  private buffered = Buffer.alloc(0);
  readonly replies: Array<Record<string, unknown>> = [];
  private waiters: Array<() => void> = [];
  garbage: string | null = null;

  push(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUInt32LE(0);
      if (this.buffered.length < 4 + length) break;
      const body = this.buffered.subarray(4, 4 + length).toString('utf8');
      this.buffered = this.buffered.subarray(4 + length);
      try {
        this.replies.push(JSON.parse(body) as Record<string, unknown>);
      } catch {
        this.garbage = body.slice(0, 200);
      }
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  wait(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply ${count} within ${timeoutMs} ms`)), timeoutMs);
      const check = (): void => {
        if (this.replies.length >= count) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }
}

async function chromeLaunch(step: Extract<HarnessStep, { kind: 'chromeLaunch' }>): Promise<ChromeLaunchResult> {
  const result: ChromeLaunchResult = { manifestPath: null, manifest: null, commandLine: null, replies: [], exitCode: null, stderr: '', error: null };
  result.manifestPath = regDefault(step.registryKey);
  if (!result.manifestPath) return { ...result, error: `no default value under ${step.registryKey}` };
  result.manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as Record<string, unknown>;
  const declared = String(result.manifest.path);
  // Chromium (native_process_launcher.cc): on Windows a relative path is relative to the manifest's folder.
  const program = win32.isAbsolute(declared) ? declared : win32.join(win32.dirname(result.manifestPath), declared);
  // Chromium's command line: cmd.exe /d /s /c "<quoted program> <origin> --parent-window=<hwnd>".
  result.commandLine = `"${program}" ${step.origin} --parent-window=0`;
  const child = spawn(process.env.ComSpec || 'C:\\windows\\system32\\cmd.exe', ['/d', '/s', '/c', `"${result.commandLine}"`], {
    windowsVerbatimArguments: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...step.env },
  });
  const reader = new FrameReader();
  child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString('utf8')));
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    for (const [index, message] of step.frames.entries()) {
      child.stdin.write(frame(message));
      await reader.wait(index + 1, step.replyTimeoutMs ?? 240_000);
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  child.stdin.end(); // stdin EOF: the host flushes and exits 0
  const timer = setTimeout(() => child.kill(), 120_000);
  result.exitCode = await exited;
  clearTimeout(timer);
  result.replies = reader.replies;
  if (reader.garbage !== null) result.error = `not a frame on stdout: ${reader.garbage}`;
  return result;
}

async function firstReply(step: Extract<HarnessStep, { kind: 'firstReply' }>): Promise<Extract<HarnessResult, { kind: 'firstReply' }>> {
  const samplesMs: number[] = [];
  const replies: Array<Record<string, unknown>> = [];
  for (let run = 0; run < step.runs; run++) {
    const start = performance.now();
    const child = spawn(step.command, step.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...step.env } });
    const reader = new FrameReader();
    child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    child.stdin.on('error', () => {});
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin.write(frame(step.frame));
    try {
      await reader.wait(1, 120_000);
    } catch (error) {
      child.kill();
      return { kind: 'firstReply', samplesMs, replies, error: error instanceof Error ? error.message : String(error) };
    }
    samplesMs.push(performance.now() - start);
    replies.push(reader.replies[0]!);
    child.stdin.end();
    await exited;
  }
  return { kind: 'firstReply', samplesMs, replies, error: null };
}

function testMachine(extraOrigins: string[]): Extract<HarnessResult, { kind: 'testMachine' }> {
  const localAppData = process.env.LOCALAPPDATA ?? '';
  const dataFolder = win32.join(localAppData, 'WebORCA Cert Companion');
  mkdirSync(dataFolder, { recursive: true });
  const configPath = win32.join(dataFolder, 'config.json');
  // Marks a test setup: the host will allow verifyLogin to *.localhost only where this says so, and an import proves
  // the new identity against these origins only.
  writeFileSync(configPath, `${JSON.stringify({ testSetup: true, extraOrigins }, null, 2)}\n`);
  // What doctor takes as "Chrome / Firefox are installed": their profile folders.
  mkdirSync(win32.join(localAppData, 'Google', 'Chrome', 'User Data'), { recursive: true });
  mkdirSync(win32.join(process.env.APPDATA ?? '', 'Mozilla', 'Firefox'), { recursive: true });
  return { kind: 'testMachine', localAppData, configPath };
}

async function main(): Promise<void> {
  const [planFile, resultFile] = process.argv.slice(2);
  if (!planFile || !resultFile) throw new Error('usage: harness.cjs PLAN.json RESULT.json');
  const steps = JSON.parse(readFileSync(planFile, 'utf8')) as HarnessStep[];
  const results: HarnessResult[] = [];
  for (const step of steps) {
    if (step.kind === 'registry') results.push({ kind: 'registry', values: Object.fromEntries(step.keys.map((key) => [key, regDefault(key)])) });
    else if (step.kind === 'testMachine') results.push(testMachine(step.extraOrigins ?? []));
    else if (step.kind === 'chromeLaunch') results.push({ kind: 'chromeLaunch', ...(await chromeLaunch(step)) });
    else results.push(await firstReply(step));
  }
  writeFileSync(resultFile, JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`harness: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
