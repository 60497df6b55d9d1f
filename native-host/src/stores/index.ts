/**
 * The certificate stores of this user on this OS, behind the one CertificateStore interface: for each of this OS's
 * descriptors (descriptors.ts), its mechanics open the user's stores. Loaded with the commands (parts/heavy.ts).
 */
import { homedir } from 'node:os';
import { readPkcs12 } from '../../../src/lib/pkcs12';
import type { Executor } from '../exec';
import { readerFailure } from '../pkcs12-words';
import { MacosKeychainStore } from './macos/store';
import { discoverNssDatabases } from './nss/discovery';
import { NssStore } from './nss/store';
import { storesOf } from './descriptors';
import { StoreError, type CertificateStore, type ImportInput, type StoreKind } from './types';
import type { Pkcs12Material } from '../../../src/lib/pkcs12/types';
import { WindowsCertStore } from './windows/store';

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
        if (!read.ok) {
          const { key, params, detail } = readerFailure(read.error);
          throw StoreError.worded(read.error.code === 'BAD_PASSWORD' ? 'BAD_PASSWORD' : 'IMPORT_FAILED', {
            key,
            ...(params ? { params } : {}),
            ...(detail ? { detail } : {}),
          });
        }
        return read.material;
      });
      cache.set(input.p12, pending);
    }
    return pending;
  };
}

type Opener = (context: { home: string; exec: Executor; material: (input: ImportInput) => Promise<Pkcs12Material> }) => CertificateStore[];

/** Each kind's mechanics (the compiler asks for one per StoreKind): one line per store. */
const OPEN: Record<StoreKind, Opener> = {
  nss: ({ home, exec, material }) => discoverNssDatabases(home).databases.map((database) => new NssStore(database, exec, { material })),
  windows: () => [new WindowsCertStore()],
  // `security import` takes a passphrase only in argv, so the keychain store re-wraps the decrypted identity under a
  // one-time password: it needs the material our reader recovers.
  macos: ({ home, exec, material }) => [new MacosKeychainStore(exec, { home, material })],
};

export function userStores({ platform, env, exec }: StoreEnvironment): CertificateStore[] {
  const home = env.HOME || env.USERPROFILE || homedir();
  const material = materialReader();
  return storesOf(platform).flatMap((store) => OPEN[store.kind]({ home, exec, material }));
}
