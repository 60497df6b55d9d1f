/**
 * Sizes of what ships, in bytes, read from the built files: the extension's parts found the way Chrome finds them
 * (manifest.json → content_scripts; background.service_worker → the loader and what it imports; action.default_popup →
 * its HTML and the scripts and stylesheets it loads), the host (bundle and single executable) and the packaged zips.
 *
 * References, where an honest one exists: the single executable against the Node binary it is made of (what our code
 * adds to Node); each zip against the bytes of the files it holds (what compression saves). The content-script
 * budget (15 KB) is a target, not a reference. gzip sizes are printed for the scripts, for a sense of the transfer
 * size, but the browser loads the raw bytes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BenchPaths, packageZip } from './builds';
import { type BenchResult, result, unmeasured } from './measure';

export const CONTENT_SCRIPT_TARGET_BYTES = 15 * 1024;

interface Manifest {
  background?: { service_worker?: string };
  action?: { default_popup?: string };
  content_scripts?: Array<{ matches?: string[]; js?: string[] }>;
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

/** The files and everything they statically import, each once: what loading them costs. Dynamic import() is lazy. */
function closure(extension: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...staticImports(extension, file));
  }
  return [...seen];
}

const bytesOf = (files: readonly string[]): number => files.reduce((sum, file) => sum + statSync(file).size, 0);
const gzipOf = (files: readonly string[]): number => files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);

/** Entries and uncompressed bytes of a zip, from its central directory (no unpacking). */
export function zipContents(file: string): { entries: number; bytes: number } {
  const zip = readFileSync(file);
  const END_OF_DIRECTORY = 0x06054b50;
  const DIRECTORY_ENTRY = 0x02014b50;
  // The end record is 22 bytes plus a comment of at most 65535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) !== END_OF_DIRECTORY) continue;
    const entries = zip.readUInt16LE(at + 10);
    let offset = zip.readUInt32LE(at + 16);
    let bytes = 0;
    for (let i = 0; i < entries; i++) {
      if (zip.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw new Error(`${file}: broken central directory`);
      bytes += zip.readUInt32LE(offset + 24);
      offset += 46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    }
    return { entries, bytes };
  }
  throw new Error(`${file} is not a zip file`);
}

export const SIZE_FIGURES = {
  contentWebOrca: 'size: content script (WebORCA)',
  contentOrcamo: 'size: content script (ORCAMO)',
  worker: 'size: service worker (loader + the chunks it imports)',
  popup: 'size: popup (HTML + the JS and CSS it loads)',
  hostBundle: 'size: host bundle (weborca-cert.mjs)',
  hostSea: 'size: host single executable (vs the node binary)',
  zip: (browser: 'chrome' | 'firefox'): string => `size: package zip, ${browser} (vs its files unpacked)`,
};

export function benchSizes(paths: BenchPaths, missing: { sea: string | null; packages: string | null }, log: (line: string) => void): BenchResult[] {
  const { extension, root } = paths;
  const manifest = JSON.parse(readFileSync(join(extension, 'manifest.json'), 'utf8')) as Manifest;
  const rel = (file: string): string => relative(root, file).split('\\').join(posix.sep);
  const results: BenchResult[] = [];

  for (const entry of manifest.content_scripts ?? []) {
    const isWebOrca = (entry.matches ?? []).some((pattern) => pattern.includes('weborca'));
    const files = (entry.js ?? []).map((js) => join(extension, js));
    log(`  content script (${isWebOrca ? 'WebORCA' : 'ORCAMO'}): ${files.map(rel).join(', ')}, gzip ${gzipOf(files)} B`);
    results.push(
      result(isWebOrca ? SIZE_FIGURES.contentWebOrca : SIZE_FIGURES.contentOrcamo, bytesOf(files), 'bytes', {
        target: isWebOrca ? CONTENT_SCRIPT_TARGET_BYTES : null,
      }),
    );
  }

  const loaderName = manifest.background?.service_worker;
  if (!loaderName) throw new Error('manifest.json has no background.service_worker');
  const worker = closure(extension, [join(extension, loaderName)]);
  log(`  service worker: ${worker.map(rel).join(', ')}, gzip ${gzipOf(worker)} B`);
  results.push(result(SIZE_FIGURES.worker, bytesOf(worker), 'bytes'));

  const popupName = manifest.action?.default_popup;
  if (!popupName) throw new Error('manifest.json has no action.default_popup');
  const popupHtml = join(extension, popupName);
  const html = readFileSync(popupHtml, 'utf8');
  const loaded = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ].map((src) => (src.startsWith('/') ? join(extension, src) : join(dirname(popupHtml), src)));
  if (loaded.length === 0) throw new Error(`${popupName} loads nothing`);
  const popup = [popupHtml, ...closure(extension, loaded).filter((file) => file !== popupHtml)];
  log(`  popup: ${popup.length} files (${popup.filter((f) => f.endsWith('.css')).length} CSS), gzip ${gzipOf(popup)} B`);
  results.push(result(SIZE_FIGURES.popup, bytesOf(popup), 'bytes'));

  log(`  host bundle: ${rel(paths.hostBundle)}`);
  results.push(result(SIZE_FIGURES.hostBundle, statSync(paths.hostBundle).size, 'bytes'));
  if (missing.sea === null && existsSync(paths.hostSea)) {
    log(`  single executable: ${rel(paths.hostSea)} (node binary: ${process.execPath})`);
    results.push(result(SIZE_FIGURES.hostSea, statSync(paths.hostSea).size, 'bytes', { reference: statSync(process.execPath).size }));
  } else {
    results.push(unmeasured(SIZE_FIGURES.hostSea, 'bytes', missing.sea ?? `${rel(paths.hostSea)} missing`));
  }

  for (const browser of ['chrome', 'firefox'] as const) {
    const zip = packageZip(paths, browser);
    if (!existsSync(zip)) {
      results.push(unmeasured(SIZE_FIGURES.zip(browser), 'bytes', missing.packages ?? `${rel(zip)} missing`));
      continue;
    }
    const contents = zipContents(zip);
    log(`  ${rel(zip)}: ${contents.entries} files`);
    results.push(result(SIZE_FIGURES.zip(browser), statSync(zip).size, 'bytes', { reference: contents.bytes }));
  }
  return results;
}
