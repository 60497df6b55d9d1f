/**
 * Is this .p12 a proper replacement for the certificate the clinic uses today? ONE implementation, shared: the
 * service worker runs it to show the checks, and the host runs the same code and enforces it on every import,
 * whoever asks (docs/ARCHITECTURE.md). Pure: no Node, no DOM (WebCrypto through pkijs for the signatures).
 *
 * Blocking (status 'fail', blocking: true): wrong/multiple identities, missing or mismatched key, not a client
 * certificate, a CA certificate, expired, a different subject (CN or O) than the certificate being replaced, a
 * certificate not signed by the issuer of the certificate in use (UNTRUSTED_ISSUER: a look-alike CA that only shares
 * the name `Intermediate CA`), and a notAfter that is not later than the current one (the user picked the old file
 * again, or an older one): importing any of these would break, downgrade or hijack the clinic's login.
 * Warnings (status 'warn', blocking: false): issuer CN other than the expected `Intermediate CA` (the CA name is
 * inferred from public sources, not guaranteed), and checks that cannot run because the current certificate (or
 * its expiry, or its DER) is unknown.
 *
 * No words here: each check carries the _locales key the extension renders (`messageKey`, with positional
 * `substitutions` for chrome.i18n.getMessage) and, for a failure, the `code` the host refuses an import with (the
 * host's catalogue has the words for every such code; a test checks both catalogues).
 */
import { bytesEqual } from './pkcs12/bytes';
import { tieToCurrentIssuer, type TieResult } from './pkcs12/chain';
import type { NameMap, Pkcs12Report } from './pkcs12/index';

export type ReplacementCheckId =
  'password' | 'single-identity' | 'key-match' | 'client-auth' | 'not-ca' | 'not-expired' | 'same-subject' | 'issuer' | 'trusted-issuer' | 'newer-than-current';

export interface ReplacementCheck {
  id: ReplacementCheckId;
  status: 'pass' | 'fail' | 'warn';
  /**
   * Whether this check gates the replacement: true for required checks (pass or fail; every 'fail' is blocking),
   * false for advisory ones and for 'warn' results.
   */
  blocking: boolean;
  /** The extension's _locales key for this result (`checkSameSubjectFail`, …). */
  messageKey: CheckMessageKey;
  /** Positional substitutions ($1, $2…) for messageKey. */
  substitutions: string[];
  /** For a failure: the code a refused import carries (UNTRUSTED_ISSUER, SUBJECT_MISMATCH, NOT_NEWER, EXPIRED…). */
  code?: string;
  /** Technical detail (English) for the collapsed 詳細 / Details, e.g. why the chain of trust failed. */
  detail?: string;
}

/** What the checks know about the certificate being replaced. */
export interface CurrentCertificate {
  subject: { CN?: string; O?: string };
  notAfter?: string;
  /** Its DER: needed for the chain of trust (without it, that check can only warn). */
  certificateDer?: Uint8Array;
  /** Proven by a TLS handshake (the host's record) or presented by the browser: preferred as "the one in use". */
  verified?: boolean;
}

export interface ReplacementContext {
  /** The certificate being replaced, when known (e.g. the one WebORCA was reached with). */
  current?: CurrentCertificate;
  /** Issuer CN WebORCA client certificates carry ('Intermediate CA'). */
  expectedIssuerCN: string;
  now?: Date;
  /**
   * The chain-of-trust result against `current` (tieToCurrentIssuer), or 'unknown' when it could not be run. Absent:
   * the check is not part of this verdict (verifyReplacement always supplies it).
   */
  trust?: TieResult | 'unknown';
}

export interface ReplacementVerdict {
  /** True when no blocking check failed. */
  ok: boolean;
  checks: ReplacementCheck[];
}

/** The _locales keys a check can carry (ja and en hold them; `$1`… are the substitutions). */
export const CHECK_MESSAGE_KEYS = [
  'checkPasswordPass',
  'checkSingleIdentityPass',
  'checkSingleIdentityFailNoKey',
  'checkSingleIdentityFailMany',
  'checkKeyMatchPass',
  'checkKeyMatchFail',
  'checkKeyMatchFailNoKey',
  'checkClientAuthPass',
  'checkClientAuthFail',
  'checkNotCaPass',
  'checkNotCaFail',
  'checkNotExpiredPass',
  'checkNotExpiredFail',
  'checkSameSubjectPass',
  'checkSameSubjectFail',
  'checkSameSubjectWarn',
  'checkIssuerPass',
  'checkIssuerWarn',
  'checkIssuerWarnUnknown',
  'checkTrustedIssuerPass',
  'checkTrustedIssuerFail',
  'checkTrustedIssuerWarn',
  'checkNewerThanCurrentPass',
  'checkNewerThanCurrentFail',
  'checkNewerThanCurrentWarn',
] as const;

