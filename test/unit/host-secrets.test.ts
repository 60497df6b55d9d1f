/**
 * Secrets never touch the disk, even on a crash (issue 12), with the built host, real NSS and real process kills.
 * pk12util is slowed down by a wrapper on PATH so that the import can be watched and killed while it runs:
 *  - while it runs, no process's command line or environment and no file under HOME or the temp folders holds the
 *    password; pk12util reads our one-time re-wrap from a descriptor whose file has no name any more, and the
 *    one-time password from a real pipe;
 *  - SIGKILL mid-import leaves nothing behind after the next start (which also sweeps stale folders of dead
 *    processes, and only those); SIGTERM mid-import stops pk12util too, writes nothing, leaves nothing;
 *  - stdin closed mid-import: the import is answered, then the host leaves, clean.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readPkcs12 } from '../../src/lib/pkcs12/index';
import { removeLiveSecretDirsSync, withSecretDir } from '../../native-host/src/secret-files';
import { createHostWorld, type HostWorld } from '../helpers/host-world';
import { frame, startHost, type HostRun } from '../helpers/host-process';
import type { IssuedIdentity } from '../simulator/index';

let world: HostWorld;
let bin: string;
let pidFile: string;
const PARENTS = [tmpdir(), '/dev/shm'].filter((dir) => existsSync(dir));

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(safeRead(`/proc/${pid}/status`));
function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
const ours = (pid: number): string[] =>
  PARENTS.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.startsWith(`weborca-cert-${pid}-`))
      .map((name) => join(dir, name)),
  );
const keyCount = (): number =>
  execFileSync('certutil', ['-K', '-d', `sql:${world.db}`, '-f', '/dev/null'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /^<\s*\d+>/.test(line)).length;

async function until<T>(probe: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function startImport(identity: IssuedIdentity, delay: number): HostRun {
  rmSync(pidFile, { force: true });
  const host = startHost(undefined, { ...world.env, PATH: `${bin}:${process.env.PATH}`, PK12UTIL_DELAY: String(delay), WRAPPER_PID_FILE: pidFile });
  host.write(frame({ id: 'imp', type: 'import', p12: identity.p12.toString('base64'), password: identity.password, fileName: identity.fileName }));
  return host;
}
/**
 * A replacement newer than every earlier one of this file (each import that got as far as the proof is verified, and
 * a replacement must expire later): notAfter is now + 3 years in whole seconds, so a second apart is enough.
 */
async function nextReplacement(): Promise<IssuedIdentity> {
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  return world.pki.issueClient({});
}
const wrapperPid = (): Promise<number> => until(() => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) || null : null));

beforeAll(async () => {
  world = await createHostWorld();
  // pk12util, slowed down: it records its pid (kept by exec), waits, then is the real pk12util.
  const real = execFileSync('sh', ['-c', 'command -v pk12util'], { encoding: 'utf8' }).trim();
  bin = mkdtempSync(join(tmpdir(), 'weborca-slow-bin-'));
  pidFile = join(bin, 'pk12util.pid');
  writeFileSync(join(bin, 'pk12util'), `#!/bin/sh\necho $$ > "$WRAPPER_PID_FILE"\nsleep "$PK12UTIL_DELAY"\nexec ${real} "$@"\n`);
  chmodSync(join(bin, 'pk12util'), 0o755);
}, 120_000);
afterAll(async () => {
  await world?.close();
  rmSync(bin, { recursive: true, force: true });
});

