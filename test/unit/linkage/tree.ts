/**
 * Sample linkage-tool trees in temp dirs, built from the fixtures in test/fixtures/linkage/ and a run-time test PKI:
 *
 *   <root>/onshi-shell/config.yml              absolute paths, comments, passphrase, encrypted PKCS#8 key, CA = root only
 *   <root>/onshi-shell/cert/{client.pem,client.key,ca.pem}
 *   <root>/push-exchanger/config/config.yml    relative paths, no passphrase, traditional unencrypted RSA key, CA = intermediate
 *   <root>/push-exchanger/config/cert/{…}
 *   <root>/backups/                             the host's backups folder
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinkageSources } from '../../../native-host/src/linkage';
import type { ClientIdentity, TestPki } from '../../simulator/index';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/linkage/', import.meta.url));
export const OLD_PASSPHRASE = 'oldPass1234';

export function fixture(name: string, dir = '', passphrase = OLD_PASSPHRASE): string {
  return readFileSync(join(FIXTURES, name), 'utf8').replaceAll('{{DIR}}', dir).replaceAll('{{PASSPHRASE}}', passphrase);
}

export interface ToolTree {
  dir: string;
  config: string;
  cert: string;
  key: string;
  ca: string;
}

export interface LinkageWorld {
  root: string;
  backups: string;
  shell: ToolTree;
  push: ToolTree;
  /** Sources as the host would get them with WEBORCA_CERT_LINKAGE_PATHS set to both tool folders. */
  sources(): LinkageSources;
  cleanup(): void;
}

export function makeWorld(pki: TestPki, old: ClientIdentity): LinkageWorld {
  const root = mkdtempSync(join(tmpdir(), 'weborca-linkage-'));
  const backups = join(root, 'backups');
  const key = createPrivateKey(old.keyPem);

  const shellDir = join(root, 'onshi-shell');
  const shell: ToolTree = {
    dir: shellDir,
    config: join(shellDir, 'config.yml'),
    cert: join(shellDir, 'cert', 'client.pem'),
    key: join(shellDir, 'cert', 'client.key'),
    ca: join(shellDir, 'cert', 'ca.pem'),
  };
  mkdirSync(join(shellDir, 'cert'), { recursive: true });
  writeFileSync(shell.config, fixture('onshi-shell.config.yml', shellDir), { mode: 0o640 });
  chmodSync(shell.config, 0o640);
  writeFileSync(shell.cert, old.certPem, { mode: 0o644 });
  writeFileSync(shell.key, key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: OLD_PASSPHRASE }) as string, { mode: 0o600 });
  writeFileSync(shell.ca, pki.rootCertPem, { mode: 0o644 });

  const pushDir = join(root, 'push-exchanger');
  const pushConfigDir = join(pushDir, 'config');
  const push: ToolTree = {
    dir: pushDir,
    config: join(pushConfigDir, 'config.yml'),
    cert: join(pushConfigDir, 'cert', 'client.pem'),
    key: join(pushConfigDir, 'cert', 'client.key'),
    ca: join(pushConfigDir, 'cert', 'ca.pem'),
  };
  mkdirSync(join(pushConfigDir, 'cert'), { recursive: true });
  writeFileSync(push.config, fixture('push-exchanger.config.yml').replaceAll('\n', '\r\n'), { mode: 0o644 }); // a Windows-edited file
  writeFileSync(push.cert, old.certPem, { mode: 0o644 });
  writeFileSync(push.key, key.export({ type: 'pkcs1', format: 'pem' }) as string, { mode: 0o600 });
  writeFileSync(push.ca, pki.intermediateCertPem, { mode: 0o644 });

  return {
    root,
    backups,
    shell,
    push,
    sources: () => ({ platform: 'linux', env: { WEBORCA_CERT_LINKAGE_PATHS: `${shellDir}:${pushDir}` }, configured: [] }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface FileState {
  sha256: string;
  mode: number;
}

/** Every file under dir (the backups folder left out): path relative to dir → content hash and mode. */
export function snapshot(dir: string, skip = 'backups'): Record<string, FileState> {
  const out: Record<string, FileState> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (relative(dir, path) === skip) continue;
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else out[relative(dir, path)] = { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), mode: info.mode & 0o7777 };
    }
  };
  walk(dir);
  return out;
}

/** chattr +i for the duration of `work`, always undone (tests run as root, which ignores mode bits). */
export async function withImmutable<T>(paths: string[], work: () => Promise<T>): Promise<T> {
  execFileSync('chattr', ['+i', ...paths]);
  try {
    return await work();
  } finally {
    execFileSync('chattr', ['-i', ...paths]);
  }
}

export function immutable(paths: string[], on: boolean): void {
  execFileSync('chattr', [on ? '+i' : '-i', ...paths]);
}
