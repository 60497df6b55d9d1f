/** Per-user folders of the host, by OS convention. Every path is derived from the environment so tests can use a temp HOME. */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HostPaths {
  /** Settings (allowed extension ids, extra origins). */
  config: string;
  /** Support log (no secrets) and other state. */
  state: string;
  /** Backups of imported .p12 files. */
  backups: string;
}

export function hostPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): HostPaths {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    const base = join(local, 'WebORCA Cert Companion');
    return { config: base, state: base, backups: join(base, 'backups') };
  }
  if (platform === 'darwin') {
    const support = join(home, 'Library', 'Application Support', 'WebORCA Cert Companion');
    return { config: support, state: join(home, 'Library', 'Logs', 'WebORCA Cert Companion'), backups: join(support, 'backups') };
  }
  const config = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'weborca-cert');
  const state = join(env.XDG_STATE_HOME || join(home, '.local', 'state'), 'weborca-cert');
  return { config, state, backups: join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'weborca-cert', 'backups') };
}

/**
 * Where the built host keeps V8's code cache for its parts (part-runner.ts): the OS's cache folder, which a user or a
 * cleaner may empty at any time — the host then compiles its code again, nothing else changes. None when the home
 * folder is not this user's: under `sudo` HOME may still be the user's, and a folder made there would be root's.
 */
export function codeCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  uid: number | undefined = process.getuid?.(),
): string | null {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (uid !== undefined) {
    try {
      if (statSync(home).uid !== uid) return null;
    } catch {
      return null;
    }
  }
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'WebORCA Cert Companion', 'code-cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'WebORCA Cert Companion');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'weborca-cert');
}
