/**
 * Test-world NSS helpers: the real `certutil`/`pk12util` on a real NSS database in a temp HOME, as Chromium on
 * Linux reads it ($HOME/.pki/nssdb). Passwords go through a 0600 file in a 0700 temp dir, removed right after.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function nssDir(home: string): string {
  return join(home, '.pki', 'nssdb');
}

export async function createNssDb(home: string): Promise<string> {
  const dir = nssDir(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  await run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  return dir;
}

export async function trustRoot(dbDir: string, rootPem: string, nickname = 'WebORCA Simulator Root CA'): Promise<void> {
  await withSecretDir(async (dir) => {
    const file = join(dir, 'root.pem');
    writeFileSync(file, rootPem, { mode: 0o600 });
    await run('certutil', ['-A', '-d', `sql:${dbDir}`, '-n', nickname, '-t', 'C,,', '-i', file]);
  });
}

export async function importP12(dbDir: string, p12: Buffer, password: string, nickname?: string): Promise<void> {
  await withSecretDir(async (dir) => {
    const file = join(dir, 'identity.p12');
    const passwordFile = join(dir, 'password');
    writeFileSync(file, p12, { mode: 0o600 });
    writeFileSync(passwordFile, password, { mode: 0o600 });
    await run('pk12util', ['-i', file, '-d', `sql:${dbDir}`, '-w', passwordFile, ...(nickname ? ['-n', nickname] : [])]);
  });
}

/** `certutil -L` parsed: nickname and trust flags of each certificate. */
export async function listCertificates(dbDir: string): Promise<Array<{ nickname: string; trust: string }>> {
  const { stdout } = await run('certutil', ['-L', '-d', `sql:${dbDir}`]);
  return stdout
    .split('\n')
    .slice(4)
    .map((line) => /^(.*?)\s+([CcTtPpuw,]*,[CcTtPpuw,]*,[CcTtPpuw]*)\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ nickname: m[1]!.trim(), trust: m[2]! }));
}

async function withSecretDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'weborca-test-secret-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How many identities (certificates with a key: trust `u…`) the database holds. */
export async function countUserCertificates(dbDir: string): Promise<number> {
  return (await listCertificates(dbDir)).filter((cert) => cert.trust.startsWith('u')).length;
}
