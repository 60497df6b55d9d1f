/**
 * How the built host runs a part (native-host/src/parts/): the build (scripts/host-bundle.ts) stores each part as one
 * CommonJS script, brotli-compressed, and replaces load-part.ts with a module that hands them to partRunner(). A part
 * is inflated and run the first time it is asked for, with the core's `require` (built-ins only) and the core's own
 * copy of the modules the parts share with it (the catalogues: inflated once, whichever asks first).
 *
 * V8's code cache: compiling a part costs about as much as running it, so the compiled code is kept in the user's
 * cache folder (paths.ts, codeCacheDir) and given to V8 on the next start. It is written when the process exits, so
 * it holds the functions the command actually ran, not only the top level. It is named by the part's hash and the
 * Node version, and carries its own CRC-32 (as Node's own compile cache does): V8 checks its version, flags and the
 * source, but not every byte of the code it is handed, so a file damaged on disk is never given to it. A cache that fails either check is replaced. It
 * is an optimisation only: a cache that cannot be read, is rejected or cannot be written changes nothing but the
 * time. It holds compiled code of our own script, never data the command handled.
 */
import { join } from 'node:path';

/** One part as the build stores it. */
export interface PackedPart {
  /** The part's CommonJS code, brotli-compressed, base64. */
  payload: string;
  /** The code's SHA-256 (hex), computed by the build: names the code cache. */
  hash: string;
}

export interface PartRunnerOptions {
  /** The core's `require`: the parts may load Node's built-ins only. */
  require: (id: string) => unknown;
  /** Modules of the core that the parts use instead of a copy of their own, by the name the parts' build gave them. */
  shared: Readonly<Record<string, unknown>>;
  /** The folder for code caches, or null to keep none. Called on the first load only. */
  codeCacheDir: () => string | null;
}

export interface PartRunner<Name extends string> {
  load(name: Name): unknown;
  loaded(name: Name): unknown;
}

type Zlib = typeof import('node:zlib');
type Vm = typeof import('node:vm');
type Fs = typeof import('node:fs');

/** A code cache file: the CRC-32 of the rest (uint32, little-endian), then V8's data. */
const CHECKSUM_BYTES = 4;

export function partRunner<Name extends string>(parts: Readonly<Record<Name, PackedPart>>, options: PartRunnerOptions): PartRunner<Name> {
  const loaded = new Map<Name, unknown>();
  const partRequire = (id: string): unknown => (Object.hasOwn(options.shared, id) ? options.shared[id] : options.require(id));

  function run(name: Name): unknown {
    const packed = parts[name];
    // Built-ins loaded here, not at start: a built-in module costs a start as much as our own code does.
    const zlib = options.require('node:zlib') as Zlib;
    const vm = options.require('node:vm') as Vm;
    const code = zlib.brotliDecompressSync(Buffer.from(packed.payload, 'base64')).toString('utf8');
    const cache = codeCache(options.require, options.codeCacheDir, name, packed.hash);
    const script = new vm.Script(`(function (module, exports, require) {${code}\n})`, { filename: `weborca-cert-${name}.js`, ...(cache.data ? { cachedData: cache.data } : {}) });
    if (!cache.data || script.cachedDataRejected) cache.writeOnExit(script);
    const module = { exports: {} };
    (script.runInThisContext() as (module: object, exports: object, require: (id: string) => unknown) => void)(module, module.exports, partRequire);
    return module.exports;
  }

  return {
    load(name) {
      if (!loaded.has(name)) loaded.set(name, run(name));
      return loaded.get(name);
    },
    loaded(name) {
      if (!loaded.has(name)) throw new Error(`${name} part not loaded yet`);
      return loaded.get(name);
    },
  };
}

interface CodeCache {
  /** The cached code for this part, hash and Node, if there is one that could be read. */
  data: Buffer | undefined;
  /** Writes the script's code cache when the process exits (replacing this part's older ones). */
  writeOnExit(script: import('node:vm').Script): void;
}

function codeCache(require: (id: string) => unknown, folder: () => string | null, name: string, hash: string): CodeCache {
  let dir: string | null = null;
  try {
    dir = folder();
  } catch {
    // No cache folder (no home?): run without one.
  }
  if (!dir) return { data: undefined, writeOnExit: () => {} };
  const fs = require('node:fs') as Fs;
  const { crc32 } = require('node:zlib') as Zlib;
  const checksum = (data: Uint8Array): Buffer => {
    const bytes = Buffer.alloc(CHECKSUM_BYTES);
    bytes.writeUInt32LE(crc32(data));
    return bytes;
  };
  const cacheDir = dir;
  const prefix = `${name}-`;
  const file = join(cacheDir, `${prefix}${hash.slice(0, 32)}-${process.version}-${process.arch}.v8cache`);
  let data: Buffer | undefined;
  try {
    const stored = fs.readFileSync(file);
    const body = stored.subarray(CHECKSUM_BYTES);
    if (stored.length > CHECKSUM_BYTES && checksum(body).equals(stored.subarray(0, CHECKSUM_BYTES))) data = body;
  } catch {
    // None yet, or unreadable: compiled from the source, and written at exit.
  }
  return {
    data,
    writeOnExit(script) {
      process.once('exit', () => {
        // A private name, then rename: a reader never sees half a file, and two processes never write one file.
        const partial = `${file}.${process.pid}.partial`;
        try {
          const produced = script.createCachedData();
          fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
          fs.writeFileSync(partial, Buffer.concat([checksum(produced), produced]), { mode: 0o600 });
          fs.renameSync(partial, file);
          for (const old of fs.readdirSync(cacheDir)) {
            if (old.startsWith(prefix) && old.endsWith('.v8cache') && join(cacheDir, old) !== file) fs.rmSync(join(cacheDir, old), { force: true });
          }
        } catch {
          // A cache is an optimisation: a read-only or full disk only means the next start compiles again.
          try {
            fs.rmSync(partial, { force: true });
          } catch {
            // Nothing more to do.
          }
        }
      });
    },
  };
}
