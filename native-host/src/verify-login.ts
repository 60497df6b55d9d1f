/**
 * Proves an identity before anyone relies on it: a real TLS handshake (and one HTTP request) to a WebORCA origin,
 * presenting that certificate and key straight from memory (never a file). The browser keeps using its remembered
 * certificate until it restarts, so this is the only way to know now that the server accepts the new one — and an
 * import runs it BEFORE anything is written to a store: a certificate WebORCA refuses never reaches one.
 *
 * "Accepted" = the handshake completes with our certificate and the server answers below 400 (WebORCA's front end,
 * like nginx with ssl_verify_client, answers 400 to a missing or refused client certificate).
 * Only origins origins.ts allows are ever contacted.
 */
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { readPkcs12 } from '../../src/lib/pkcs12';
import type { Failure } from './host/failure';
import { isAllowedVerifyOrigin, type OriginPolicy } from './origins';

export interface TlsIdentity {
  certificateDer: Uint8Array;
  privateKeyPkcs8: Uint8Array;
  /** CA certificates sent after the leaf. */
  chainDer: readonly Uint8Array[];
}

export interface VerifyLoginResult {
  accepted: boolean;
  /** HTTP status, or null when the TLS handshake itself was refused. */
  status: number | null;
  certificate: { serialNumber: string; notAfter: string };
}

export class VerifyError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

const TIMEOUT_MS = 15_000;

/** RFC 6761: every *.localhost name is loopback (Chromium does the same; the system resolver may not). */
const localhostLookup: LookupFunction = (hostname, options, callback) => {
  const all = typeof options === 'object' && options !== null && 'all' in options && options.all === true;
  if (all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/** One handshake and one GET / with the identity. Throws VerifyError when it cannot tell (network, server trust). */
export function handshake(origin: string, identity: TlsIdentity, policy: OriginPolicy): Promise<{ accepted: boolean; status: number | null }> {
  if (!isAllowedVerifyOrigin(origin, policy)) {
    return Promise.reject(new VerifyError({ code: 'ORIGIN_NOT_ALLOWED', key: 'VERIFY_ORIGIN_NOT_ALLOWED', params: { origin } }));
  }
  const url = new URL(origin);
  const isLocalhost = url.hostname === 'localhost' || url.hostname.endsWith('.localhost');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port || 443,
        path: '/',
        method: 'GET',
        servername: url.hostname,
        key: pem('PRIVATE KEY', identity.privateKeyPkcs8),
        cert: [identity.certificateDer, ...identity.chainDer].map((der) => pem('CERTIFICATE', der)).join(''),
        agent: false,
        timeout: TIMEOUT_MS,
        headers: { 'user-agent': 'weborca-cert verify-login', accept: 'text/html' },
        // Loopback names only in a test setup (isAllowedVerifyOrigin refused them otherwise).
        ...(isLocalhost && policy.testSetup ? { lookup: localhostLookup } : {}),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ accepted: status > 0 && status < 400, status });
      },
    );
    req.on('timeout', () => req.destroy(new VerifyError({ code: 'TIMEOUT', key: 'VERIFY_TIMEOUT', params: { host: url.host } })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof VerifyError) return reject(error);
      const code = error.code ?? '';
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(code)) {
        return reject(new VerifyError({ code: 'SERVER_UNTRUSTED', params: { host: url.host }, detail: code }));
      }
      if (/ECONNRESET|EPROTO|ERR_SSL/.test(code) || /alert|handshake/i.test(error.message)) {
        // The server ended the handshake: it refused our certificate.
        return resolve({ accepted: false, status: null });
      }
      reject(new VerifyError({ code: 'CONNECT_FAILED', params: { host: url.host }, detail: code || 'error' }));
    });
    req.end();
  });
}

/** `verifyLogin`: the identity in a .p12 (read in memory with its password), to one allowed origin. */
export async function verifyLogin(origin: string, p12: Uint8Array, password: string, policy: OriginPolicy): Promise<VerifyLoginResult> {
  if (!isAllowedVerifyOrigin(origin, policy)) throw new VerifyError({ code: 'ORIGIN_NOT_ALLOWED', key: 'VERIFY_ORIGIN_NOT_ALLOWED', params: { origin } });
  const read = await readPkcs12(p12, password);
  if (!read.ok) throw new VerifyError({ code: 'BAD_IDENTITY', params: { reason: read.error.code }, detail: read.error.detail ?? read.error.code });
  const key = read.material.privateKeyPkcs8;
  if (!key) throw new VerifyError({ code: 'BAD_IDENTITY', params: { reason: 'NO_PRIVATE_KEY' } });
  const certificate = { serialNumber: read.report.certificate.serialNumber, notAfter: read.report.certificate.notAfter };
  const outcome = await handshake(origin, { certificateDer: read.material.certificateDer, privateKeyPkcs8: key, chainDer: read.material.chainDer }, policy);
  return { ...outcome, certificate };
}

export type Proof = { ok: true; origin: string } | { ok: false; error: Failure };

/**
 * The proof an import needs: the first of `origins` that accepts the identity. A refusal by any of them, with no
 * acceptance, is HANDSHAKE_REFUSED (the server said no); no answer at all is HANDSHAKE_FAILED (could not tell).
 * Either way nothing is imported and the certificate in use keeps working.
 */
export async function proveIdentity(identity: TlsIdentity, origins: readonly string[], policy: OriginPolicy): Promise<Proof> {
  if (origins.length === 0) return { ok: false, error: { code: 'HANDSHAKE_FAILED', key: 'NO_VERIFY_ORIGIN' } };
  let refusedBy: string | null = null;
  const problems: string[] = [];
  for (const origin of origins) {
    try {
      const outcome = await handshake(origin, identity, policy);
      if (outcome.accepted) return { ok: true, origin };
      refusedBy ??= origin;
      problems.push(`${origin}: refused (${outcome.status ?? 'handshake'})`);
    } catch (error) {
      if (!(error instanceof VerifyError)) throw error;
      problems.push(`${origin}: ${error.failure.code}${error.failure.detail ? ` ${error.failure.detail}` : ''}`);
    }
  }
  const detail = problems.join('; ');
  if (refusedBy) return { ok: false, error: { code: 'HANDSHAKE_REFUSED', params: { origin: refusedBy }, detail } };
  return { ok: false, error: { code: 'HANDSHAKE_FAILED', params: { origin: origins[0]! }, detail } };
}

function pem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}
