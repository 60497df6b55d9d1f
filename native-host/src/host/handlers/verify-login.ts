/**
 * `verifyLogin`: a real TLS handshake with the given identity, only to an origin the host allows (origins.ts). An
 * identity WebORCA accepts is recorded as verified (verified-records.ts).
 */
import { createHash } from 'node:crypto';
import { issuerInChain, readPkcs12 } from '../../../../src/lib/pkcs12';
import { verifiedRecords } from '../../verified-records';
import { VerifyError, verifyLogin as handshake } from '../../verify-login';
import type { Handler } from './context';
import { p12Bytes } from '../p12-field';

export const verifyLogin: Handler<'verifyLogin'> = async (request, context) => {
  const p12 = p12Bytes(request.p12);
  try {
    const result = await handshake(request.origin, p12, request.password, context.config);
    if (result.accepted) await record(p12, request.password, request.origin, context.paths.state);
    return { ok: true, accepted: result.accepted, status: result.status, certificate: result.certificate };
  } catch (error) {
    if (error instanceof VerifyError) return { ok: false, error: error.failure };
    throw error;
  }
};

async function record(p12: Uint8Array, password: string, origin: string, stateDir: string): Promise<void> {
  const read = await readPkcs12(p12, password);
  if (!read.ok) return;
  const single = (value: string | string[] | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
  const subject = read.report.certificate.subject;
  const issuer = await issuerInChain(read.material.certificateDer, read.material.chainDer);
  verifiedRecords(stateDir).add({
    thumbprint: createHash('sha1').update(read.material.certificateDer).digest('hex').toUpperCase(),
    subject: { ...(single(subject.CN) ? { CN: single(subject.CN)! } : {}), ...(single(subject.O) ? { O: single(subject.O)! } : {}) },
    notAfter: read.report.certificate.notAfter,
    issuer: issuer ? Buffer.from(issuer).toString('base64') : null,
    origin,
    verifiedAt: new Date().toISOString(),
  });
}
