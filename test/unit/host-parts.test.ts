/**
 * The built file's parts (scripts/host-bundle.ts, native-host/src/part-runner.ts), run as a user runs them
 * (`npm run build:host` first): `--help`, `--version` and an unknown command load no part; `inspect` loads its own
 * and leaves V8's code cache in the user's cache folder, which the next run uses. The cache changes nothing but the
 * time: a damaged or rejected one is replaced, a cache folder that cannot be written is no error, and one that
 * others may write to is not used.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOST_BIN } from '../helpers/host-process';
import { codeCacheDir } from '../../native-host/src/paths';
import { PARTS_COMMENT, partsAfterScript } from '../../native-host/src/part-runner';

/** A legacy Windows export (3DES/RC2-40) with the NULL password: the reader's slowest path, no password to pass. */
const VECTOR = join(import.meta.dirname, '../fixtures/windows-pfx/windows-azure-tools-null-password.p12');

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'weborca-host-parts-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the built CLI in English with the given cache folder ($XDG_CACHE_HOME). */
function cli(args: string[], cacheHome: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [HOST_BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: cacheHome, LC_ALL: 'en_US.UTF-8' },
    input: '',
    encoding: 'utf8',
    cwd: home,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cacheFiles(cacheHome: string): string[] {
  try {
    return readdirSync(join(cacheHome, 'weborca-cert')).sort();
  } catch {
    return [];
  }
}

function hasValidChecksum(file: Buffer): boolean {
  return file.length > 4 && file.readUInt32LE(0) === crc32(file.subarray(4));
}

describe('the built host loads a part only for the command that needs it', () => {
  test('--help, --version and an unknown command inflate no part (so leave no code cache)', () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    expect(cli(['--help'], cacheHome).code).toBe(0);
    expect(cli(['--version'], cacheHome).code).toBe(0);
    expect(cli(['no-such-command'], cacheHome).code).toBe(2);
    // Names Object.prototype carries are unknown commands too, not a crash.
    for (const name of ['constructor', 'toString', '__proto__']) {
      const result = cli([name], cacheHome);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toContain('Unknown command');
    }
    expect(cacheFiles(cacheHome)).toEqual([]);
  });

  test('the parts ride in the comment the file ends with, so a start never scans them as a literal', () => {
    const script = readFileSync(HOST_BIN, 'latin1');
    const comment = script.lastIndexOf(PARTS_COMMENT);
    expect(comment).toBeGreaterThan(0);
    expect(script.indexOf('"payload"')).toBeGreaterThan(comment);
    expect(script.trimEnd().endsWith('*/')).toBe(true);
    // ASCII only, so V8 gets a one-byte source (one Japanese character in a comment would double the file it scans).
    expect(script).not.toMatch(/[^\x00-\x7f]/);
    expect(Object.keys(partsAfterScript(script))).toEqual(expect.arrayContaining(['inspect', 'heavy']));
    // A file cut short (a broken copy) says what to do instead of crashing on half a JSON.
    expect(() => partsAfterScript(script.slice(0, comment + 1000))).toThrow(/reinstall/);
  });

  test('inspect runs from its own part: its code caches are written at exit, private, and the next run uses them', () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    const first = cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const files = cacheFiles(cacheHome);
    // The inspect part and the chunks it shares with the heavy part; nothing of the heavy part itself.
    for (const name of files) expect(name).toMatch(new RegExp(`^[\\w-]+-[0-9a-f]{32}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    expect(files.filter((name) => name.startsWith('inspect-'))).toHaveLength(1);
    expect(files.filter((name) => name.startsWith('heavy-'))).toEqual([]);
    for (const name of files) expect(statSync(join(cacheHome, 'weborca-cert', name)).mode & 0o777).toBe(0o600);
    expect(statSync(join(cacheHome, 'weborca-cert')).mode & 0o777).toBe(0o700);

    const written = files.map((name) => statSync(join(cacheHome, 'weborca-cert', name)).mtimeMs);
    const second = cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome);
    expect(second).toEqual(first);
    // Accepted by V8, so not written again.
    expect(cacheFiles(cacheHome)).toEqual(files);
    expect(files.map((name) => statSync(join(cacheHome, 'weborca-cert', name)).mtimeMs)).toEqual(written);
  });

  test('a damaged code cache is never given to V8 (its CRC-32 fails) and is replaced; the output is the same', () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    const clean = cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome);
    // The largest: the reader's.
    const file = cacheFiles(cacheHome)
      .map((name) => join(cacheHome, 'weborca-cert', name))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
    const damaged = readFileSync(file);
    damaged[damaged.length >> 1]! ^= 0xff;
    writeFileSync(file, damaged);
    expect(cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome)).toEqual(clean);
    expect(readFileSync(file).equals(damaged)).toBe(false);
    expect(hasValidChecksum(readFileSync(file))).toBe(true);
  });

  test('a code cache V8 rejects (made from other code) is replaced; the output is the same', () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    const clean = cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome);
    expect(cli(['policy', '--format', 'json'], cacheHome).code).toBe(0);
    const named = (prefix: string): string =>
      join(
        cacheHome,
        'weborca-cert',
        cacheFiles(cacheHome).find((name) => name.startsWith(prefix))!,
      );
    const [heavy, inspect] = [named('heavy-'), named('inspect-')];
    // The heavy part's code under inspect's name, with a CRC-32 that matches: only V8 can tell.
    const foreign = readFileSync(heavy).subarray(4);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(crc32(foreign));
    writeFileSync(inspect, Buffer.concat([header, foreign]));
    expect(cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome)).toEqual(clean);
    const replaced = readFileSync(inspect);
    expect(replaced.subarray(4).equals(foreign)).toBe(false);
    expect(hasValidChecksum(replaced)).toBe(true);
  });

  test("writing caches removes this Node's caches of code no longer in the file, and leaves other Nodes' alone", () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    mkdirSync(join(cacheHome, 'weborca-cert'), { recursive: true });
    const stale = `inspect-${'0'.repeat(32)}-${process.version}-${process.arch}.v8cache`;
    const otherNode = `inspect-${'0'.repeat(32)}-v0.0.1-${process.arch}.v8cache`;
    for (const name of [stale, otherNode]) writeFileSync(join(cacheHome, 'weborca-cert', name), 'old');
    expect(cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome).code).toBe(0);
    const names = cacheFiles(cacheHome);
    expect(names).not.toContain(stale);
    expect(names).toContain(otherNode);
  });

  test('a cache folder others may write to is not used: code from it would run as this user', () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    const folder = join(cacheHome, 'weborca-cert');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const reference = cli(['inspect', VECTOR, '--password-stdin', '--json'], mkdtempSync(join(home, 'cache-')));
    expect(cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome)).toEqual(reference);
    expect(cacheFiles(cacheHome)).toEqual([]);
  });

  test('a cache folder that cannot be made is no error', () => {
    const notADir = join(home, 'a-file');
    writeFileSync(notADir, 'x');
    const reference = cli(['inspect', VECTOR, '--password-stdin', '--json'], mkdtempSync(join(home, 'cache-')));
    expect(cli(['inspect', VECTOR, '--password-stdin', '--json'], notADir)).toEqual(reference);
  });

  test("the heavy part keeps its own code caches beside inspect's", () => {
    const cacheHome = mkdtempSync(join(home, 'cache-'));
    expect(cli(['inspect', VECTOR, '--password-stdin', '--json'], cacheHome).code).toBe(0);
    expect(cli(['policy', '--format', 'json'], cacheHome).code).toBe(0);
    const names = cacheFiles(cacheHome);
    expect(names.filter((name) => name.startsWith('heavy-') || name.startsWith('inspect-')).map((name) => name.split('-')[0])).toEqual(['heavy', 'inspect']);
  });

  test('the cache folder, by OS; none when the home folder belongs to someone else (sudo keeping HOME)', () => {
    const me = statSync(home).uid;
    expect(codeCacheDir({ HOME: home }, 'linux', me)).toBe(join(home, '.cache', 'weborca-cert'));
    expect(codeCacheDir({ HOME: home, XDG_CACHE_HOME: '/x/cache' }, 'linux', me)).toBe(join('/x/cache', 'weborca-cert'));
    expect(codeCacheDir({ HOME: home }, 'darwin', me)).toBe(join(home, 'Library', 'Caches', 'WebORCA Cert Companion'));
    expect(codeCacheDir({ HOME: home, LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', undefined)).toBe(
      join('C:\\Users\\u\\AppData\\Local', 'WebORCA Cert Companion', 'code-cache'),
    );
    expect(codeCacheDir({ HOME: home }, 'linux', me + 1)).toBeNull();
    expect(codeCacheDir({ HOME: join(home, 'missing') }, 'linux', me)).toBeNull();
  });
});
