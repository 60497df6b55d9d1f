/**
 * Host memory under queued large frames (issue 12: 60 such frames grew the host to 562 MiB): the host answers one
 * request at a time and reads the next frame only after answering (stdin paused), so a caller that queues many large
 * frames fills the pipe and its own memory, not the host's. Measured, not asserted: the host's resident memory (VmRSS,
 * sampled every 10 ms) against its idle resident memory after `hello`:
 *  - while 60 frames of 7.9 MiB wait behind a slow request (the figure with the target: ≤ 1.5 × idle);
 *  - and, for information, while it then answers them one after the other (each frame's bytes, text and parsed value
 *    are alive while it is answered, and V8 and malloc keep some of it for reuse; no target).
 *
 * The slow request is a `list` whose certutil (a wrapper first on PATH) takes a few seconds; the frames are `inspect`
 * requests of 7.9 MiB each, written as fast as the pipe takes them (respecting backpressure, as a browser's queue
 * would). Linux only (/proc).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { developmentExtensionId } from '../extension-id';
import { type BenchResult, median, result, unmeasured } from './measure';

export const HOST_MEMORY_FIGURES = {
  queued: 'host RSS, 60 queued 7.9 MiB frames behind a slow request (vs idle)',
  answering: 'host RSS while answering those 60 frames one by one (vs idle)',
};
export const HOST_MEMORY_RATIO_TARGET = 1.5;

const FRAMES = 60;
const FRAME_BYTES = Math.round(7.9 * 1024 * 1024);
const SLOW_MS = 4_000;

function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function header(length: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(length);
  return out;
}

function write(stream: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(chunk)) return resolve();
    const onDrain = (): void => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      stream.off('drain', onDrain);
      reject(error);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchHostMemory(hostBundle: string, log: (line: string) => void): Promise<BenchResult[]> {
  if (process.platform !== 'linux') return Object.values(HOST_MEMORY_FIGURES).map((name) => unmeasured(name, 'bytes', 'needs Linux /proc'));
  const home = mkdtempSync(join(tmpdir(), 'weborca-bench-memory-'));
  try {
    // A user with an NSS database, so `list` runs certutil; certutil itself made slow by a wrapper first on PATH.
    const db = join(home, '.pki', 'nssdb');
    mkdirSync(db, { recursive: true, mode: 0o700 });
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    const bin = join(home, 'bin');
    mkdirSync(bin);
    const realCertutil = execFileSync('sh', ['-c', 'command -v certutil'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'certutil'), `#!/bin/sh\nsleep ${SLOW_MS / 1000}\nexec ${realCertutil} "$@"\n`);
    chmodSync(join(bin, 'certutil'), 0o755);
    const env = {
      ...process.env,
      HOME: home,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
    };

    const child = spawn(process.execPath, [hostBundle, `chrome-extension://${developmentExtensionId()}/`], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    const pid = child.pid!;
    let buffered = Buffer.alloc(0);
    const replies: Array<{ id: string | null; ok: boolean }> = [];
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32LE(0)) {
        const length = buffered.readUInt32LE(0);
        replies.push(JSON.parse(buffered.subarray(4, 4 + length).toString('utf8')) as { id: string | null; ok: boolean });
        buffered = buffered.subarray(4 + length);
      }
      for (const wake of waiters.splice(0)) wake();
    });
    const repliesReached = (n: number, timeoutMs: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${replies.length} of ${n} replies`)), timeoutMs);
        const check = (): void => {
          if (replies.length >= n) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    child.stdin.on('error', () => {});

    try {
      const hello = Buffer.from(JSON.stringify({ id: 'hello', type: 'hello' }));
      await write(child.stdin, Buffer.concat([header(hello.length), hello]));
      await repliesReached(1, 10_000);
      await sleep(500);
      const idleSamples: number[] = [];
      for (let i = 0; i < 10; i++) {
        idleSamples.push(rssBytes(pid) ?? 0);
        await sleep(50);
      }
      const idle = median(idleSamples);

      let peak = idle;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, rssBytes(pid) ?? 0);
          await sleep(10);
        }
      })();

      const list = Buffer.from(JSON.stringify({ id: 'slow', type: 'list' }));
      await write(child.stdin, Buffer.concat([header(list.length), list]));
      // The peak while everything waits behind the slow list: taken when its reply arrives.
      let queuedPeak: number | null = null;
      void repliesReached(2, 60_000).then(
        () => (queuedPeak = peak),
        () => undefined,
      );
      // One big payload shared by every frame: only its id differs.
      const suffix = Buffer.from('"}');
      const prefixOf = (n: number): Buffer => Buffer.from(`{"id":"q${String(n).padStart(2, '0')}","type":"inspect","password":"","p12":"`);
      const payload = Buffer.alloc(FRAME_BYTES - prefixOf(0).length - suffix.length, 'A');
      const started = Date.now();
      for (let n = 0; n < FRAMES; n++) {
        const prefix = prefixOf(n);
        await write(child.stdin, header(prefix.length + payload.length + suffix.length));
        await write(child.stdin, prefix);
        await write(child.stdin, payload);
        await write(child.stdin, suffix);
      }
      await repliesReached(2 + FRAMES, 120_000);
      sampling = false;
      await sampler;
      child.stdin.end();

      const order = replies.slice(1).map((reply) => reply.id);
      const expected = ['slow', ...Array.from({ length: FRAMES }, (_, n) => `q${String(n).padStart(2, '0')}`)];
      if (order.join() !== expected.join()) throw new Error('replies out of order');
      if (queuedPeak === null) throw new Error('the slow request was not answered');
      const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
      log(
        `  idle ${mib(idle)}; ${FRAMES} × ${mib(FRAME_BYTES)} queued behind a ${SLOW_MS / 1000} s list: peak ${mib(queuedPeak)}; answering them: peak ${mib(peak)} (${((Date.now() - started) / 1000).toFixed(1)} s, one reply per frame, in order)`,
      );
      return [
        result(HOST_MEMORY_FIGURES.queued, queuedPeak, 'bytes', { reference: idle, target: Math.round(idle * HOST_MEMORY_RATIO_TARGET) }),
        result(HOST_MEMORY_FIGURES.answering, peak, 'bytes', { reference: idle }),
      ];
    } finally {
      // Wait for the host to be gone before its home is removed: with stdin closed it leaves by itself, writing its
      // code cache on the way out (removing the folder under it failed with ENOTEMPTY); killed only if it lingers.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('close', resolve));
        child.stdin.end();
        const lingering = setTimeout(() => child.kill(), 5_000);
        await exited;
        clearTimeout(lingering);
      }
    }
  } finally {
    if (existsSync(home)) rmSync(home, { recursive: true, force: true });
  }
}
