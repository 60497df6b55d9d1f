/**
 * How the host's code becomes one file that starts as fast as Node itself: the small core (the serving loop,
 * `hello`, the caller check, the CLI's command table) as plain code, and the rest in parts (native-host/src/parts/),
 * compressed with brotli inside the same file and inflated and run the first time they are needed
 * (native-host/src/load-part.ts is replaced by a loader, native-host/src/part-runner.ts). `inspect` is a part of its
 * own; everything else is the heavy part (the other commands, the handlers, the stores, yaml). What they share —
 * the PKCS#12 reader with pkijs, asn1js and node-forge, ~500 KB minified — is one chunk both load, so `inspect`
 * runs ~500 KB of code where it used to run the heavy part's ~880 KB, and the file holds each byte once. A 1.6 MB
 * file costs ~1.5 × a bare `node` start just to be read and parsed, whether or not its code runs; a compressed part
 * is a single string literal, which costs almost nothing until it is used.
 *
 * Used by build-host.ts (the .mjs) and build-sea.ts (the single executables), so both run the same code.
 */
import { build, transform, type Plugin } from 'esbuild';
import { catalogues } from '../native-host/src/i18n/catalogues';
import type { PartName } from '../native-host/src/load-part';
import { PARTS_COMMENT, type PackedPart, type PackedParts } from '../native-host/src/part-runner';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants } from 'node:zlib';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HostBuildFacts {
  root: string;
  define: Record<string, string>;
}

const HOST_SOURCES = fileURLToPath(new URL('../native-host/src', import.meta.url));

/** Each part's entry, in native-host/src/parts/ (load-part.ts names the parts: one missing here fails to compile). */
const PART_ENTRIES: Record<PartName, string> = { inspect: 'inspect.ts', heavy: 'heavy.ts' };

/**
 * Each part and each chunk the parts share, as one CommonJS script, by name: `inspect`, `heavy`, and chunks named by
 * esbuild (`chunk-…`, `policy-…`), which a script loads with `require("./chunk-….js")` (part-runner.ts).
 */
export type PartCode = Record<string, string>;

/** The name under which a part's build leaves the catalogues to the core (part-runner.ts hands it the core's). */
const CORE_CATALOGUES = 'weborca-core:catalogues';

/** True for the import of native-host/src/i18n/catalogues.ts, from wherever it is imported. */
function isCatalogues(resolveDir: string, path: string): boolean {
  return /[\\/]native-host[\\/]src[\\/]i18n[\\/]catalogues$/.test(join(resolveDir, path));
}

/**
 * For the parts' builds: the catalogues (~100 KB of sentences, ~120 KB of code) are not copied into each part; the
 * part requires them by name and gets the core's compressed copy, inflated once whoever asks first.
 */
const cataloguesFromCore: Plugin = {
  name: 'weborca-catalogues-from-core',
  setup(builder) {
    builder.onResolve({ filter: /catalogues$/ }, (args) => (isCatalogues(args.resolveDir, args.path) ? { path: CORE_CATALOGUES, external: true } : undefined));
  },
};

/**
 * Every part as CommonJS scripts that run through vm with the core's `require` (built-ins only). The parts are built
 * together with code splitting, so what two parts share (the PKCS#12 reader and pkijs are in both `inspect` and the
 * heavy part) is one chunk in the file, not a copy in each; esbuild splits ES modules only, so each output file is
 * then turned into CommonJS on its own (its imports of chunks become require calls, its dynamic imports too).
 */
