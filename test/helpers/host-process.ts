/**
 * Spawns the built native host the way a browser does and speaks raw frames to it. Every byte it writes to stdout
 * must parse as a frame: anything else fails the test.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentExtensionId } from '../../scripts/extension-id';

export const HOST_BIN = fileURLToPath(new URL('../../dist/native-host/weborca-cert.mjs', import.meta.url));
export const DEV_ORIGIN = `chrome-extension://${developmentExtensionId()}/`;

/**
 * The host's config.json for a test world (what `weborca-cert install` would write, plus the test marks): the
 * simulator's WebORCA origin as an administrator-configured origin, and `testSetup`, without which a host never
 * reaches a *.localhost origin. Written under HOME/.config/weborca-cert, where the host looks with that HOME.
 */
export function writeHostConfig(home: string, config: { weborcaOrigins?: string[]; testSetup?: boolean } = {}): void {
  const dir = join(home, '.config', 'weborca-cert');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ testSetup: config.testSetup ?? true, extraOrigins: config.weborcaOrigins ?? [] }), { mode: 0o600 });
}

export function frame(message: unknown): Buffer {
  return rawFrame(Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8'));
}

export function rawFrame(body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

export interface HostRun {
  child: ChildProcessWithoutNullStreams;
  home: string;
  write(data: Buffer): void;
  end(): void;
  /** Resolves when n replies have arrived. */
  replies(n: number, timeoutMs?: number): Promise<Array<Record<string, unknown>>>;
  /** Resolves with the exit code and every reply once the process has exited. */
  exited(timeoutMs?: number): Promise<{ code: number | null; replies: Array<Record<string, unknown>>; stderr: string }>;
  cleanup(): void;
}

export interface StartHostOptions {
  /** Write a test config.json into the host's home first (see writeHostConfig). */
  config?: Parameters<typeof writeHostConfig>[1];
}

export function startHost(args: string[] = [DEV_ORIGIN], env: NodeJS.ProcessEnv = {}, options: StartHostOptions = {}): HostRun {
  const home = mkdtempSync(join(tmpdir(), 'weborca-host-test-'));
  if (options.config) writeHostConfig(env.HOME ?? home, options.config);
  const child = spawn(process.execPath, [HOST_BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = Buffer.alloc(0);
  let stderr = '';
  const parsed: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout = Buffer.concat([stdout, chunk]);
    for (;;) {
      if (stdout.length < 4) break;
      const length = stdout.readUInt32LE(0);
      if (stdout.length < 4 + length) break;
      const body = stdout.subarray(4, 4 + length).toString('utf8');
      stdout = stdout.subarray(4 + length);
      parsed.push(JSON.parse(body) as Record<string, unknown>); // throws (fails the test) on non-frame output
    }
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    home,
    write: (data) => child.stdin.write(data),
    end: () => child.stdin.end(),
    replies(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} replies (got ${parsed.length}); stderr: ${stderr}`)), timeoutMs);
        const check = (): void => {
          if (parsed.length >= n) {
            clearTimeout(timer);
            resolve(parsed.slice(0, n));
          } else waiters.push(check);
        };
        check();
      });
    },
    async exited(timeoutMs = 10_000) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      if (stdout.length > 0) throw new Error(`host left ${stdout.length} stray bytes on stdout`);
      return { code, replies: parsed, stderr };
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
