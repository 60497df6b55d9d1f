/** The certificate stores of this user on this OS, behind the one CertificateStore interface. */
import { homedir } from 'node:os';
import { readPkcs12 } from '../../../src/lib/pkcs12';
import type { Executor } from '../exec';
import { MacosKeychainStore } from './macos';
import { discoverNssDatabases } from './nss-discovery';
import { NssStore } from './nss';
import { StoreError, type CertificateStore } from './types';
import { WindowsCertStore } from './windows';

export interface StoreEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exec: Executor;
}

export function userStores({ platform, env, exec }: StoreEnvironment): CertificateStore[] {
  const home = env.HOME || env.USERPROFILE || homedir();
  switch (platform) {
    case 'linux':
      return discoverNssDatabases(home).databases.map((database) => new NssStore(database, exec));
    case 'win32':
      return [new WindowsCertStore()];
    case 'darwin':
      // `security import` takes a passphrase only in argv, so the keychain store re-wraps the decrypted identity
      // under a one-time password: it needs the material our reader recovers.
      return [
        new MacosKeychainStore(exec, {
          home,
          material: async (input) => {
            const read = await readPkcs12(input.p12, input.password);
            if (!read.ok) throw new StoreError(read.error.code === 'BAD_PASSWORD' ? 'BAD_PASSWORD' : 'IMPORT_FAILED', read.error.message);
            return read.material;
          },
        }),
      ];
    default:
      return [];
  }
}
