/**
 * How the built host runs a part (native-host/src/parts/): the build (scripts/host-bundle.ts) stores each part, and
 * each chunk of code the parts share, as one CommonJS script, brotli-compressed, and replaces load-part.ts with a
 * module that hands them to partRunner(). A script is inflated and run the first time it is needed — a part when the
 * core asks for it, a chunk when a script requires `./<chunk>.js` — with the core's `require` (built-ins only) and
 * the core's own copy of the modules the parts share with it (the catalogues: inflated once, whoever asks first).
 *
 * V8's code cache: compiling a script costs about as much as running it, so the compiled code is kept in the user's
 * cache folder (paths.ts, codeCacheDir) and given to V8 on the next start. It is written when the process exits, so
 * it holds the functions the command actually ran, not only the top level. It is named by the script's hash, the
 * Node version and the CPU, and carries its own CRC-32 (as Node's own compile cache does): V8 checks its version,
 * flags and the source, but not every byte of the code it is handed, so a file damaged on disk is never given to it.
 * A cache that fails either check is replaced. It is an optimisation only: a cache that cannot be read, is rejected
 * or cannot be written changes nothing but the time. It holds compiled code of our own scripts, never data the
 * command handled.
 */
import { join } from 'node:path';

/** One script as the build stores it. */
export interface PackedPart {
  /** The script's CommonJS code, brotli-compressed, base64. */
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

export interface PartRunner {
  load(name: string): unknown;
  loaded(name: string): unknown;
}

type Zlib = typeof import('node:zlib');
type Vm = typeof import('node:vm');
type Fs = typeof import('node:fs');
type Script = import('node:vm').Script;

/** A code cache file: the CRC-32 of the rest (uint32, little-endian), then V8's data. */
const CHECKSUM_BYTES = 4;
/** How a script requires a chunk (esbuild's output, turned into CommonJS). */
const CHUNK = /^\.\/([\w-]+)\.js$/;

export type PackedParts = Readonly<Record<string, PackedPart>>;

/**
 * How the bundled .mjs carries its parts: in one block comment after the script, opened by PARTS_COMMENT and holding
 * the parts as JSON, read from the file on the first load. V8 scans a comment far faster than it scans and allocates
 * a string literal of the same size, and `hello` never needs the parts (~220 KB of base64): ~4 ms of every start.
 */
export const PARTS_COMMENT = '/*weborca-parts:';

/** The parts in the comment that ends the script's text (the last one: the reader's own source holds the marker too). */
export function partsAfterScript(script: string): PackedParts {
  const start = script.lastIndexOf(PARTS_COMMENT);
  const end = script.lastIndexOf('*/');
  if (start < 0 || end < start) throw new Error('this weborca-cert file carries no parts: reinstall it');
  return JSON.parse(script.slice(start + PARTS_COMMENT.length, end)) as PackedParts;
}

/** @param parts how to get the parts, called on the first load only. */
export function partRunner(parts: () => PackedParts, options: PartRunnerOptions): PartRunner {
  const loaded = new Map<string, unknown>();
  let caches: CodeCaches | null = null;
  let known: PackedParts | null = null;
  const packed = (): PackedParts => (known ??= parts());

  const partRequire = (id: string): unknown => {
    if (Object.hasOwn(options.shared, id)) return options.shared[id];
    const chunk = CHUNK.exec(id)?.[1];
    return chunk !== undefined && Object.hasOwn(packed(), chunk) ? load(chunk) : options.require(id);
  };

  function run(name: string): unknown {
    const part = packed()[name];
    if (!part) throw new Error(`no part named ${name}`);
    // Built-ins loaded here, not at start: a built-in module costs a start as much as our own code does.
    const zlib = options.require('node:zlib') as Zlib;
    const vm = options.require('node:vm') as Vm;
    caches ??= codeCaches(options.require, options.codeCacheDir, packed());
    const code = zlib.brotliDecompressSync(Buffer.from(part.payload, 'base64')).toString('utf8');
    const cachedData = caches.read(name);
    const script = new vm.Script(`(function (module, exports, require) {${code}\n})`, {
      filename: `weborca-cert-${name}.js`,
      ...(cachedData ? { cachedData } : {}),
    });
    if (!cachedData || script.cachedDataRejected) caches.writeOnExit(name, script);
    const module = { exports: {} };
    (script.runInThisContext() as (module: object, exports: object, require: (id: string) => unknown) => void)(module, module.exports, partRequire);
    return module.exports;
  }

  function load(name: string): unknown {
    if (!loaded.has(name)) loaded.set(name, run(name));
    return loaded.get(name);
  }

  return {
    load,
    loaded(name) {
      if (!loaded.has(name)) throw new Error(`${name} part not loaded yet`);
      return loaded.get(name);
    },
  };
}

interface CodeCaches {
  /** The cached code for this script, if there is one that could be read and whose checksum holds. */
  read(name: string): Buffer | undefined;
  /** Writes the script's code cache when the process exits. */
  writeOnExit(name: string, script: Script): void;
}

function codeCaches(require: (id: string) => unknown, folder: () => string | null, parts: PackedParts): CodeCaches {
  let dir: string | null = null;
  try {
    dir = folder();
  } catch {
    // No cache folder (no home?): run without one.
  }
  const fs = require('node:fs') as Fs;
  if (!dir || !onlyMineToWrite(fs, dir)) return { read: () => undefined, writeOnExit: () => {} };
  const cacheDir = dir;
  const { crc32 } = require('node:zlib') as Zlib;
  const checksum = (data: Uint8Array): Buffer => {
    const bytes = Buffer.alloc(CHECKSUM_BYTES);
    bytes.writeUInt32LE(crc32(data));
    return bytes;
  };
  const suffix = `-${process.version}-${process.arch}.v8cache`;
  const fileName = (name: string): string => `${name}-${parts[name]!.hash.slice(0, 32)}${suffix}`;
  const pending = new Map<string, Script>();

  const writeAll = (): void => {
    for (const [name, script] of pending) {
      const file = join(cacheDir, fileName(name));
      // A private name, then rename: a reader never sees half a file, and two processes never write one file.
      const partial = `${file}.${process.pid}.partial`;
      try {
        const produced = script.createCachedData();
        fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(partial, Buffer.concat([checksum(produced), produced]), { mode: 0o600 });
        fs.renameSync(partial, file);
      } catch {
        // A cache is an optimisation: a read-only or full disk only means the next start compiles again.
        try {
          fs.rmSync(partial, { force: true });
        } catch {
          // Nothing more to do.
        }
      }
    }
    // Caches of other builds for this Node: code that is no longer in this file. Other Nodes' caches stay (the
    // single executable and `node weborca-cert.mjs` may share the folder with different versions).
    try {
      const current = new Set(Object.keys(parts).map(fileName));
      for (const old of fs.readdirSync(cacheDir)) if (old.endsWith(suffix) && !current.has(old)) fs.rmSync(join(cacheDir, old), { force: true });
    } catch {
      // Left for the next write.
    }
  };

  return {
    read(name) {
      try {
        const stored = fs.readFileSync(join(cacheDir, fileName(name)));
        const body = stored.subarray(CHECKSUM_BYTES);
        if (stored.length > CHECKSUM_BYTES && checksum(body).equals(stored.subarray(0, CHECKSUM_BYTES))) return body;
      } catch {
        // None yet, or unreadable: compiled from the source, and written at exit.
      }
      return undefined;
    },
    writeOnExit(name, script) {
      if (pending.size === 0) process.once('exit', writeAll);
      pending.set(name, script);
    },
  };
}

/**
 * Code from the cache runs as this user, so the folder must be one only this user can write to: ours (or absent: made
 * 0700 at exit), not group- or world-writable. Windows has no such bits; there it is the user's own LOCALAPPDATA.
 */
function onlyMineToWrite(fs: Fs, dir: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    const info = fs.statSync(dir);
    return info.isDirectory() && info.uid === uid && (info.mode & 0o022) === 0;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ENOENT';
  }
}
