/**
 * What the servers need to know about the client certificate presented on a TLS connection.
 */
import 'reflect-metadata'; // @peculiar/x509 registers its algorithms through tsyringe, which needs it
import type { TLSSocket } from 'node:tls';
import * as x509 from '@peculiar/x509';
import { daysLeft } from './dates';

export interface PresentedCertificate {
  /** Uppercase hex of the DER INTEGER content bytes (a leading `00` is kept, as Windows shows it). */
  serialHex: string;
  subject: { CN: string | null; O: string | null; C: string | null };
  issuerCN: string | null;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
}

/** The outcome of client authentication for one connection, in nginx `ssl_verify_client on` terms. */
export interface ClientAuth {
  presented: PresentedCertificate | null;
  /** True when a certificate was sent and it chains to the simulator's CA and is within its validity. */
  authorized: boolean;
  /** OpenSSL's verify error code (`CERT_HAS_EXPIRED`, …) when a certificate was sent but rejected. */
  error: string | null;
}

export function describeCertificate(der: Uint8Array, now: Date = new Date()): PresentedCertificate {
  // Copy into a plain ArrayBuffer-backed view (Buffers may sit on a shared pool).
  const cert = new x509.X509Certificate(new Uint8Array(der));
  const field = (name: x509.Name, key: string): string | null => name.getField(key)[0] ?? null;
  return {
    serialHex: cert.serialNumber.toUpperCase(),
    subject: {
      CN: field(cert.subjectName, 'CN'),
      O: field(cert.subjectName, 'O'),
      C: field(cert.subjectName, 'C'),
    },
    issuerCN: field(cert.issuerName, 'CN'),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    daysLeft: daysLeft(cert.notAfter, now),
  };
}

/**
 * Reads the peer certificate of the connection a request came in on. Called per request rather
 * than per connection because keep-alive sockets carry many requests and the caller may be any
 * of them; the answer is the same for all requests of one connection.
 */
export function clientAuthOf(socket: TLSSocket): ClientAuth {
  const peer = socket.getPeerCertificate();
  // With requestCert and no certificate sent, Node returns an empty object (no `raw`).
  if (!peer || !('raw' in peer) || !peer.raw) {
    return { presented: null, authorized: false, error: null };
  }
  const presented = describeCertificate(peer.raw);
  const authError = socket.authorizationError as Error | string | null | undefined;
  const error = socket.authorized ? null : String(authError ?? 'UNKNOWN');
  return { presented, authorized: socket.authorized, error };
}
