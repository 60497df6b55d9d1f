/** The certificate stores of this user on this OS, behind the one CertificateStore interface. */
import { homedir } from 'node:os';
import type { Executor } from '../exec';
import { discoverNssDatabases } from './nss-discovery';
import { NssStore } from './nss';
import type { CertificateStore } from './types';

export interface StoreEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exec: Executor;
}

export function userStores({ platform, env, exec }: StoreEnvironment): CertificateStore[] {
  if (platform === 'linux') {
    const home = env.HOME || homedir();
    return discoverNssDatabases(home).databases.map((database) => new NssStore(database, exec));
  }
  // Windows and macOS stores join here (issue #5, in progress).
  return [];
}
