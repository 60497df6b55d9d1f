/** Per-user folders of the host, by OS convention. Every path is derived from the environment so tests can use a temp HOME. */
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