export async function partBundles(facts: HostBuildFacts): Promise<PartCode> {
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(PART_ENTRIES).map(([name, entry]) => [name, join(facts.root, 'native-host', 'src', 'parts', entry)])),
    bundle: true,
    splitting: true,
    outdir: 'parts', // nothing is written: the names only
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    write: false,
    metafile: true,
    legalComments: 'none',
    define: facts.define,
    plugins: [cataloguesFromCore],
    logLevel: 'warning',
  });
  // The door to the parts inside a part would bundle every part into it.
  const door = Object.keys(result.metafile.inputs).find((input) => /native-host[\\/]src[\\/]load-part\.ts$/.test(input));
  if (door) throw new Error(`a part imports ${door}: a part must not reach the other parts`);

  const code: PartCode = {};
  for (const file of result.outputFiles) {
    const name = basename(file.path, '.js');
    const cjs = await transform(file.text, {
      format: 'cjs',
      target: 'node20',
      minify: true,
      // import("./policy-….js") becomes a require inside a promise: the part-runner answers it.
      supported: { 'dynamic-import': false },
      // A part runs as a CommonJS script: import.meta would be empty there.
      logOverride: { 'empty-import-meta': 'error' },
      logLevel: 'warning',
    });
    code[name] = cjs.code;
  }
  for (const name of Object.keys(PART_ENTRIES)) if (!code[name]) throw new Error(`the ${name} part was not built`);
  assertNoCycles(code);
  return code;
}

