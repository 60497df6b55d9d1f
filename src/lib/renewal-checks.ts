/**
 * Is this .p12 a proper replacement for the certificate the clinic uses today? ONE implementation, shared: the
 * service worker runs it to show the checks, and the host runs the same code and enforces it on every import,
 * whoever asks (DESIGN.md §3). Pure: no Node, no DOM (WebCrypto through pkijs for the signatures).
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
 * Words: each check carries the _locales key the extension renders (`messageKey`, with positional `substitutions`
 * for chrome.i18n.getMessage), the Japanese sentence (`message`, the same text as _locales/ja: a test keeps them
 * equal), and for a failure the `code` the host refuses an import with.
 */
import { tieToCurrentIssuer, type TieResult } from './pkcs12/chain';
import type { NameMap, Pkcs12Report } from './pkcs12/index';

export type ReplacementCheckId =
  | 'password'
  | 'single-identity'
  | 'key-match'
  | 'client-auth'
  | 'not-ca'
  | 'not-expired'
  | 'same-subject'
  | 'issuer'
  | 'trusted-issuer'
  | 'newer-than-current';

export interface ReplacementCheck {
  id: ReplacementCheckId;
  status: 'pass' | 'fail' | 'warn';
  /**
   * Whether this check gates the replacement: true for required checks (pass or fail; every 'fail' is blocking),
   * false for advisory ones and for 'warn' results.
   */
  blocking: boolean;
  /** Japanese, for the popup (= _locales/ja[messageKey] with the substitutions). */
  message: string;
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

/** Japanese texts, `$1`… for the substitutions. _locales/ja/messages.json holds the same (test/unit/renewal-checks). */
export const CHECK_TEXTS_JA = {
  checkPasswordPass: 'パスワードでファイルを開けました。',
  checkSingleIdentityPass: 'ファイルにはクライアント証明書が 1 つだけ含まれています。',
  checkSingleIdentityFailNoKey: 'ファイルに秘密鍵が含まれていません。ORCAMO からダウンロードした .p12 ファイルを使ってください。',
  checkSingleIdentityFailMany: 'PKCS#12ファイル中に複数のクライアント証明書が見つかりました（秘密鍵 $1 個）。証明書が 1 つだけのファイルを使ってください。',
  checkKeyMatchPass: '秘密鍵が証明書と一致しています。',
  checkKeyMatchFail: '秘密鍵が証明書と一致しません。ORCAMO の画面から証明書をもう一度ダウンロードしてください。',
  checkKeyMatchFailNoKey: '秘密鍵がないため、この証明書では接続できません。',
  checkClientAuthPass: 'クライアント認証用の証明書です。',
  checkClientAuthFail: 'クライアント認証用の証明書ではないため、WebORCA の接続に使えません。',
  checkNotCaPass: '認証局の証明書ではありません。',
  checkNotCaFail: '認証局（CA）の証明書です。クライアント証明書のファイルを使ってください。',
  checkNotExpiredPass: '証明書は有効期間内です。',
  checkNotExpiredFail: '証明書の有効期限が切れています。ORCAMO の画面から新しい証明書をダウンロードしてください。',
  checkSameSubjectPass: '現在の証明書と同じ名義（CN・O）の証明書です。',
  checkSameSubjectFail: '現在の証明書と名義が異なります（現在: $1）。別の医療機関・別の端末用の証明書の可能性があります。ORCAMO からダウンロードしたファイルか確認してください。',
  checkSameSubjectWarn: '現在の証明書が分からないため、同じ医療機関の証明書かどうか確認できませんでした。',
  checkIssuerPass: '発行者は $1 です。',
  checkIssuerWarn: '発行者が想定（$1）と異なります（$2）。ORCAMO からダウンロードしたファイルか確認してください。',
  checkIssuerWarnUnknown: '発行者が想定（$1）と異なります（不明）。ORCAMO からダウンロードしたファイルか確認してください。',
  checkTrustedIssuerPass: '現在の証明書を発行した認証局の署名を確認しました。',
  checkTrustedIssuerFail:
    'この証明書には、現在の証明書を発行した認証局の署名がありません（名前が同じだけの別の認証局が発行した可能性があります）。安全のため取り込みません。現在の証明書はそのまま使えます。ORCAMO の画面からもう一度ダウンロードし、同じ結果ならサポート窓口にご連絡ください。',
  checkTrustedIssuerWarn: '現在の証明書が分からないため、同じ認証局が発行した証明書かどうか確認できませんでした。',
  checkNewerThanCurrentPass: '現在の証明書より有効期限が後の、新しい証明書です。',
  checkNewerThanCurrentFail: '現在の証明書より新しくありません（同じ証明書か古い証明書です）。ORCAMO の画面から差し替え用の証明書をダウンロードしてください。',
  checkNewerThanCurrentWarn: '現在の証明書の有効期限が分からないため、新しい証明書かどうか確認できませんでした。',
} as const;

export type CheckMessageKey = keyof typeof CHECK_TEXTS_JA;

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

function render(key: CheckMessageKey, substitutions: readonly string[]): string {
  return CHECK_TEXTS_JA[key].replace(/\$(\d)/g, (whole, n: string) => substitutions[Number(n) - 1] ?? whole);
}

const pass = (id: ReplacementCheckId, messageKey: CheckMessageKey, substitutions: string[] = []): ReplacementCheck => ({
  id,
  status: 'pass',
  blocking: REQUIRED.has(id),
  message: render(messageKey, substitutions),
  messageKey,
  substitutions,
});
const fail = (id: ReplacementCheckId, code: string, messageKey: CheckMessageKey, substitutions: string[] = [], detail?: string): ReplacementCheck => ({
  id,
  status: 'fail',
  blocking: true,
  message: render(messageKey, substitutions),
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
  message: render(messageKey, substitutions),
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
  const others = current.filter((candidate) => !candidate.certificateDer || !sameBytes(candidate.certificateDer, file.certificateDer));
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

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
