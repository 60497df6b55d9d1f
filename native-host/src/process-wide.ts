/**
 * State that must exist once per process. The built host is several bundles — the core and the parts inflated on
 * first use (scripts/host-bundle.ts: `inspect`'s, the heavy one) — and a module more than one of them imports is in
 * each, with its own module-level variables. What the exit and signal handlers clean up (the tools still running, the
 * secret folders) must be one registry whichever copy registered into it, so it lives on globalThis under a
 * registered symbol.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`weborca-cert.${name}`);
  const store = globalThis as unknown as Record<symbol, unknown>;
  if (!(key in store)) store[key] = create();
  return store[key] as T;
}