export type CheckMessageKey = (typeof CHECK_MESSAGE_KEYS)[number];

/** Required checks: `blocking: true` whether they pass or fail. Only 'issuer' is advisory. */
const REQUIRED: ReadonlySet<ReplacementCheckId> = new Set<ReplacementCheckId>([
  'password',
  'single-identity',
  'key-match',
  'client-auth',
  'not-ca',
  'not-expired',
  'same-subject',
  'trusted-issuer',
  'newer-than-current',
]);

const pass = (id: ReplacementCheckId, messageKey: CheckMessageKey, substitutions: string[] = []): ReplacementCheck => ({
  id,
  status: 'pass',
  blocking: REQUIRED.has(id),
  messageKey,
  substitutions,
});
const fail = (id: ReplacementCheckId, code: string, messageKey: CheckMessageKey, substitutions: string[] = [], detail?: string): ReplacementCheck => ({
  id,
  status: 'fail',
  blocking: true,
  messageKey,
  substitutions,
  code,
  ...(detail ? { detail } : {}),
});
/** A warning never blocks: an advisory mismatch, or a required check that could not be evaluated. */
const warn = (id: ReplacementCheckId, messageKey: CheckMessageKey, substitutions: string[] = []): ReplacementCheck => ({
  id,
  status: 'warn',
  blocking: false,
  messageKey,
  substitutions,
});

/** A single-valued attribute, or undefined when absent or repeated (a repeated CN/O never matches). */
function single(name: NameMap, key: string): string | undefined {
  const value = name[key];
  return typeof value === 'string' ? value : undefined;
}