/** The names of the parts and chunks a script requires. */
function chunksRequired(script: string): string[] {
  return [...new Set([...script.matchAll(/require\("\.\/([^"]+)\.js"\)/g)].map((match) => match[1]!))];
}

/** The part-runner runs a chunk once, before its dependant: chunks that required each other would see half an export. */
function assertNoCycles(code: PartCode): void {
  const done = new Set<string>();
  const visit = (name: string, path: readonly string[]): void => {
    if (path.includes(name)) throw new Error(`the parts' chunks require each other: ${[...path, name].join(' → ')}`);
    if (done.has(name)) return;
    const script = code[name];
    if (script === undefined) throw new Error(`${path.at(-1)} requires ${name}, which was not built`);
    for (const next of chunksRequired(script)) visit(next, [...path, name]);
    done.add(name);
  };
  for (const name of Object.keys(code)) visit(name, []);
}

/** Each part's code, brotli-compressed and base64-encoded, with the hash that names its code cache. */
export function packParts(parts: PartCode): PackedParts {
  return Object.fromEntries(
    Object.entries(parts).map(([name, code]) => {
      const part: PackedPart = {
        payload: brotliCompressSync(Buffer.from(code, 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64'),
        hash: createHash('sha256').update(code).digest('hex'),
      };
      return [name, part];
    }),
  );
}

/** The comment the ESM bundle ends with (partsAfterScript reads it back): JSON of base64 and hex holds no `*` at all. */
export function partsComment(packed: PackedParts): string {
  const json = JSON.stringify(packed);
  if (json.includes('*')) throw new Error('the packed parts would end their comment early');
  return `\n${PARTS_COMMENT}${json}*/\n`;
}

/**
 * `inline`: the parts are a literal in the script (the single executable, whose whole script V8 code-caches).
 * `after-script`: the ESM bundle reads them from the comment it ends with (partsComment), on the first load.
 */
export type PartsPlacement = 'inline' | 'after-script';

/**
 * An esbuild plugin for the core's build: load-part.ts becomes a loader that inflates each part on first use
 * (part-runner.ts). `require` is the core's (the ESM banner makes one; a single executable's main script has its own).
 */
export function partsPlugin(packed: PackedParts, placement: PartsPlacement): Plugin {
  const source =
    placement === 'inline'
      ? `() => (${JSON.stringify(packed)})`
      : "() => partsAfterScript(require('node:fs').readFileSync(new URL(import.meta.url), 'latin1'))";
  return {
    name: 'weborca-parts',
    setup(builder) {
      builder.onResolve({ filter: /[\\/]load-part$/ }, () => ({ path: 'load-part', namespace: 'weborca-parts' }));
      builder.onLoad({ filter: /.*/, namespace: 'weborca-parts' }, () => ({
        loader: 'js',
        resolveDir: HOST_SOURCES,
        contents: `
// The parts, compressed: see scripts/host-bundle.ts and native-host/src/part-runner.ts.
import { partRunner, partsAfterScript } from './part-runner';
import { catalogues } from './i18n/catalogues';
import { codeCacheDir } from './paths';
const runner = partRunner(${source}, {
  require,
  shared: { ${JSON.stringify(CORE_CATALOGUES)}: { catalogues } },
  codeCacheDir: () => codeCacheDir(),
});
export async function loadPart(name) {
  return runner.load(name);
}
export function partLoaded(name) {
  return runner.loaded(name);
}
`,
      }));
    },
  };
}

/**
 * An esbuild plugin for the core's build: the host's catalogues (native-host/src/i18n/catalogues.ts, ~100 KB of
 * sentences in two languages) become one compressed JSON string, inflated the first time a sentence is rendered.
 */
export function cataloguePlugin(): Plugin {
  const payload = brotliCompressSync(Buffer.from(JSON.stringify(catalogues()), 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString(
    'base64',
  );
  return {
    name: 'weborca-catalogues',
    setup(builder) {
      builder.onResolve({ filter: /catalogues$/ }, (args) =>
        isCatalogues(args.resolveDir, args.path) ? { path: 'catalogues', namespace: 'weborca-catalogues' } : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: 'weborca-catalogues' }, () => ({
        loader: 'js',
        contents: `
// The host's words, compressed: see scripts/host-bundle.ts.
const PAYLOAD = ${JSON.stringify(payload)};
let inflated = null;
export function catalogues() {
  inflated ??= JSON.parse(require('node:zlib').brotliDecompressSync(Buffer.from(PAYLOAD, 'base64')).toString('utf8'));
  return inflated;
}
`,
      }));
    },
  };
}

/**
 * For the ESM core only: Node's built-ins reached through `require` rather than `import`. An imported built-in gets
 * an ES module facade built from every one of its exports, which for `node:fs` runs the `promises` getter and loads
 * fs/promises, readline and file streams that `hello` never uses; `require` returns the module as it is, and a
 * named import becomes a property read where it is used.
 */
export const builtinsThroughRequire: Plugin = {
  name: 'weborca-builtins-through-require',
  setup(builder) {
    builder.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'weborca-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'weborca-builtin' },
    );
    builder.onLoad({ filter: /.*/, namespace: 'weborca-builtin' }, (args) => ({
      loader: 'js',
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
    }));
  },
};

/**
 * esbuild wraps each CommonJS import in the ESM core with `__toESM(require_x(), 1)`: a fresh object with a getter per
 * export. For Node's built-ins (reached through `require`, above) that is ~2,400 property definitions on every start
 * for nothing: the core only reads named exports, which the module itself has. So the built-ins are used as they
 * are; a default import (`import fs from 'node:fs'`) would read `.default`, which a built-in lacks, so it fails the build.
 */
export function withoutBuiltinCopies(code: string): string {
  const defaultRead = /\bimport_node_\w+\.default\b/.exec(code);
  if (defaultRead) throw new Error(`the host core reads a default export of a Node built-in (${defaultRead[0]}): import names instead`);
  const out = code.replace(/__toESM\((require_node_\w+)\(\), 1\)/g, '$1()');
  if (/__toESM\(require_node_/.test(out)) throw new Error('a built-in import is still copied: update withoutBuiltinCopies');
  return out;
}

/**
 * The core as ASCII only. esbuild escapes what is not ASCII in strings and names, but keeps comments as written, and a
 * single Japanese character in a comment makes Node hand V8 the whole file as a two-byte string: slower to decode and
 * to scan on every start (~2.5 ms). In a comment an escape is only text.
 */
export function asciiOnly(code: string): string {
  return code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The core's plugins: the parts and the words, each inflated on first use; built-ins as they are, for ESM. */
export function corePlugins(packed: PackedParts, format: 'esm' | 'cjs'): Plugin[] {
  return [partsPlugin(packed, format === 'esm' ? 'after-script' : 'inline'), cataloguePlugin(), ...(format === 'esm' ? [builtinsThroughRequire] : [])];
}
