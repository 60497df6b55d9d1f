/**
 * Host cold start to first reply: the host spawned as Chrome spawns it (`node weborca-cert.mjs chrome-extension://ID/`
 * for the bundled file, `weborca-cert-linux-x64 chrome-extension://ID/` for the single executable), one framed `hello`
 * written at once, timed until the whole reply frame is read. Reference: a bare `node -e` echo, started and timed the
 * same way — what Node itself costs before any of our code runs. The three alternate, run by run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { developmentExtensionId } from '../extension-id';
import { type BenchResult, interleave, median, result, unmeasured } from './measure';

/** Issue 14: the first reply within 1.2 × what a bare Node start costs, measured in the same run. */
export const FIRST_REPLY_TARGET_RATIO = 1.2;

const ECHO = "process.stdin.once('data',d=>process.stdout.write(d))";

/** Frame = uint32 length (native byte order; little-endian on x86 and ARM alike) + UTF-8 JSON. */
function frame(message: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  header.writeUInt32LE(json.length);
  return Buffer.concat([header, json]);
}

/** Spawn, write one frame, resolve with the ms until one full reply frame has arrived (and the reply itself). */
function firstReply(command: string, args: readonly string[], request: Buffer, env: NodeJS.ProcessEnv): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let buffered = Buffer.alloc(0);
    let stderr = '';
    let done: { ms: number; reply: string } | null = null;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no reply within 10 s from ${command} ${args.join(' ')}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (done) return;
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 4) return;
      const length = buffered.readUInt32LE(0);
      if (buffered.length < 4 + length) return;
      done = { ms: performance.now() - start, reply: buffered.subarray(4, 4 + length).toString('utf8') };
      child.stdin.end(); // stdin EOF: the host flushes and exits 0.
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => {
      // An early exit is reported below.
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (done) resolve(done);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code} without a reply frame: ${stderr}`));
    });
    child.stdin.write(request);
  });
}

export const HOST_FIGURES = {
  bundle: 'host cold start → first reply (bundle .mjs)',
  sea: 'host cold start → first reply (single executable)',
};

/**
 * @param hostSea the single executable, or null with `seaMissing` saying why it is not there (then its figure is
 *   reported as not measured).
 */
export async function benchHost(
  hostBundle: string,
  hostSea: string | null,
  seaMissing: string | null,
  runs: number,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  // A throw-away home, so the host reads no real config and writes its support log nowhere that matters.
  const home = mkdtempSync(join(tmpdir(), 'weborca-bench-home-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
  };
  try {
    const origin = `chrome-extension://${developmentExtensionId()}/`;
    const request = frame({ id: 'b', type: 'hello' });
    const host = (command: string, args: readonly string[]) => async (): Promise<number> => {
      const { ms, reply } = await firstReply(command, args, request, env);
      const parsed = JSON.parse(reply) as { id?: unknown; ok?: unknown };
      if (parsed.id !== 'b' || parsed.ok !== true) throw new Error(`hello refused by ${command}: ${reply}`);
      return ms;
    };
    const echo = async (): Promise<number> => (await firstReply(process.execPath, ['-e', ECHO], request, env)).ms;
    const fns = [host(process.execPath, [hostBundle, origin]), echo, ...(hostSea ? [host(hostSea, [origin])] : [])];
    const [bundleMs, echoMs, seaMs] = (await interleave(runs, fns)).map(median) as [number, number, number | undefined];
    log(`  ${origin}: hello answered by the bundle (node ${process.version})${hostSea ? ' and by the single executable' : ''}`);
    return [
      result(HOST_FIGURES.bundle, bundleMs, 'ms', { reference: echoMs, target: echoMs * FIRST_REPLY_TARGET_RATIO }),
      seaMs !== undefined
        ? result(HOST_FIGURES.sea, seaMs, 'ms', { reference: echoMs, target: echoMs * FIRST_REPLY_TARGET_RATIO })
        : unmeasured(HOST_FIGURES.sea, 'ms', seaMissing ?? 'no single executable'),
    ];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
