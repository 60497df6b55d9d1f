/**
 * State that must exist once per process. The built host is two bundles — the core and the heavy part inflated on
 * first use (scripts/host-bundle.ts) — and a module both import is in each, with its own module-level variables. What
 * the exit and signal handlers clean up (the tools still running, the secret folders) must be one registry whichever
 * copy registered into it, so it lives on globalThis under a registered symbol.
 */
export function processWide<T>(name: string, create: () => T): T {
  const key = Symbol.for(`weborca-cert.${name}`);
  const store = globalThis as unknown as Record<symbol, unknown>;
  if (!(key in store)) store[key] = create();
  return store[key] as T;
}
