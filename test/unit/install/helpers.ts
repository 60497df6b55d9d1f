/** Temp HOMEs, a fake bundle, an in-memory CliIO and a fake `reg.exe` for the install/uninstall/doctor tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../../native-host/src/cli-io';
import type { ExecOptions, ExecResult, Executor } from '../../../native-host/src/exec';
import type { SystemContext } from '../../../native-host/src/install/context';

export interface TempWorld {
  root: string;
  home: string;
  /** A stand-in for dist/native-host/weborca-cert.mjs: prints its arguments as JSON. */
  bundle: string;
  cleanup(): void;
}

export function tempWorld(bundleDirName = 'dist'): TempWorld {
  const root = mkdtempSync(join(tmpdir(), 'weborca-install-test-'));
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true });
  const bundleDir = join(root, bundleDirName);
  mkdirSync(bundleDir, { recursive: true });
  const bundle = join(bundleDir, 'weborca-cert.mjs');
  writeFileSync(bundle, 'process.stdout.write(JSON.stringify(process.argv.slice(2)));\n', { mode: 0o755 });
  return { root, home, bundle, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function dirs(home: string, ...relative: string[][]): void {
  for (const parts of relative) mkdirSync(join(home, ...parts), { recursive: true });
}

export interface RecordedCall {
  command: string;
  args: string[];
}

/** Executor that must not be called (Linux/macOS install runs nothing). */
export const noExec: Executor = {
  async run(command) {
    throw new Error(`unexpected command: ${command}`);
  },
};

/** A fake `reg.exe` over an in-memory HKCU: keys with optional default values. */
export class FakeRegistry implements Executor {
  calls: RecordedCall[] = [];
  keys = new Map<string, string | null>();
  failAdd = false;
  constructor(existing: string[] = []) {
    for (const key of existing) this.keys.set(key.toLowerCase(), null);
  }
  async run(command: string, args: readonly string[], _options?: ExecOptions): Promise<ExecResult> {
    this.calls.push({ command, args: [...args] });
    const [verb, key = ''] = args;
    const id = key.toLowerCase();
    const missing: ExecResult = { code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };
    switch (verb) {
      case 'query': {
        if (!this.keys.has(id)) return missing;
        if (args[2] !== '/ve') return { code: 0, stdout: `\r\n${key}\r\n`, stderr: '' };
        const value = this.keys.get(id);
        if (value === null || value === undefined) return missing;
        return { code: 0, stdout: `\r\n${key}\r\n    (既定)    REG_SZ    ${value}\r\n\r\n`, stderr: '' };
      }
      case 'add':
        if (this.failAdd) return { code: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' };
        this.keys.set(id, args[args.indexOf('/d') + 1] ?? '');
        return { code: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };
      case 'delete':
        if (!this.keys.has(id)) return missing;
        this.keys.delete(id);
        return { code: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };
      default:
        return { code: 1, stdout: '', stderr: 'ERROR: Invalid syntax.\r\n' };
    }
  }
}

export function context(
  world: TempWorld,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv = {},
  exec: Executor = noExec,
  runtime: Partial<SystemContext['runtime']> = {},
): SystemContext {
  return {
    platform,
    env: { PATH: '', ...env, HOME: world.home },
    home: world.home,
    exec,
    runtime: { execPath: process.execPath, scriptPath: world.bundle, isSea: false, ...runtime },
  };
}

export interface CapturedIO extends CliIO {
  out: string;
  err: string;
}

export function captureIO(): CapturedIO {
  const io: CapturedIO = {
    out: '',
    err: '',
    readStdin: async () => Buffer.alloc(0),
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    now: () => new Date('2026-01-15T00:00:00Z'),
  };
  return io;
}
