/**
 * How the built host runs a part (native-host/src/parts/): the build (scripts/host-bundle.ts) stores each part as one
 * CommonJS script, brotli-compressed, and replaces load-part.ts with a module that hands them to partRunner(). A part
 * is inflated and run the first time it is asked for, with the core's `require` (built-ins only) and the core's own
 * copy of the modules the parts share with it (the catalogues: inflated once, whichever asks first).
 */

/** One part as the build stores it. */
export interface PackedPart {
  /** The part's CommonJS code, brotli-compressed, base64. */
  payload: string;
}

export interface PartRunnerOptions {
  /** The core's `require`: the parts may load Node's built-ins only. */
  require: (id: string) => unknown;
  /** Modules of the core that the parts use instead of a copy of their own, by the name the parts' build gave them. */
  shared: Readonly<Record<string, unknown>>;
}

export interface PartRunner<Name extends string> {
  load(name: Name): unknown;
  loaded(name: Name): unknown;
}

type Zlib = typeof import('node:zlib');
type Vm = typeof import('node:vm');

export function partRunner<Name extends string>(parts: Readonly<Record<Name, PackedPart>>, options: PartRunnerOptions): PartRunner<Name> {
  const loaded = new Map<Name, unknown>();
  const partRequire = (id: string): unknown => (Object.hasOwn(options.shared, id) ? options.shared[id] : options.require(id));

  function run(name: Name): unknown {
    // Built-ins loaded here, not at start: a built-in module costs a start as much as our own code does.
    const zlib = options.require('node:zlib') as Zlib;
    const vm = options.require('node:vm') as Vm;
    const code = zlib.brotliDecompressSync(Buffer.from(parts[name].payload, 'base64')).toString('utf8');
    const script = new vm.Script(`(function (module, exports, require) {${code}\n})`, { filename: `weborca-cert-${name}.js` });
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
