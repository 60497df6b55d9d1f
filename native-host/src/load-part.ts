/**
 * The door to the parts of the host that load on first use (native-host/src/parts/): the core (main.ts, the serving
 * loop, `hello`, the CLI's table) reaches them only through here. In the sources (tests, tsx) a dynamic import; in the
 * built file the build replaces this module with one that inflates the part's compressed code on first call
 * (scripts/host-bundle.ts, partsPlugin; native-host/src/part-runner.ts).
 */
export interface Parts {
  /** `weborca-cert inspect`: the command and the PKCS#12 reader, nothing else. */
  inspect: typeof import('./parts/inspect');
  /** Everything else: the other commands, the request handlers, the stores. */
  heavy: typeof import('./parts/heavy');
}

export type PartName = keyof Parts;

const IMPORTS: { [N in PartName]: () => Promise<Parts[N]> } = {
  inspect: () => import('./parts/inspect'),
  heavy: () => import('./parts/heavy'),
};

const loaded: { [N in PartName]?: Parts[N] } = {};

export async function loadPart<N extends PartName>(name: N): Promise<Parts[N]> {
  const part = loaded[name] ?? (await IMPORTS[name]());
  loaded[name] = part;
  return part;
}

/** A part once loadPart() has resolved (the handlers that need the stores run after it). */
export function partLoaded<N extends PartName>(name: N): Parts[N] {
  const part = loaded[name];
  if (!part) throw new Error(`${name} part not loaded yet`);
  return part;
}
