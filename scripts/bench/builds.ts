/**
 * What the bench measures, built when missing or older than its sources, so that `npm ci && npm run bench` works on a
 * fresh clone. The extension is built into the bench's own folders (dist/bench/extension, production, for sizes;
 * dist/bench/extension-test, the simulator-matching test flavour, for the browser figures) so a bench run never
 * rewrites the dist/extension* folders that tests and other people use. The host bundle, the single executable and
 * the packages are built by their own npm scripts, where those scripts exist; what cannot be built is reported (the
 * figures that need it are then listed as not measured, with this reason).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type BuildMode = 'auto' | 'always' | 'never';

export interface BenchPaths {
  root: string;
  /** Production flavour, as shipped: sizes. */
  extension: string;
  /** Test flavour (also matches https://*.localhost/*): the browser figures. */
  extensionTest: string;
  hostBundle: string;
  /** The host as a single executable for this OS and CPU (`npm run build:sea`). */
  hostSea: string;
  packages: string;
  version: string;
}

export interface BuildReport {
  /** Why the single executable is missing, or null when it is there. */
  seaMissing: string | null;
  /** Why the packaged zips are missing, or null when `npm run package` produced (or had produced) them. */
  packagesMissing: string | null;
}

export function benchPaths(root: string): BenchPaths {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const sea = `weborca-cert-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`;
  return {
    root,
    extension: join(root, 'dist', 'bench', 'extension'),
    extensionTest: join(root, 'dist', 'bench', 'extension-test'),
    hostBundle: join(root, 'dist', 'native-host', 'weborca-cert.mjs'),
    hostSea: join(root, 'dist', 'native-host', sea),
    packages: join(root, 'dist', 'packages'),
    version: pkg.version,
  };
}

/** dist/packages/weborca-cert-companion-<browser>-<version>.zip */
export function packageZip(paths: BenchPaths, browser: 'chrome' | 'firefox'): string {
  return join(paths.packages, `weborca-cert-companion-${browser}-${paths.version}.zip`);
}

const EXTENSION_SOURCES = ['src', 'public', 'manifest.json', 'popup.html', 'options.html', 'offscreen.html', 'vite.config.ts', 'package.json'];
const HOST_SOURCES = ['native-host', 'src/lib', 'scripts/build-host.ts', 'package.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why `output` needs building ('' when it does not). */
function staleness(root: string, output: string, sources: readonly string[], mode: BuildMode): string {
  if (mode === 'never') return '';
  if (mode === 'always') return 'asked to';
  if (!existsSync(output)) return 'missing';
  const built = statSync(output).mtimeMs;
  return sources.some((source) => newestMtime(join(root, source)) > built) ? 'sources newer' : '';
}

function run(root: string, command: string, args: readonly string[]): void {
  try {
    execFileSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message?: string };
    const output = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim() || e.message || String(error);
    throw new Error(`${command} ${args.join(' ')} failed:\n${output.split('\n').slice(-15).join('\n')}`);
  }
}

function hasNpmScript(root: string, name: string): boolean {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return typeof pkg.scripts?.[name] === 'string';
}

/** Builds what is missing or stale; throws only when a part every figure needs (host, extension) cannot be built. */
export function prepareBuilds(paths: BenchPaths, mode: BuildMode, log: (line: string) => void): BuildReport {
  const { root } = paths;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

  let why = staleness(root, paths.hostBundle, HOST_SOURCES, mode);
  if (why) {
    log(`building the host (${why}): npm run build:host`);
    run(root, 'npm', ['run', '--silent', 'build:host']);
  }
  for (const [dir, flavour] of [
    [paths.extension, 'production'],
    [paths.extensionTest, 'test'],
  ] as const) {
    why = staleness(root, join(dir, 'manifest.json'), EXTENSION_SOURCES, mode);
    if (!why) continue;
    log(`building the extension, ${flavour} flavour (${why}) → ${dir}`);
    run(root, process.execPath, [vite, 'build', ...(flavour === 'test' ? ['--mode', 'test'] : []), '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn']);
  }
  for (const path of [paths.hostBundle, join(paths.extension, 'manifest.json'), join(paths.extensionTest, 'manifest.json')]) {
    if (!existsSync(path)) throw new Error(`${path} is missing (run without --no-build)`);
  }

  const seaMissing = optionalBuild(
    paths,
    'build:sea',
    [paths.hostSea],
    [...HOST_SOURCES, 'scripts/build-sea.ts'].map((s) => join(root, s)),
    mode,
    log,
  );
  const zips = [packageZip(paths, 'chrome'), packageZip(paths, 'firefox')];
  const packagesMissing = optionalBuild(
    paths,
    'package',
    zips,
    EXTENSION_SOURCES.map((s) => join(root, s)),
    mode,
    log,
  );
  return { seaMissing, packagesMissing };
}

/**
 * Runs `npm run <script>` when one of `outputs` is missing (or always with --build); returns why an output is still
 * missing afterwards, or null. Outputs that are there but older than their sources are measured as they are, with a
 * note: these scripts rewrite files other people's tests use (dist/native-host, dist/packages), so the bench only
 * fills gaps unless asked to rebuild.
 */
function optionalBuild(
  paths: BenchPaths,
  script: string,
  outputs: readonly string[],
  sources: readonly string[],
  mode: BuildMode,
  log: (line: string) => void,
): string | null {
  const missing = (): string[] => outputs.filter((file) => !existsSync(file));
  const why = mode === 'always' ? 'asked to' : mode === 'auto' && missing().length > 0 ? 'missing' : '';
  if (why) {
    if (!hasNpmScript(paths.root, script)) return `missing, and package.json has no "${script}" script to build it`;
    log(`npm run ${script} (${why})`);
    try {
      run(paths.root, 'npm', ['run', '--silent', script]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`  ${reason}`);
      if (missing().length > 0) return `npm run ${script} failed: ${reason.split('\n').slice(-1)[0]}`;
      log('  measuring the previous build instead');
    }
  } else if (mode === 'auto') {
    const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
    if (sources.some((source) => newestMtime(source) > built)) {
      log(`  note: the output of npm run ${script} is older than its sources; measuring it as it is (--build rebuilds it)`);
    }
  }
  const still = missing();
  return still.length > 0
    ? `${still.map((f) => f.slice(paths.root.length + 1)).join(', ')} missing${mode === 'never' ? ' (--no-build)' : ` after npm run ${script}`}`
    : null;
}
