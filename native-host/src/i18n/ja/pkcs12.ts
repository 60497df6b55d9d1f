/**
 * The PKCS#12 reader's codes (src/lib/pkcs12: a failure's code and parameters, a problem's code and facts) in words,
 * each with what to do next. A failure's entry is its code; a variant that names what was refused (`{algorithm}`,
 * `{what}: {iterations}`, `{bags}`) is chosen by pkcs12-words.ts when the reader sent that parameter. Problems are
 * `problem.<CODE>`; `{date}` is rendered there from the problem's ISO date (Japan time). The extension has its own
 * words for the same codes (_locales `code_<CODE>`).
 */
const REDOWNLOAD = 'ORCAMO の画面から証明書をもう一度ダウンロードしてください。';
const UNSUPPORTED_NEXT = 'ORCAMO からダウンロードしたファイルか確認し、解決しない場合はサポート窓口にお問い合わせください。';
const TOO_LARGE_NEXT = 'クライアント証明書のファイルではありません。ORCAMO の画面からダウンロードした .p12 ファイルを指定してください。';

export const JA_PKCS12 = {
  // ── Why a file does not open ──
  EMPTY_FILE: `ファイルが空です（0 バイト）。ダウンロードが途中で失敗した可能性があります。${REDOWNLOAD}`,
  NOT_PKCS12: `PKCS#12（.p12）形式の証明書ファイルではないか、ファイルが壊れています。${REDOWNLOAD}`,
  BAD_PASSWORD: '証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。',
  UNSUPPORTED_ALGORITHM: `この証明書ファイルは対応していない方式で保護されているため読み込めません。${UNSUPPORTED_NEXT}`,
  'pkcs12.unsupportedAlgorithm': `この証明書ファイルは対応していない方式（{algorithm}）で保護されているため読み込めません。${UNSUPPORTED_NEXT}`,
  ITERATIONS_TOO_HIGH:
    'この証明書ファイルは鍵導出の反復回数が上限（1,000,000 回）を超えているため、安全のため読み込みを中止しました。ORCAMO からダウンロードしたファイルか確認してください。',
  'pkcs12.iterationsTooHigh':
    'この証明書ファイルは鍵導出の反復回数が上限（1,000,000 回）を超えている（{what}: {iterations} 回）ため、安全のため読み込みを中止しました。ORCAMO からダウンロードしたファイルか確認してください。',
  TOO_LARGE: `ファイルが大きすぎます（上限 1 MiB）。${TOO_LARGE_NEXT}`,
  'pkcs12.tooManyBags': `ファイルが大きすぎます（SafeBag が {bags} 個を超えています）。${TOO_LARGE_NEXT}`,

  // ── Problems of a file that opened (inspect's list; the blocking ones refuse an import) ──
  'problem.EXPIRED': '証明書の有効期限が切れています（{date}まで）。ORCAMO の画面から新しい証明書をダウンロードしてください。',
  'problem.NOT_CLIENT_AUTH':
    'この証明書はクライアント認証用ではないため、WebORCA への接続には使えません。ORCAMO からダウンロードしたクライアント証明書のファイルか確認してください。',
  'problem.IS_CA':
    'この証明書は認証局（CA）の証明書で、クライアント証明書ではありません。ORCAMO からダウンロードしたクライアント証明書のファイルを指定してください。',
  'problem.NO_PRIVATE_KEY': 'ファイルに秘密鍵が含まれていないため、WebORCA への接続に使えません。ORCAMO からダウンロードした .p12 ファイルを指定してください。',
  'problem.KEY_MISMATCH': `ファイル内の秘密鍵が証明書と一致しません。ファイルが壊れている可能性があります。${REDOWNLOAD}`,
  'problem.MULTIPLE_IDENTITIES':
    'PKCS#12ファイル中に複数のクライアント証明書が見つかりました（秘密鍵 {keys} 個）。ORCAMO からダウンロードした、証明書が 1 つだけのファイルを指定してください。',
  'problem.EXPIRES_SOON': '証明書の有効期限まで残り {days} 日です（{date}まで）。早めに新しい証明書へ更新してください。',
  'problem.NOT_YET_VALID': '証明書の有効期間がまだ始まっていません（{date}から）。パソコンの日付と時刻が正しいか確認してください。',
  'problem.NO_MAC': 'ファイルに改ざん検出用の MAC がないため、ファイルが完全かどうかを確認できませんでした。読み込みは続行できます。',
  'problem.NO_CHAIN': 'ファイルに中間 CA 証明書が含まれていません。通常は接続に影響ありません。',
} as const;
