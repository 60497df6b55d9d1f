/**
 * PKCS#12 packaging with the real `openssl pkcs12 -export` CLI.
 *
 * Why the CLI and not a JS library: the files the product must read come from real tools, and
 * OpenSSL's output (bag layout, PBES2 parameters, MAC) is the closest stand-in we have for what
 * ORCAMO serves. The password is passed through the child's environment (`-passout env:…`),
 * never on argv, so it does not show up in `ps`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `aes`: what OpenSSL 3 writes by default (PBES2 + PBKDF2/HMAC-SHA256 + AES-256-CBC, MAC SHA-256).
 * `legacy`: `-legacy` (key bag pbeWithSHA1And3-KeyTripleDES-CBC, certificates pbeWithSHA1And40BitRC2-CBC,
 * MAC SHA-1), which is what older tools and Windows exports look like.
 */
export type P12Mode = 'aes' | 'legacy';

export const P12_MODES: readonly P12Mode[] = ['aes', 'legacy'];

export interface Pkcs12Input {
  keyPem: string;
  certPem: string;
  /** Extra certificates to include (the issuing chain), in order. */
  chainPem: readonly string[];
  password: string;
  mode: P12Mode;
}

const PASS_ENV = 'WEBORCA_SIM_P12_PASS';

// The AES parameters are spelled out rather than left to the defaults so that the result does
// not silently change on a system whose openssl has other defaults (1.1.x defaulted to legacy).
const MODE_ARGS: Record<P12Mode, readonly string[]> = {
  aes: ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'],
  legacy: ['-legacy'],
};

export async function exportPkcs12(input: Pkcs12Input): Promise<Buffer> {
  // mkdtemp creates the directory 0700; the key file is written 0600 inside it.
  const dir = await mkdtemp(join(tmpdir(), 'weborca-sim-p12-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const outPath = join(dir, 'out.p12');
    await writeFile(keyPath, input.keyPem, { mode: 0o600 });
    await writeFile(certPath, input.certPem, { mode: 0o600 });
    const args = ['pkcs12', '-export', '-inkey', keyPath, '-in', certPath, '-out', outPath, '-passout', `env:${PASS_ENV}`];
    if (input.chainPem.length > 0) {
      const chainPath = join(dir, 'chain.pem');
      await writeFile(chainPath, input.chainPem.join(''), { mode: 0o600 });
      args.push('-certfile', chainPath);
    }
    args.push(...MODE_ARGS[input.mode]);
    await runOpenssl(args, { ...process.env, [PASS_ENV]: input.password });
    return await readFile(outPath);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runOpenssl(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { env, timeout: 20_000 }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`openssl ${args.slice(0, 2).join(' ')} failed: ${String(stderr).trim() || error.message}`));
      } else {
        resolve();
      }
    });
  });
}
