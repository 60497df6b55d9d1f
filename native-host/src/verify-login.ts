/**
 * Proves a new identity before the user relies on it: a real TLS handshake (and one HTTP request) to the WebORCA
 * origin presenting that certificate and key. The browser keeps using its remembered certificate until it restarts,
 * so this is the only way to know now that the server accepts the new one.
 *
 * "Accepted" = the handshake completes with our certificate and the server answers below 400 (WebORCA's front end,
 * like nginx with ssl_verify_client, answers 400 to a missing or refused client certificate).
 */
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { readPkcs12 } from '../../src/lib/pkcs12';

export interface VerifyLoginResult {
  accepted: boolean;
  /** HTTP status, or null when the TLS handshake itself was refused. */
  status: number | null;
  certificate: { serialNumber: string; notAfter: string };
}

export class VerifyError extends Error {
  constructor(
    readonly code: 'ORIGIN_NOT_ALLOWED' | 'SERVER_UNTRUSTED' | 'CONNECT_FAILED' | 'TIMEOUT' | 'BAD_IDENTITY',
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 15_000;

/** RFC 6761: every *.localhost name is loopback (Chromium does the same; the system resolver may not). */
const localhostLookup: LookupFunction = (hostname, options, callback) => {
  const all = typeof options === 'object' && options !== null && 'all' in options && options.all === true;
  if (all) (callback as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

export async function verifyLogin(origin: string, p12: Uint8Array, password: string): Promise<VerifyLoginResult> {
  const read = await readPkcs12(p12, password);
  if (!read.ok) throw new VerifyError('BAD_IDENTITY', read.error.message);
  const key = read.material.privateKeyPkcs8;
  if (!key) throw new VerifyError('BAD_IDENTITY', '証明書ファイルに秘密鍵がありません。');
  const certificate = { serialNumber: read.report.certificate.serialNumber, notAfter: read.report.certificate.notAfter };
  const url = new URL(origin);
  const isLocalhost = url.hostname === 'localhost' || url.hostname.endsWith('.localhost');

  return new Promise<VerifyLoginResult>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port || 443,
        path: '/',
        method: 'GET',
        servername: url.hostname,
        key: pem('PRIVATE KEY', key),
        cert: [read.material.certificateDer, ...read.material.chainDer].map((der) => pem('CERTIFICATE', der)).join(''),
        agent: false,
        timeout: TIMEOUT_MS,
        headers: { 'user-agent': 'weborca-cert verify-login', accept: 'text/html' },
        ...(isLocalhost ? { lookup: localhostLookup } : {}),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ accepted: status > 0 && status < 400, status, certificate });
      },
    );
    req.on('timeout', () => req.destroy(new VerifyError('TIMEOUT', `${url.host} から応答がありません。ネットワークを確認してから、もう一度お試しください。`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof VerifyError) return reject(error);
      const code = error.code ?? '';
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(code)) {
        return reject(new VerifyError('SERVER_UNTRUSTED', `${url.host} のサーバー証明書を確認できませんでした（${code}）。ネットワーク管理者にご相談ください。`));
      }
      if (/ECONNRESET|EPROTO|ERR_SSL/.test(code) || /alert|handshake/i.test(error.message)) {
        // The server ended the handshake: it refused our certificate.
        return resolve({ accepted: false, status: null, certificate });
      }
      reject(new VerifyError('CONNECT_FAILED', `${url.host} に接続できませんでした（${code || 'error'}）。ネットワークを確認してから、もう一度お試しください。`));
    });
    req.end();
  });
}

function pem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}
