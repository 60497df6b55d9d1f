/** Finds external tools on PATH without running them (host start-up must stay fast). */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { STORE_DESCRIPTORS, storesOf } from './stores/descriptors';

/** Tools `hello` reports: every store's (whatever the OS, so the answer has one shape), and openssl for support. */
export const KNOWN_TOOLS: readonly string[] = [...new Set([...STORE_DESCRIPTORS.flatMap((store) => store.tools), 'openssl'])];

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
      // Most PATH folders lack the tool: a stat that cannot throw costs far less than access() failing.
      if (!statSync(candidate, { throwIfNoEntry: false })?.isFile()) continue;
      try {
        accessSync(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return null;
}

export function availableTools(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Record<string, boolean> {
  const result: Record<string, boolean> = {};
  for (const tool of KNOWN_TOOLS) result[tool] = findOnPath(tool, env, platform) !== null;
  return result;
}

/** The store kinds (StoreInfo.kind) this machine can write to: this OS's stores whose tools were found. */
export function availableStores(tools: Record<string, boolean>, platform: NodeJS.Platform = process.platform): string[] {
  return storesOf(platform)
    .filter((store) => store.usable((tool) => tools[tool] === true))
    .map((store) => store.kind);
}
