/**
 * Checking the replacement before anything is imported: our PKCS#12 reader opens it with the password the page
 * showed, and the shared checks compare it with the certificate it replaces (same subject, later expiry, issued
 * under Intermediate CA, a client identity with its key…). Runs in the service worker; nothing leaves it.
 */
import { readPkcs12 } from '../lib/pkcs12';
import type { CertificateReport, Pkcs12Report } from '../lib/pkcs12/types';
import { checkReplacement } from '../lib/renewal-checks';
import type { CertificateView, CheckView } from '../lib/renewal-view';
import type { StoredIdentity } from '../lib/native-protocol';
import { WEBORCA_ISSUER_CN } from '../lib/site';
import { first } from '../lib/expiry-watch';

export type ReplacementCheckResult =
  | { ok: true; report: Pkcs12Report; view: CertificateView; checks: CheckView[] }
  | { ok: false; code: string; message: string; view: CertificateView | null; checks: CheckView[] };

/**
 * `identities`: what the host listed (the certificate in use and its issuer come from there); empty without the
 * host, when the checks that compare with the current certificate can only warn.
 */
export async function checkReplacementFile(
  p12: Uint8Array,
  password: string,
  current: CertificateView | null,
  _identities: readonly StoredIdentity[] = [],
  now = new Date(),
): Promise<ReplacementCheckResult> {
  const read = await readPkcs12(p12, password, { now });
  if (!read.ok) return { ok: false, code: read.error.code, message: read.error.message, view: null, checks: [] };
  const verdict = checkReplacement(read.report, {
    ...(current ? { current: { subject: { CN: current.subjectCN ?? undefined, O: current.subjectO ?? undefined }, notAfter: current.notAfter } } : {}),
    expectedIssuerCN: WEBORCA_ISSUER_CN,
    now,
  });
  const checks: CheckView[] = verdict.checks.map((check) => ({ id: check.id, status: check.status, blocking: check.blocking, message: check.message }));
  const view = certificateView(read.report.certificate);
  if (!verdict.ok) {
    const failed = checks.filter((check) => check.status === 'fail');
    return { ok: false, code: 'CHECK_FAILED', message: failed.map((check) => check.message).join('\n'), view, checks };
  }
  return { ok: true, report: read.report, view, checks };
}


export function certificateView(certificate: CertificateReport): CertificateView {
  return {
    subjectCN: first(certificate.subject.CN),
    subjectO: first(certificate.subject.O),
    issuerCN: first(certificate.issuer.CN),
    serialNumber: certificate.serialNumber,
    notAfter: certificate.notAfter,
    daysLeft: certificate.daysLeft,
  };
}

/**
 * The certificate being replaced, from the host's listing: a WebORCA identity (issuer Intermediate CA, with its
 * key), the one whose days left match the bar best — else the one expiring soonest that is still valid.
 */
export function pickCurrentIdentity(identities: readonly StoredIdentity[], barDaysLeft: number | null): CertificateView | null {
  const candidates = identities.filter((identity) => identity.hasPrivateKey && first(identity.issuer.CN) === WEBORCA_ISSUER_CN && identity.daysLeft >= 0);
  if (candidates.length === 0) return null;
  const score = (identity: StoredIdentity): number => (barDaysLeft === null ? identity.daysLeft : Math.abs(identity.daysLeft - barDaysLeft));
  const best = [...candidates].sort((a, b) => score(a) - score(b))[0]!;
  return {
    subjectCN: first(best.subject.CN),
    subjectO: first(best.subject.O),
    issuerCN: first(best.issuer.CN),
    serialNumber: best.serialNumber,
    notAfter: best.notAfter,
    daysLeft: best.daysLeft,
  };
}
