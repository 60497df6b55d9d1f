/**
 * Test helpers: a Node HTTPS client that talks to the simulator like a browser would (SNI and
 * Host set to the virtual host, server certificate checked against the test root), and openssl
 * wrappers to look inside the PKCS#12 files.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimSite, Simulator } from '../../simulator/index';

/**
 * A client identity for Node's TLS. PEM works for every file; `pfx` only for AES files, since
 * Node (OpenSSL 3 without the legacy provider) rejects RC2-40/3DES PKCS#12 ("Unsupported PKCS12 PFX data").
 */
export type TlsIdentity = { keyPem: string; certPem: string } | { pfx: Buffer; passphrase: string };

export interface RequestOptions {
  identity?: TlsIdentity;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Abort (and reject with "timeout") when nothing completes within this time. */
  timeoutMs?: number;
  /** Connect over IPv6 loopback instead of IPv4. */
  ipv6?: boolean;
}

export interface SimResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** False when the connection died before the declared body arrived. */
  complete: boolean;
  text(): string;
  json<T = unknown>(): T;
}

export function simRequest(sim: Simulator, site: SimSite, path: string, options: RequestOptions = {}): Promise<SimResponse> {
  const hostname = `${site}.localhost`;
  const identity = options.identity;
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: options.ipv6 ? '::1' : '127.0.0.1',
      port: sim.port,
      servername: hostname,
      path,
      method: options.method ?? 'GET',
      headers: { host: `${hostname}:${sim.port}`, ...options.headers },
      ca: sim.pki.rootCertPem,
      // A fresh connection per request: no TLS session or socket reuse across identities.
      agent: false,
      ...(identity && 'pfx' in identity
        ? { pfx: identity.pfx, passphrase: identity.passphrase }
        : identity
          ? { key: identity.keyPem, cert: identity.certPem }
          : {}),
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          req.destroy(new Error('timeout'));
        }, options.timeoutMs)
      : undefined;
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const finish = (complete: boolean): void => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          complete,
          text: () => body.toString('utf8'),
          json: <T>() => JSON.parse(body.toString('utf8')) as T,
        });
      };
      res.on('end', () => finish(res.complete));
      res.on('error', () => finish(false));
      res.on('aborted', () => finish(false));
    });
    req.end(options.body);
  });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** `openssl pkcs12 -in FILE -passin env:… ARGS` on a buffer; `legacy` adds `-legacy` (needed to read RC2-40). */
export async function opensslPkcs12(p12: Buffer, password: string, args: readonly string[], legacy = false): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-test-'));
  try {
    const file = join(dir, 'f.p12');
    await writeFile(file, p12, { mode: 0o600 });
    return await run('openssl', ['pkcs12', '-in', file, '-passin', 'env:SIM_TEST_PASS', ...(legacy ? ['-legacy'] : []), ...args], { SIM_TEST_PASS: password });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The leaf certificate and key of a PKCS#12 as PEM (for presenting a downloaded identity over TLS). */
export async function identityFromP12(p12: Buffer, password: string, legacy = false): Promise<{ keyPem: string; certPem: string }> {
  const certs = await opensslPkcs12(p12, password, ['-clcerts', '-nokeys'], legacy);
  const keys = await opensslPkcs12(p12, password, ['-nocerts', '-nodes'], legacy);
  if (certs.code !== 0 || keys.code !== 0) throw new Error(`cannot open PKCS#12: ${certs.stderr}${keys.stderr}`);
  return { certPem: certs.stdout, keyPem: keys.stdout };
}

/** Subject/serial/dates of a PEM certificate, via openssl. */
export async function opensslX509(pem: string, args: readonly string[]): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sim-test-'));
  try {
    const file = join(dir, 'c.pem');
    await writeFile(file, pem);
    return await run('openssl', ['x509', '-in', file, '-noout', ...args]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
