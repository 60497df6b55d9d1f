/**
 * How the host's code becomes one file that starts as fast as Node itself: the small core (the serving loop,
 * `hello`, the caller check) as plain code, and everything else (native-host/src/heavy.ts: the commands, the
 * handlers, the stores, pkijs, node-forge, yaml) compressed with brotli inside the same file, inflated and run the
 * first time a command needs it (native-host/src/load-heavy.ts is replaced by that loader). A 1.6 MB file costs
 * ~1.5 × a bare `node` start just to be read and parsed, whether or not its code runs; the compressed part is a
 * single string literal, which costs almost nothing until it is used.
 *
 * Used by build-host.ts (the .mjs) and build-sea.ts (the single executables), so both run the same code.
 */
import { build, type Plugin } from 'esbuild';
import { catalogues } from '../native-host/src/i18n/catalogues';
import { brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';

export interface HostBuildFacts {
  root: string;
  define: Record<string, string>;
}

/** The heavy part as one CommonJS script (it runs through vm with the core's `require`: built-ins only). */
export async function heavyBundle(facts: HostBuildFacts): Promise<string> {
  const result = await build({
    entryPoints: [join(facts.root, 'native-host', 'src', 'heavy.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    write: false,
    legalComments: 'none',
    define: facts.define,
    // The heavy part runs as a CommonJS script: import.meta would be empty there.
    logOverride: { 'empty-import-meta': 'error' },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/**
 * An esbuild plugin for the core's build: load-heavy.ts becomes a loader that inflates `code` on first use.
 * `require` is the core's (the ESM banner makes one; a single executable's main script has its own).
 */
export function heavyPlugin(code: string): Plugin {
  const payload = brotliCompressSync(Buffer.from(code, 'utf8'), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
  return {
    name: 'weborca-heavy',
    setup(builder) {
      builder.onResolve({ filter: /[\\/]load-heavy$/ }, () => ({ path: 'load-heavy', namespace: 'weborca-heavy' }));
      builder.onLoad({ filter: /.*/, namespace: 'weborca-heavy' }, () => ({
        loader: 'js',
        contents: `
// The commands, handlers and stores, compressed: see scripts/host-bundle.ts.
const PAYLOAD = ${JSON.stringify(payload)};
let loaded = null;
function inflate() {
  const module = { exports: {} };
  // Loaded here, not at start: a built-in module costs a start as much as our own code does.
  const source = require('node:zlib').brotliDecompressSync(Buffer.from(PAYLOAD, 'base64')).toString('utf8');
  require('node:vm').runInThisContext('(function (module, exports, require) {' + source + '\\n})', { filename: 'weborca-cert-commands.js' })(module, module.exports, require);
  return module.exports;
}
export async function loadHeavy() {
  loaded ??= inflate();
  return loaded;
}
export function heavyLoaded() {
  if (!loaded) throw new Error('heavy part not loaded yet');
  return loaded;
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
        /[\\/]native-host[\\/]src[\\/]i18n[\\/]catalogues$/.test(join(args.resolveDir, args.path))
          ? { path: 'catalogues', namespace: 'weborca-catalogues' }
          : undefined,
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

/** The core's plugins: the heavy part and the words, each inflated on first use; built-ins as they are, for ESM. */
export function corePlugins(heavyCode: string, format: 'esm' | 'cjs'): Plugin[] {
  return [heavyPlugin(heavyCode), cataloguePlugin(), ...(format === 'esm' ? [builtinsThroughRequire] : [])];
}
