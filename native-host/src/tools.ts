/** Finds external tools on PATH without running them (host start-up must stay fast). */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const KNOWN_TOOLS = ['pk12util', 'certutil', 'openssl', 'security'] as const;
export type KnownTool = (typeof KNOWN_TOOLS)[number];

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
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

export function availableTools(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Record<KnownTool, boolean> {
  const result = {} as Record<KnownTool, boolean>;
  for (const tool of KNOWN_TOOLS) result[tool] = findOnPath(tool, env, platform) !== null;
  return result;
}

/** Which kinds of certificate store this machine can write to, given its tools. */
export function availableStores(tools: Record<KnownTool, boolean>, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'linux') return tools.pk12util && tools.certutil ? ['nss'] : [];
  // Store kinds, as in StoreInfo.kind.
  // Windows: crypt32 in-process, part of every Windows: no external tool.
  if (platform === 'win32') return ['windows'];
  if (platform === 'darwin') return tools.security ? ['macos'] : [];
  return [];
}
