/**
 * The door to heavy.ts. In the sources (tests, tsx) a dynamic import; in the built file the build replaces this
 * module with one that inflates the compressed heavy part on first call (scripts/build-host.ts, heavyPlugin).
 */
export type Heavy = typeof import('./heavy');

let loaded: Heavy | null = null;

export async function loadHeavy(): Promise<Heavy> {
  loaded ??= await import('./heavy');
  return loaded;
}

/** The heavy part once loadHeavy() has resolved (the handlers that need the stores run after it). */
export function heavyLoaded(): Heavy {
  if (!loaded) throw new Error('heavy part not loaded yet');
  return loaded;
}
