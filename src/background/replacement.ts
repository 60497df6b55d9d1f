/**
 * Checking the replacement before anything is imported: our PKCS#12 reader opens it with the password the page
 * showed, and the shared checks (src/lib/renewal-checks.ts, the very code the host enforces on import) compare it
 * with the WebORCA identities the host listed — same holder, later expiry, a client identity with its key, and the
 * chain of trust: the issuer that signed the certificate in use must have signed this one too. Runs in the service
 * worker, for showing; nothing leaves it.
 *
 * Which listed identity is "the one in use": one the host proved by a handshake, or the one the browser presented
 * (its days left are what WebORCA's bar says) — never merely the one that expires last (a look-alike imported by
 * someone else would otherwise hide the real one).
 */
import { readPkcs12 } from '../lib/pkcs12';
import type { CertificateReport, Pkcs12Report } from '../lib/pkcs12/types';
import { verifyReplacement, type CurrentCertificate } from '../lib/renewal-checks';
import type { CertificateView, CheckView } from '../lib/renewal-view';
import type { ListedIdentity, MessageParams } from '../lib/native-protocol';
import { WEBORCA_ISSUER_CN } from '../lib/site';
import { first } from '../lib/expiry-watch';

export type ReplacementCheckResult =
  | { ok: true; report: Pkcs12Report; view: CertificateView; checks: CheckView[]; current: CertificateView | null }
  | {
      ok: false;
      code: string;
      /** The failure's parameters and technical detail (the reader's), for errors.ts to render and show collapsed. */
      params?: MessageParams;
      detail?: string;
      /** Only for CHECK_FAILED: the failed checks, already in the UI's words. A reader failure is rendered from its code. */
      message?: string;
      view: CertificateView | null;
      checks: CheckView[];
      current: CertificateView | null;
    };

/** What the host listed: the WebORCA identities (with their DER and whether a handshake proved them), and issuers. */
export interface Listing {
  identities: readonly ListedIdentity[];
  issuers: readonly string[];
}

type Translate = (key: string, substitutions?: string | string[]) => string;

/** Whether the browser presented this identity: WebORCA's bar counts the days of the certificate it was shown. */
function presented(identity: ListedIdentity, barDaysLeft: number | null): boolean {
  return barDaysLeft !== null && Math.abs(identity.daysLeft - barDaysLeft) <= 1;
}

/**
 * `listing`: null without the host (then the checks that compare with the certificate in use can only warn);
 * `barDaysLeft`: what WebORCA's bar said, when it was seen.
 */
export async function checkReplacementFile(
  p12: Uint8Array,
  password: string,
  listing: Listing | null,
  barDaysLeft: number | null,
  t: Translate,
  now = new Date(),
): Promise<ReplacementCheckResult> {
  const read = await readPkcs12(p12, password, { now });
  if (!read.ok) {
    // The reader's code and parameters: errors.ts has the words (code_<CODE>), the detail goes to the collapsed Details.
    const { code, params, detail } = read.error;
    return { ok: false, code, ...(params ? { params: { ...params } } : {}), ...(detail ? { detail } : {}), view: null, checks: [], current: null };
  }
  const candidates = (listing?.identities ?? []).filter((identity) => identity.hasPrivateKey);
  const current: CurrentCertificate[] = candidates.map((identity) => ({
    subject: { CN: first(identity.subject.CN) ?? undefined, O: first(identity.subject.O) ?? undefined },
    notAfter: identity.notAfter,
    certificateDer: base64ToBytes(identity.certificate),
    verified: identity.verified || presented(identity, barDaysLeft),
  }));
  const decision = await verifyReplacement(
    { report: read.report, certificateDer: read.material.certificateDer, chainDer: read.material.chainDer },
    { current, knownIssuersDer: (listing?.issuers ?? []).map(base64ToBytes), expectedIssuerCN: WEBORCA_ISSUER_CN, now },
  );
  const checks: CheckView[] = decision.checks.map((check) => ({
    id: check.id,
    status: check.status,
    blocking: check.blocking,
    // Our own words for the check, in the UI's language; the key itself if _locales lacks it (a test prevents that).
    message: wordsFor(t, check.messageKey, check.substitutions) ?? check.messageKey,
  }));
  const compared = decision.comparedWith ? candidates[current.indexOf(decision.comparedWith)] : undefined;
  const currentView = compared ? identityView(compared) : null;
  const view = certificateView(read.report.certificate);
  if (!decision.ok) {
    const failed = checks.filter((check) => check.status === 'fail');
    return { ok: false, code: 'CHECK_FAILED', message: failed.map((check) => check.message).join('\n'), view, checks, current: currentView };
  }
  return { ok: true, report: read.report, view, checks, current: currentView };
}

function wordsFor(t: Translate, key: string, substitutions: string[]): string | null {
  const text = t(key, substitutions);
  return text && text !== key ? text : null;
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

function identityView(identity: ListedIdentity): CertificateView {
  return {
    subjectCN: first(identity.subject.CN),
    subjectO: first(identity.subject.O),
    issuerCN: first(identity.issuer.CN),
    serialNumber: identity.serialNumber,
    notAfter: identity.notAfter,
    daysLeft: identity.daysLeft,
  };
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
