/**
 * Sizes of what ships, in bytes, read from the built files: the extension's scripts found the way Chrome finds them
 * (manifest.json → content_scripts, background.service_worker → the loader's import, action.default_popup → its
 * script), and the host bundle. Builds first when the output is missing or older than its sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { type BenchResult, result } from './measure';

export const CONTENT_SCRIPT_TARGET_BYTES = 15 * 1024;

interface Manifest {
  background?: { service_worker?: string };
  action?: { default_popup?: string };
  content_scripts?: Array<{ matches?: string[]; js?: string[] }>;
}

export function paths(root: string): { extension: string; manifest: string; hostBundle: string } {
  const extension = join(root, 'dist', 'extension');
  return { extension, manifest: join(extension, 'manifest.json'), hostBundle: join(root, 'dist', 'native-host', 'weborca-cert.mjs') };
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** `npm run build` when dist/extension or the host bundle is missing, or older than a source it is built from. */
export function ensureBuilt(root: string, log: (line: string) => void, force = false): void {
  const { manifest, hostBundle } = paths(root);
  const outputs = [manifest, hostBundle];
  const sources = ['src', 'native-host', 'public', 'manifest.json', 'popup.html', 'options.html', 'vite.config.ts', 'scripts/build-host.ts'];
  let why = force ? 'asked to' : '';
  if (!why && !outputs.every((file) => existsSync(file))) why = 'output missing';
  if (!why) {
    const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
    const changed = Math.max(...sources.map((source) => newestMtime(join(root, source))));
    if (changed > built) why = 'sources newer than dist';
  }
  if (!why) return;
  log(`building (${why}): npm run build`);
  try {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
  }
}

/** Static imports of an ES module (`import … from "./x.js"`, `import "./x.js"`), resolved within the extension. */
function staticImports(extension: string, file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+)["']/g)) {
    const spec = match[1]!;
    if (spec.startsWith('/')) found.push(join(extension, spec));
    else if (spec.startsWith('./') || spec.startsWith('../')) found.push(join(dirname(file), spec));
  }
  return found;
}

/** The files and everything they statically import, each once: what loading it costs. Dynamic import() is lazy. */
function closureBytes(extension: string, entries: readonly string[]): { bytes: number; files: number } {
  const seen = new Set<string>();
  const queue = [...entries];
  let bytes = 0;
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    bytes += statSync(file).size;
    queue.push(...staticImports(extension, file));
  }
  return { bytes, files: seen.size };
}

export function benchSizes(root: string, log: (line: string) => void): BenchResult[] {
  const { extension, manifest: manifestPath, hostBundle } = paths(root);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const rel = (file: string): string => relative(root, file).split('\\').join(posix.sep);
  const results: BenchResult[] = [];

  for (const entry of manifest.content_scripts ?? []) {
    const isWebOrca = (entry.matches ?? []).some((pattern) => pattern.includes('weborca'));
    for (const js of entry.js ?? []) {
      const file = join(extension, js);
      log(`  content script (${isWebOrca ? 'WebORCA' : 'ORCAMO'}): ${rel(file)}`);
      results.push(
        result(`size: content script (${isWebOrca ? 'WebORCA' : 'ORCAMO'})`, statSync(file).size, 'bytes', {
          target: isWebOrca ? CONTENT_SCRIPT_TARGET_BYTES : null,
        }),
      );
    }
  }

  const loaderName = manifest.background?.service_worker;
  if (!loaderName) throw new Error('manifest.json has no background.service_worker');
  const loader = join(extension, loaderName);
  const [worker] = staticImports(extension, loader);
  if (!worker) throw new Error(`${rel(loader)} imports nothing`);
  const workerAll = closureBytes(extension, [worker]);
  log(`  service worker: ${rel(loader)} → ${rel(worker)} (${workerAll.files} file(s) with its imports)`);
  results.push(result('size: service worker', statSync(worker).size, 'bytes'));
  if (workerAll.files > 1) results.push(result('size: service worker + imports', workerAll.bytes, 'bytes'));

  const popupName = manifest.action?.default_popup;
  if (!popupName) throw new Error('manifest.json has no action.default_popup');
  const html = readFileSync(join(extension, popupName), 'utf8');
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => join(extension, m[1]!));
  if (scripts.length === 0) throw new Error(`${popupName} loads no script`);
  const popupEntry = scripts.reduce((sum, file) => sum + statSync(file).size, 0);
  const popupAll = closureBytes(extension, scripts).bytes;
  log(`  popup: ${popupName} → ${scripts.map(rel).join(', ')}`);
  results.push(result('size: popup JS', popupEntry, 'bytes'));
  if (popupAll !== popupEntry) results.push(result('size: popup JS + imports', popupAll, 'bytes'));

  log(`  host bundle: ${rel(hostBundle)}`);
  results.push(result('size: host bundle', statSync(hostBundle).size, 'bytes'));
  return results;
}
