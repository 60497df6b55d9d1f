/**
 * Is this .p12 a proper replacement for the certificate the clinic uses today? Pure function over the PKCS#12
 * reader's report, used by the service worker before importing, and by the host's `import`.
 *
 * Blocking (status 'fail', blocking: true): wrong/multiple identities, missing or mismatched key, not a client
 * certificate, a CA certificate, expired, a different subject (CN or O) than the certificate being replaced, and a
 * notAfter that is not later than the current one (the user picked the old file again, or an older one): importing
 * any of these would break or downgrade the clinic's login.
 * Warnings (status 'warn', blocking: false): issuer CN other than the expected `Intermediate CA` (the CA name is
 * inferred from public sources, not guaranteed), and checks that cannot run because the current certificate (or
 * its expiry) is unknown.
 */
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
  | 'newer-than-current';

export interface ReplacementCheck {
  id: ReplacementCheckId;
  status: 'pass' | 'fail' | 'warn';
  /**
   * Whether this check gates the replacement: true for required checks (pass or fail; every 'fail' is blocking),
   * false for advisory ones and for 'warn' results.
   */
  blocking: boolean;
  /** Japanese, for the popup. */
  message: string;
}

export interface ReplacementContext {
  /** The certificate being replaced, when known (e.g. the one WebORCA was reached with). */
  current?: { subject: { CN?: string; O?: string }; notAfter?: string };
  /** Issuer CN WebORCA client certificates carry ('Intermediate CA'). */
  expectedIssuerCN: string;
  now?: Date;
}

export interface ReplacementVerdict {
  /** True when no blocking check failed. */
  ok: boolean;
  checks: ReplacementCheck[];
}

/** Required checks: `blocking: true` whether they pass or fail. Only 'issuer' is advisory. */
const REQUIRED: ReadonlySet<ReplacementCheckId> = new Set<ReplacementCheckId>([
  'password',
  'single-identity',
  'key-match',
  'client-auth',
  'not-ca',
  'not-expired',
  'same-subject',
  'newer-than-current',
]);

const pass = (id: ReplacementCheckId, message: string): ReplacementCheck => ({
  id,
  status: 'pass',
  blocking: REQUIRED.has(id),
  message,
});
const fail = (id: ReplacementCheckId, message: string): ReplacementCheck => ({ id, status: 'fail', blocking: true, message });
/** A warning never blocks: an advisory mismatch, or a required check that could not be evaluated. */
const warn = (id: ReplacementCheckId, message: string): ReplacementCheck => ({ id, status: 'warn', blocking: false, message });

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
    checks.push(pass('single-identity', 'ファイルにはクライアント証明書が 1 つだけ含まれています。'));
  } else if (report.identities === 0) {
    checks.push(fail('single-identity', 'ファイルに秘密鍵が含まれていません。ORCAMO からダウンロードした .p12 ファイルを使ってください。'));
  } else {
    checks.push(fail('single-identity', `PKCS#12ファイル中に複数のクライアント証明書が見つかりました（秘密鍵 ${report.identities} 個）。証明書が 1 つだけのファイルを使ってください。`));
  }
  if (report.privateKey.present && report.privateKey.matchesCertificate) {
    checks.push(pass('key-match', '秘密鍵が証明書と一致しています。'));
  } else {
    checks.push(fail('key-match', report.privateKey.present
      ? '秘密鍵が証明書と一致しません。ORCAMO の画面から証明書をもう一度ダウンロードしてください。'
      : '秘密鍵がないため、この証明書では接続できません。'));
  }
  checks.push(report.certificate.clientAuth
    ? pass('client-auth', 'クライアント認証用の証明書です。')
    : fail('client-auth', 'クライアント認証用の証明書ではないため、WebORCA の接続に使えません。'));
  checks.push(report.certificate.isCA
    ? fail('not-ca', '認証局（CA）の証明書です。クライアント証明書のファイルを使ってください。')
    : pass('not-ca', '認証局の証明書ではありません。'));
  return checks;
}

export function checkReplacement(report: Pkcs12Report, context: ReplacementContext): ReplacementVerdict {
  const now = context.now ?? new Date();
  const cert = report.certificate;
  const notAfter = parseTime(cert.notAfter);
  // The report was made when the file was read; re-evaluate expiry against this check's clock.
  const expired = notAfter === null || now.getTime() > notAfter;

  const checks: ReplacementCheck[] = [
    // A report only exists when the password opened the file (BAD_PASSWORD otherwise).
    pass('password', 'パスワードでファイルを開けました。'),
    ...identityChecks(report),
    expired
      ? fail('not-expired', '証明書の有効期限が切れています。ORCAMO の画面から新しい証明書をダウンロードしてください。')
      : pass('not-expired', '証明書は有効期間内です。'),
  ];

  const current = context.current;
  const wantCN = current?.subject.CN;
  const wantO = current?.subject.O;
  if (wantCN === undefined && wantO === undefined) {
    checks.push(warn('same-subject', '現在の証明書が分からないため、同じ医療機関の証明書かどうか確認できませんでした。'));
  } else {
    const sameCN = wantCN === undefined || single(cert.subject, 'CN') === wantCN;
    const sameO = wantO === undefined || single(cert.subject, 'O') === wantO;
    checks.push(sameCN && sameO
      ? pass('same-subject', '現在の証明書と同じ名義（CN・O）の証明書です。')
      : fail('same-subject', `現在の証明書と名義が異なります（現在: ${[wantCN, wantO].filter((v) => v !== undefined).join(' / ')}）。別の医療機関・別の端末用の証明書の可能性があります。ORCAMO からダウンロードしたファイルか確認してください。`));
  }

  const issuerCN = single(cert.issuer, 'CN');
  checks.push(issuerCN === context.expectedIssuerCN
    ? pass('issuer', `発行者は ${context.expectedIssuerCN} です。`)
    : warn('issuer', `発行者が想定（${context.expectedIssuerCN}）と異なります（${issuerCN ?? '不明'}）。ORCAMO からダウンロードしたファイルか確認してください。`));

  const currentNotAfter = parseTime(current?.notAfter);
  if (currentNotAfter === null || notAfter === null) {
    checks.push(warn('newer-than-current', '現在の証明書の有効期限が分からないため、新しい証明書かどうか確認できませんでした。'));
  } else if (notAfter > currentNotAfter) {
    checks.push(pass('newer-than-current', '現在の証明書より有効期限が後の、新しい証明書です。'));
  } else {
    checks.push(fail('newer-than-current', '現在の証明書より新しくありません（同じ証明書か古い証明書です）。ORCAMO の画面から差し替え用の証明書をダウンロードしてください。'));
  }

  return { ok: !checks.some((c) => c.status === 'fail' && c.blocking), checks };
}