describe('while an import runs', () => {
  test('the password is in no command line, no environment, no file; pk12util reads an unnamed file and a pipe', async () => {
    const renewed = await world.pki.issueClient({});
    const host = startImport(renewed, 1.5);
    const leaks: string[] = [];
    let sampling = true;
    const sample = (): void => {
      for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
        for (const what of ['cmdline', 'environ']) if (safeRead(`/proc/${pid}/${what}`).includes(renewed.password)) leaks.push(`${what} of ${pid}`);
      }
      for (const dir of PARENTS) {
        for (const name of readdirSync(dir).filter((entry) => entry.startsWith('weborca-cert-'))) {
          try {
            for (const file of readdirSync(join(dir, name))) if (safeRead(join(dir, name, file)).includes(renewed.password)) leaks.push(join(dir, name, file));
          } catch {
            // Gone already.
          }
        }
      }
    };
    const sampler = (async () => {
      while (sampling) {
        sample();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const pid = await wrapperPid();
    const file = readlinkSync(`/proc/${pid}/fd/3`);
    expect(file).toMatch(/^\/.*weborca-cert-\d+-\w{6}\/data \(deleted\)$/);
    expect(readlinkSync(`/proc/${pid}/fd/0`)).toMatch(/^pipe:/);
    expect(existsSync(file.replace(/ \(deleted\)$/, ''))).toBe(false);
    // What pk12util reads is our re-wrap: the user's password does not open it.
    const handed = readFileSync(`/proc/${pid}/fd/3`);
    expect((await readPkcs12(new Uint8Array(handed), renewed.password)).ok).toBe(false);
    expect(handed.includes(Buffer.from(renewed.password))).toBe(false);

    const [reply] = await host.replies(1, 60_000);
    sampling = false;
    await sampler;
    host.end();
    await host.exited();
    host.cleanup();
    expect(reply).toMatchObject({ id: 'imp', ok: true });
    expect(leaks).toEqual([]);
    expect(ours(host.child.pid!)).toEqual([]);
    const grep = (() => {
      try {
        return execFileSync('grep', ['-rl', renewed.password, world.home], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    expect(grep).toBe('');
  });
});

describe('killed mid-import', () => {
  test('SIGKILL: nothing left after the next start, which sweeps only the folders of dead processes', async () => {
    const renewed = await nextReplacement();
    const host = startImport(renewed, 3);
    const pid = await wrapperPid();
    const hostPid = host.child.pid!;
    host.child.kill('SIGKILL');
    await host.exited().catch(() => undefined);
    host.cleanup();
    expect(ours(hostPid)).toEqual([]);

    // What a crash at a worse moment (or an older version) could have left, and what must stay.
    const planted = (name: string, ageMs = 0): string => {
      const dir = join(tmpdir(), name);
      mkdirSync(dir, { mode: 0o700 });
      writeFileSync(join(dir, 'password'), 'secret', { mode: 0o600 });
      if (ageMs) utimesSync(dir, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
      return dir;
    };
    const dead = planted(`weborca-cert-${hostPid}-aB3dE9`);
    const live = planted(`weborca-cert-${process.pid}-aB3dE9`);
    const legacyOld = planted('weborca-cert-Zz9Yy8', 3_600_000);
    const legacyNew = planted('weborca-cert-Zz9Yy7');
    try {
      const next = startHost(undefined, world.env);
      next.write(frame({ id: 'h', type: 'hello' }));
      next.end();
      expect((await next.exited()).code).toBe(0);
      next.cleanup();
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(legacyOld)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(legacyNew)).toBe(true);
    } finally {
      for (const dir of [dead, live, legacyOld, legacyNew]) rmSync(dir, { recursive: true, force: true });
    }
    // The orphaned pk12util finishes on its own (it has everything it needs, nothing named on disk).
    await until(() => !alive(pid), 30_000);
  });

  test('SIGTERM (a browser dropping the port): the host stops pk12util, writes nothing, leaves nothing', async () => {
    const keys = keyCount();
    const renewed = await nextReplacement();
    const host = startImport(renewed, 5);
    const pid = await wrapperPid();
    const started = Date.now();
    host.child.kill('SIGTERM');
    const result = await host.exited(10_000);
    host.cleanup();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.code).toBe(143);
    await until(() => !alive(pid), 5_000);
    expect(ours(host.child.pid!)).toEqual([]);
    expect(keyCount()).toBe(keys);
  });

  test('stdin closed mid-import: the import is answered, then the host leaves clean', async () => {
    const renewed = await nextReplacement();
    const host = startImport(renewed, 1);
    host.end();
    const result = await host.exited(60_000);
    host.cleanup();
    expect(result.code).toBe(0);
    expect(result.replies).toEqual([expect.objectContaining({ id: 'imp', ok: true })]);
    expect(ours(host.child.pid!)).toEqual([]);
  });
});

describe('secret folders (macOS and Windows stores need a named file)', () => {
  test("are 0700, named with the owning pid, and removed by the signal handlers' cleanup", async () => {
    let seen = '';
    let release = (): void => {};
    const running = withSecretDir(async (dir) => {
      await dir.write('password', 'secret');
      // Only now: seen before the write resolved, the test could release before there was a release to call.
      await new Promise<void>((resolve) => {
        release = resolve;
        seen = dir.path;
      });
    });
    await until(() => seen);
    expect(seen).toMatch(new RegExp(`weborca-cert-${process.pid}-\\w{6}$`));
    expect(lstatSync(seen).mode & 0o777).toBe(0o700);
    expect(statSync(join(seen, 'password')).mode & 0o777).toBe(0o600);
    removeLiveSecretDirsSync();
    expect(existsSync(seen)).toBe(false);
    release();
    await running;
  });
});
