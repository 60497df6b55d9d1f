/**
 * `npm run build:sea`: the native host as a Node single executable application (SEA) for this machine's OS and CPU,
 * dist/native-host/weborca-cert-<os>-<arch> (here: weborca-cert-linux-x64). No download: the executable is a copy of
 * the Node that runs this script, with the host's code injected as a blob (https://nodejs.org/api/single-executable-applications.html).
 *
 *   1. esbuild → one CommonJS file (a SEA's main script must be CommonJS and may require() only built-in modules);
 *   2. `node --experimental-sea-config` → the preparation blob;
 *   3. copy process.execPath, inject the blob with postject under the documented sentinel fuse.
 *
 * Windows and macOS executables are built the same way, on those systems, with their own Node (README「インストール」):
 * this script also runs the codesign steps macOS needs; it has run for real on Linux only.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentExtensionId } from './extension-id';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** weborca-cert-linux-x64, weborca-cert-darwin-arm64, weborca-cert-win32-x64.exe */
export function seaFileName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `weborca-cert-${platform}-${arch}${platform === 'win32' ? '.exe' : ''}`;
}

export const SEA_PATH = join(root, 'dist', 'native-host', seaFileName());

async function buildSea(): Promise<string> {
  // A private work folder and partial file: two builds at once (CI, a benchmark, a developer) never share one.
  const work = mkdtempSync(join(tmpdir(), 'weborca-sea-'));
  mkdirSync(dirname(SEA_PATH), { recursive: true });
  // Write to a temp name and rename: a half-written executable must never sit under the final name.
  const partial = `${SEA_PATH}.${process.pid}.partial`;
  try {
    const main = join(work, 'weborca-cert.cjs');
    const blob = join(work, 'weborca-cert.blob');

    await build({
      entryPoints: [join(root, 'native-host', 'src', 'main.ts')],
      outfile: main,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: false,
      legalComments: 'eof',
      // The same facts the .mjs bundle bakes in (scripts/build-host.ts): the two must behave alike.
      define: {
        __HOST_VERSION__: JSON.stringify(pkg.version),
        __DEV_EXTENSION_ID__: JSON.stringify(developmentExtensionId()),
      },
      // The host code uses no import.meta; a dependency that did would get `{}` here and break: fail the build instead.
      logOverride: { 'empty-import-meta': 'error' },
      logLevel: 'warning',
    });

    const seaConfig = {
      main,
      output: blob,
      // The host's stderr is the browser's log and the CLI's error stream: no "experimental feature" banner in either.
      disableExperimentalSEAWarning: true,
      // V8 code cache: faster start (the browser starts the host on every renewal); valid for this very Node binary.
      useCodeCache: true,
    };
    const configPath = join(work, 'sea-config.json');
    writeFileSync(configPath, JSON.stringify(seaConfig, null, 2));
    runQuietly(process.execPath, ['--experimental-sea-config', configPath]);

    copyFileSync(process.execPath, partial);
    chmodSync(partial, 0o755);
    const postject = join(root, 'node_modules', 'postject', 'dist', 'cli.js');
    const macos = process.platform === 'darwin';
    // macOS: Node's own signature must go before the injection, and an arm64 binary must be signed to run at all
    // (ad hoc here; a vendor re-signs with its Developer ID and notarizes). Windows: postject warns that the copied
    // signature is now invalid; the vendor signs the .exe with signtool afterwards (README「インストール」).
    if (macos) runQuietly('codesign', ['--remove-signature', partial]);
    runQuietly(process.execPath, [postject, partial, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE, ...(macos ? ['--macho-segment-name', 'NODE_SEA'] : [])]);
    if (macos) runQuietly('codesign', ['--sign', '-', partial]);
    renameSync(partial, SEA_PATH);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  return SEA_PATH;
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
  const path = await buildSea();
  console.log(`native host (single executable): ${path} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export { buildSea };