function parseTime(iso: string | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function identityChecks(report: Pkcs12Report): ReplacementCheck[] {
  const checks: ReplacementCheck[] = [];
  if (report.identities === 1) {
    checks.push(pass('single-identity', 'checkSingleIdentityPass'));
  } else if (report.identities === 0) {
    checks.push(fail('single-identity', 'NO_PRIVATE_KEY', 'checkSingleIdentityFailNoKey'));
  } else {
    checks.push(fail('single-identity', 'MULTIPLE_IDENTITIES', 'checkSingleIdentityFailMany', [String(report.identities)]));
  }
  if (report.privateKey.present && report.privateKey.matchesCertificate) {
    checks.push(pass('key-match', 'checkKeyMatchPass'));
  } else if (report.privateKey.present) {
    checks.push(fail('key-match', 'KEY_MISMATCH', 'checkKeyMatchFail'));
  } else {
    checks.push(fail('key-match', 'NO_PRIVATE_KEY', 'checkKeyMatchFailNoKey'));
  }
  checks.push(report.certificate.clientAuth ? pass('client-auth', 'checkClientAuthPass') : fail('client-auth', 'NOT_CLIENT_AUTH', 'checkClientAuthFail'));
  checks.push(report.certificate.isCA ? fail('not-ca', 'IS_CA', 'checkNotCaFail') : pass('not-ca', 'checkNotCaPass'));
  return checks;
}

function trustCheck(trust: TieResult | 'unknown'): ReplacementCheck {
  if (trust === 'unknown') return warn('trusted-issuer', 'checkTrustedIssuerWarn');
  return trust.ok ? pass('trusted-issuer', 'checkTrustedIssuerPass') : fail('trusted-issuer', 'UNTRUSTED_ISSUER', 'checkTrustedIssuerFail', [], trust.detail);
}

export function checkReplacement(report: Pkcs12Report, context: ReplacementContext): ReplacementVerdict {
  const now = context.now ?? new Date();
  const cert = report.certificate;
  const notAfter = parseTime(cert.notAfter);
  // The report was made when the file was read; re-evaluate expiry against this check's clock.
  const expired = notAfter === null || now.getTime() > notAfter;

  const checks: ReplacementCheck[] = [
    // A report only exists when the password opened the file (BAD_PASSWORD otherwise).
    pass('password', 'checkPasswordPass'),
    ...identityChecks(report),
    expired ? fail('not-expired', 'EXPIRED', 'checkNotExpiredFail') : pass('not-expired', 'checkNotExpiredPass'),
  ];

  const current = context.current;
  const wantCN = current?.subject.CN;
  const wantO = current?.subject.O;
  if (wantCN === undefined && wantO === undefined) {
    checks.push(warn('same-subject', 'checkSameSubjectWarn'));
  } else {
    const sameCN = wantCN === undefined || single(cert.subject, 'CN') === wantCN;
    const sameO = wantO === undefined || single(cert.subject, 'O') === wantO;
    checks.push(
      sameCN && sameO
        ? pass('same-subject', 'checkSameSubjectPass')
        : fail('same-subject', 'SUBJECT_MISMATCH', 'checkSameSubjectFail', [[wantCN, wantO].filter((v) => v !== undefined).join(' / ')]),
    );
  }

  const issuerCN = single(cert.issuer, 'CN');
  checks.push(
    issuerCN === context.expectedIssuerCN
      ? pass('issuer', 'checkIssuerPass', [context.expectedIssuerCN])
      : issuerCN === undefined
        ? warn('issuer', 'checkIssuerWarnUnknown', [context.expectedIssuerCN])
        : warn('issuer', 'checkIssuerWarn', [context.expectedIssuerCN, issuerCN]),
  );

  if (context.trust !== undefined) checks.push(trustCheck(context.trust));

  const currentNotAfter = parseTime(current?.notAfter);
  if (currentNotAfter === null || notAfter === null) {
    checks.push(warn('newer-than-current', 'checkNewerThanCurrentWarn'));
  } else if (notAfter > currentNotAfter) {
    checks.push(pass('newer-than-current', 'checkNewerThanCurrentPass'));
  } else {
    checks.push(fail('newer-than-current', 'NOT_NEWER', 'checkNewerThanCurrentFail'));
  }

  return { ok: !checks.some((c) => c.status === 'fail' && c.blocking), checks };
}

// ── The whole decision, chain of trust included ─────────────────────────────────────────────────────────────────

/** The new file as the PKCS#12 reader returned it: its report, and from its material the leaf and the rest. */
export interface ReplacementFile {
  report: Pkcs12Report;
  certificateDer: Uint8Array;
  chainDer: readonly Uint8Array[];
}

export interface ReplacementCandidates {
  /**
   * Certificates that may be the one in use: the WebORCA identities the stores hold (host: `list`), or the one the
   * browser presented. The verdict is reached against the best match (same subject, verified, latest expiry first);
   * the replacement is accepted when every check passes against one of them.
   */
  current: readonly CurrentCertificate[];
  /** Issuer certificates the stores hold or the host recorded at a verified renewal (used when the file has no chain). */
  knownIssuersDer?: readonly Uint8Array[];
  expectedIssuerCN: string;
  now?: Date;
}

export interface ReplacementDecision extends ReplacementVerdict {
  /** The intermediate that tied the new certificate to the certificate in use: the only CA a store may receive. */
  trustedIssuerDer: Uint8Array | null;
  /** The certificate the verdict was reached against (null: there was none to compare with). */
  comparedWith: CurrentCertificate | null;
}

/**
 * The candidates worth comparing with, best first: never the new certificate itself; those with the new one's
 * subject when there are any; among them only the verified ones when there are any (an unverified look-alike
 * imported before this check existed must not vouch for its sibling); latest expiry first.
 */
export function rankCurrentCandidates(file: ReplacementFile, current: readonly CurrentCertificate[]): CurrentCertificate[] {
  const others = current.filter((candidate) => !candidate.certificateDer || !bytesEqual(candidate.certificateDer, file.certificateDer));
  const cn = single(file.report.certificate.subject, 'CN');
  const o = single(file.report.certificate.subject, 'O');
  const sameSubject = others.filter((candidate) => candidate.subject.CN === cn && candidate.subject.O === o);
  let pool = sameSubject.length > 0 ? sameSubject : others;
  const verified = pool.filter((candidate) => candidate.verified === true);
  if (verified.length > 0) pool = verified;
  return [...pool].sort((a, b) => (parseTime(b.notAfter) ?? 0) - (parseTime(a.notAfter) ?? 0));
}

export async function verifyReplacement(file: ReplacementFile, candidates: ReplacementCandidates): Promise<ReplacementDecision> {
  const base = { expectedIssuerCN: candidates.expectedIssuerCN, ...(candidates.now ? { now: candidates.now } : {}) };
  const ranked = rankCurrentCandidates(file, candidates.current);
  if (ranked.length === 0) {
    return { ...checkReplacement(file.report, { ...base, trust: 'unknown' }), trustedIssuerDer: null, comparedWith: null };
  }
  let first: ReplacementDecision | null = null;
  for (const current of ranked) {
    const trust: TieResult | 'unknown' = current.certificateDer
      ? await tieToCurrentIssuer({
          newCertificateDer: file.certificateDer,
          fileChainDer: file.chainDer,
          currentCertificateDer: current.certificateDer,
          knownIssuersDer: candidates.knownIssuersDer ?? [],
        })
      : 'unknown';
    const verdict = checkReplacement(file.report, { ...base, current, trust });
    const decision: ReplacementDecision = { ...verdict, trustedIssuerDer: trust !== 'unknown' && trust.ok ? trust.issuerDer : null, comparedWith: current };
    if (decision.ok) return decision;
    first ??= decision;
  }
  return first!;
}

/** The first blocking failure: what a refused import reports. */
export function firstFailure(verdict: ReplacementVerdict): ReplacementCheck | null {
  return verdict.checks.find((check) => check.status === 'fail' && check.blocking) ?? null;
}
