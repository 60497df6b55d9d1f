import type { Problem, ProblemCode } from './types';

/** Problems found in a file that opened, in a fixed order: blocking ones first. Messages say what to do next. */

/** Certificates expiring within this many days get EXPIRES_SOON (WebORCA shows its banner from 90 days). */
export const EXPIRES_SOON_DAYS = 90;

export interface ProblemFacts {
  expired: boolean;
  notYetValid: boolean;
  daysLeft: number;
  notAfter: Date;
  notBefore: Date;
  clientAuth: boolean;
  isCA: boolean;
  keyCount: number;
  keyMatches: boolean;
  hasMac: boolean;
  hasChain: boolean;
}

/** "2015年10月3日" in Japan time, for messages (the JSON fields stay UTC ISO). */
export function japaneseDate(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 3600_000);
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日`;
}

const BLOCKING: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'EXPIRED',
  'NOT_CLIENT_AUTH',
  'IS_CA',
  'KEY_MISMATCH',
  'NO_PRIVATE_KEY',
  'MULTIPLE_IDENTITIES',
]);

export function isBlocking(code: ProblemCode): boolean {
  return BLOCKING.has(code);
}

export function findProblems(f: ProblemFacts): Problem[] {
  const found: Array<[ProblemCode, string]> = [];
  const add = (code: ProblemCode, message: string): void => {
    found.push([code, message]);
  };

  if (f.expired) {
    add('EXPIRED', `証明書の有効期限が切れています（${japaneseDate(f.notAfter)}まで）。ORCAMO の画面から新しい証明書をダウンロードしてください。`);
  }
  if (!f.clientAuth) {
    add('NOT_CLIENT_AUTH', 'この証明書はクライアント認証用ではないため、WebORCA への接続には使えません。ORCAMO からダウンロードしたクライアント証明書のファイルか確認してください。');
  }
  if (f.isCA) {
    add('IS_CA', 'この証明書は認証局（CA）の証明書で、クライアント証明書ではありません。ORCAMO からダウンロードしたクライアント証明書のファイルを指定してください。');
  }
  if (f.keyCount === 0) {
    add('NO_PRIVATE_KEY', 'ファイルに秘密鍵が含まれていないため、WebORCA への接続に使えません。ORCAMO からダウンロードした .p12 ファイルを指定してください。');
  } else if (!f.keyMatches) {
    add('KEY_MISMATCH', 'ファイル内の秘密鍵が証明書と一致しません。ファイルが壊れている可能性があります。ORCAMO の画面から証明書をもう一度ダウンロードしてください。');
  }
  if (f.keyCount > 1) {
    add('MULTIPLE_IDENTITIES', `PKCS#12ファイル中に複数のクライアント証明書が見つかりました（秘密鍵 ${f.keyCount} 個）。ORCAMO からダウンロードした、証明書が 1 つだけのファイルを指定してください。`);
  }
  if (!f.expired && f.daysLeft <= EXPIRES_SOON_DAYS) {
    add('EXPIRES_SOON', `証明書の有効期限まで残り ${f.daysLeft} 日です（${japaneseDate(f.notAfter)}まで）。早めに新しい証明書へ更新してください。`);
  }
  if (f.notYetValid) {
    add('NOT_YET_VALID', `証明書の有効期間がまだ始まっていません（${japaneseDate(f.notBefore)}から）。パソコンの日付と時刻が正しいか確認してください。`);
  }
  if (!f.hasMac) {
    add('NO_MAC', 'ファイルに改ざん検出用の MAC がないため、ファイルが完全かどうかを確認できませんでした。読み込みは続行できます。');
  }
  if (!f.hasChain) {
    add('NO_CHAIN', 'ファイルに中間 CA 証明書が含まれていません。通常は接続に影響ありません。');
  }
  return found.map(([code, message]) => ({ code, blocking: isBlocking(code), message }));
}
