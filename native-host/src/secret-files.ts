/**
 * Temporary files for secrets (a .p12, a password file for pk12util): created 0600 inside a fresh 0700 directory,
 * and the whole directory removed in `finally`, whatever happens. Nothing here outlives the operation.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SecretDir {
  path: string;
  /** Writes a file readable by the owner only and returns its path. */
  write(name: string, data: string | Uint8Array): Promise<string>;
}

export async function withSecretDir<T>(work: (dir: SecretDir) => Promise<T>, parent = tmpdir()): Promise<T> {
  const path = await mkdtemp(join(parent, 'weborca-cert-'));
  try {
    return await work({
      path,
      async write(name, data) {
        if (name.includes('/') || name.includes('\\')) throw new Error('secret file names are bare names');
        const file = join(path, name);
        await writeFile(file, data, { mode: 0o600, flag: 'wx' });
        return file;
      },
    });
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}
