/** PEM in and out, and what a PEM certificate file says about itself (serial, expiry, subject). */
import { pemBlocks, summarizeCertificate, type CertificateSummary } from '../stores/certificate-summary';

/** DERs of every certificate in a PEM file (a CA bundle, or a certificate file), in order. */
export const pemCertificates = pemBlocks;

/** The label of the first PEM block (`RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`…); null when there is none. */
export function firstPemLabel(text: string): string | null {
  return /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? null;
}

export function toPem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The first certificate of a PEM file, summarised; null when there is none or it does not parse. */
export function pemCertificateSummary(text: string, now: Date): CertificateSummary | null {
  const der = pemBlocks(text)[0];
  if (!der) return null;
  try {
    return summarizeCertificate(der, now);
  } catch {
    return null;
  }
}
