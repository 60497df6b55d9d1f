/**
 * Typed failures of the PKCS#12 reader. Every way a file can fail to open ends as one of these codes with a Japanese
 * message that tells the user what to do next; nothing else (stack traces, library messages) ever leaves the module.
 */

export type Pkcs12ErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_PKCS12'
  | 'BAD_PASSWORD'
  | 'UNSUPPORTED_ALGORITHM'
  | 'ITERATIONS_TOO_HIGH'
  | 'TOO_LARGE';

export interface Pkcs12ErrorInfo {
  code: Pkcs12ErrorCode;
  message: string;
}

const REDOWNLOAD = 'ORCAMO の画面から証明書をもう一度ダウンロードしてください。';

function messageFor(code: Pkcs12ErrorCode, detail: string | undefined): string {
  switch (code) {
    case 'EMPTY_FILE':
      return `ファイルが空です（0 バイト）。ダウンロードが途中で失敗した可能性があります。${REDOWNLOAD}`;
    case 'NOT_PKCS12':
      return `PKCS#12（.p12）形式の証明書ファイルではないか、ファイルが壊れています${detail ? `（${detail}）` : ''}。${REDOWNLOAD}`;
    case 'BAD_PASSWORD':
      return '証明書パスワードが間違っています。ORCAMO の画面に表示されたパスワードを確認してください。';
    case 'UNSUPPORTED_ALGORITHM':
      return `この証明書ファイルは対応していない方式${detail ? `（${detail}）` : ''}で保護されているため読み込めません。ORCAMO からダウンロードしたファイルか確認し、解決しない場合はサポート窓口にお問い合わせください。`;
    case 'ITERATIONS_TOO_HIGH':
      return `この証明書ファイルは鍵導出の反復回数が上限（1,000,000 回）を超えている${detail ? `（${detail}）` : ''}ため、安全のため読み込みを中止しました。ORCAMO からダウンロードしたファイルか確認してください。`;
    case 'TOO_LARGE':
      return `ファイルが大きすぎます${detail ? `（${detail}）` : '（上限 1 MiB）'}。クライアント証明書のファイルではありません。ORCAMO の画面からダウンロードした .p12 ファイルを指定してください。`;
  }
}

/** Thrown inside the module; turned into `{ok:false, error}` at the API boundary. */
export class Pkcs12Failure extends Error {
  readonly code: Pkcs12ErrorCode;

  constructor(code: Pkcs12ErrorCode, detail?: string) {
    super(messageFor(code, detail));
    this.name = 'Pkcs12Failure';
    this.code = code;
  }

  toInfo(): Pkcs12ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

/**
 * Internal signal: one decryption attempt produced garbage (bad padding, not the expected ASN.1). The caller decides
 * whether that means BAD_PASSWORD or retries with another password encoding.
 */
export class DecryptionFailed extends Error {
  constructor() {
    super('decryption failed');
    this.name = 'DecryptionFailed';
  }
}

/** The code's standard message, for callers that detect a condition themselves (e.g. the CLI's size check). */
export function pkcs12Error(code: Pkcs12ErrorCode, detail?: string): Pkcs12ErrorInfo {
  return new Pkcs12Failure(code, detail).toInfo();
}

/** Anything that is not already a typed failure becomes NOT_PKCS12: hostile input must never surface a stack trace. */
export function toErrorInfo(error: unknown): Pkcs12ErrorInfo {
  if (error instanceof Pkcs12Failure) return error.toInfo();
  return new Pkcs12Failure('NOT_PKCS12').toInfo();
}
