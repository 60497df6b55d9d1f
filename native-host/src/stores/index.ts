/** The certificate stores of this user on this OS, behind the one CertificateStore interface. */
import { homedir } from 'node:os';
import { readPkcs12 } from '../../../src/lib/pkcs12';
import type { Executor } from '../exec';
import { MacosKeychainStore } from './macos';
import { discoverNssDatabases } from './nss-discovery';
import { NssStore } from './nss';
import { StoreError, type CertificateStore, type ImportInput } from './types';
import type { Pkcs12Material } from '../../../src/lib/pkcs12/types';
import { WindowsCertStore } from './windows';

export interface StoreEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  exec: Executor;
}

/**
 * The decrypted identity of an import, read once per file however many stores re-wrap it (NSS, macOS): our reader
 * recovers it in memory; the stores never see the user's password go anywhere else.
 */
function materialReader(): (input: ImportInput) => Promise<Pkcs12Material> {
  const cache = new WeakMap<Uint8Array, Promise<Pkcs12Material>>();
  return (input) => {
    let pending = cache.get(input.p12);
    if (!pending) {
      pending = readPkcs12(input.p12, input.password).then((read) => {
        if (!read.ok) throw new StoreError(read.error.code === 'BAD_PASSWORD' ? 'BAD_PASSWORD' : 'IMPORT_FAILED', read.error.message);
        return read.material;
      });
      cache.set(input.p12, pending);
    }
    return pending;
  };
}

export function userStores({ platform, env, exec }: StoreEnvironment): CertificateStore[] {
  const home = env.HOME || env.USERPROFILE || homedir();
  const material = materialReader();
  switch (platform) {
    case 'linux':
      return discoverNssDatabases(home).databases.map((database) => new NssStore(database, exec, { material }));
    case 'win32':
      return [new WindowsCertStore()];
    case 'darwin':
      // `security import` takes a passphrase only in argv, so the keychain store re-wraps the decrypted identity
      // under a one-time password: it needs the material our reader recovers.
      return [
        new MacosKeychainStore(exec, { home, material }),
      ];
    default:
      return [];
  }
}
