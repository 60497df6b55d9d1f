/**
 * The host's Japanese words (the default). Keys are error codes or `cli.*` texts, and `<area>.*` entries from the
 * files in ja/ (one per area, and the words several share); en.ts must have the same keys.
 */
import { JA_CLI } from './ja/cli';
import { JA_COMMON } from './ja/common';
import { JA_DOCTOR } from './ja/doctor';
import { JA_INSTALL } from './ja/install';
import { JA_LINKAGE } from './ja/linkage';
import { JA_PKCS12 } from './ja/pkcs12';
import { JA_STORES } from './ja/stores';

export const JA = {
  ...JA_COMMON,
  ...JA_CLI,
  ...JA_DOCTOR,
  ...JA_INSTALL,
  ...JA_LINKAGE,
  ...JA_PKCS12,
  ...JA_STORES,
  // ── The protocol layer ──
  FRAME_TOO_LARGE: 'リクエストが大きすぎます（上限 8 MiB）。拡張機能を更新してください。',
  TRUNCATED_FRAME: 'リクエストが途中で切れました。もう一度お試しください。',
  BAD_UTF8: 'リクエストが UTF-8 ではありません。拡張機能を更新してください。',
  BAD_JSON: 'リクエストが JSON ではありません。拡張機能を更新してください。',
  BAD_REQUEST: 'リクエストの形式が正しくありません。拡張機能とヘルパー（weborca-cert）のバージョンを確認してください。',
  UNKNOWN_TYPE: '未対応のリクエストです。拡張機能とヘルパー（weborca-cert）のバージョンを確認してください。',
  REPLY_TOO_LARGE: '応答が大きすぎるため送れません。サポートにご連絡ください。',
  INTERNAL: 'ヘルパーで予期しないエラーが起きました。weborca-cert doctor を実行し、サポートにご連絡ください。',
  CALLER_NOT_ALLOWED: 'この拡張機能は weborca-cert に登録されていません。weborca-cert install を実行してください。',
  // ── Certificate stores, the login check, the import's checks (issue 12) ──
  STORE_UNREADABLE: '{store} を読み取れませんでした。weborca-cert doctor を実行してください。',
  STORE_NO_MATERIAL: '{store} への取り込みに必要な証明書の中身（鍵と証明書）が渡されていません（内部設定の不足）。サポートにお問い合わせください。',
  STORE_MATERIAL_MISMATCH:
    '{store} に取り込もうとした中身が、確認した証明書と一致しないか秘密鍵がありません（内部エラー）。何も取り込んでいません。もう一度お試しください。',
  STORE_IMPORT_CRASHED:
    '{store} への取り込み中に予期しないエラーが起きました。古い証明書はそのまま使えます。weborca-cert doctor を実行してサポートにご連絡ください。',
  IMPORT_NOT_FOUND_AFTER:
    '{store} に取り込んだはずの証明書と秘密鍵が、取り込み後の一覧に見つかりません。古い証明書はそのまま使えます。weborca-cert doctor を実行してサポートにご連絡ください。',
  NSS_VERIFY_FAILED: '{store} に取り込んだ証明書と秘密鍵を確認できませんでした。weborca-cert doctor を実行してサポートにご連絡ください。',
  NSS_REMOVE_NO_KEY_ID: '{store} の証明書は鍵 ID で特定できないため、安全に削除できません。ブラウザの証明書マネージャーから削除してください。',
  NSS_REMOVE_FAILED: '{store} から証明書を削除できませんでした。ブラウザの証明書マネージャーから削除してください。',
  NSS_DB_MISSING: '{store} の証明書データベースが見つかりません。ブラウザを一度起動してから、もう一度お試しください。',
  NSS_CREATE_FAILED:
    '{store} の証明書データベースを作成できませんでした。weborca-cert doctor を実行してサポートにご連絡ください。古い証明書はそのまま使えます。',
  NSS_READ_FAILED: '{store} を読み取れませんでした。weborca-cert doctor を実行してサポートにご連絡ください。古い証明書はそのまま使えます。',
  NSS_IMPORT_FAILED: '{store} に証明書を取り込めませんでした。weborca-cert doctor を実行してサポートにご連絡ください。古い証明書はそのまま使えます。',
  NSS_REWRAP_REFUSED:
    '{store} が取り込み用に作り直した証明書ファイルを受け付けませんでした（内部エラー）。古い証明書はそのまま使えます。weborca-cert doctor の結果をサポートにお知らせください。',
  NSS_TOOL_MISSING: '証明書の取り込みに必要な {tool}（NSS のツール）がありません。次のコマンドでインストールしてください: {hint}',
  NSS_TIMEOUT: '{tool} が応答しません。{store} を使っているブラウザを閉じてから、もう一度お試しください。',
  NSS_READ_ONLY:
    '{store} に書き込めません。データベースが書き込み禁止か壊れています。フォルダー {dir} の権限を確認してください。古い証明書はそのまま使えます。',
  NSS_PRIMARY_PASSWORD:
    '{store} に書き込めません。ブラウザの主パスワード（マスターパスワード）が設定されているためです。ブラウザの設定で一時的に解除してから、もう一度お試しください。',
  VERIFY_ORIGIN_NOT_ALLOWED:
    '{origin} は接続確認の対象ではありません。WebORCA のアドレスを確認してください（他のアドレスは IT 担当者が config.json の extraOrigins に登録します）。',
  VERIFY_TIMEOUT: '{host} から応答がありません。ネットワークを確認してから、もう一度お試しください。',
  SERVER_UNTRUSTED: '{host} のサーバー証明書を確認できませんでした。ネットワーク管理者にご相談ください。',
  CONNECT_FAILED: '{host} に接続できませんでした。ネットワークを確認してから、もう一度お試しください。',
  BAD_IDENTITY: 'この証明書ファイルでは接続確認ができません（{reason}）。',
  HANDSHAKE_REFUSED:
    'WebORCA（{origin}）が新しい証明書を受け付けませんでした。何も取り込んでいません。いまの証明書はそのまま使えます。ORCAMO の画面からダウンロードしたファイルか確認し、解決しない場合はサポート窓口にご連絡ください。',
  HANDSHAKE_FAILED:
    '新しい証明書で WebORCA（{origin}）に接続できず、使えることを確認できませんでした。何も取り込んでいません。いまの証明書はそのまま使えます。ネットワークを確認してから、もう一度お試しください。',
  NO_VERIFY_ORIGIN:
    '接続確認先の WebORCA のアドレスが設定されていないため、新しい証明書を確認できませんでした。何も取り込んでいません。IT 担当者にご連絡ください。',
  UNTRUSTED_ISSUER:
    'この証明書には、いま使っている証明書を発行した認証局の署名がありません（名前が同じだけの別の認証局が発行した可能性があります）。安全のため取り込みません。いまの証明書はそのまま使えます。ORCAMO の画面からもう一度ダウンロードし、同じ結果ならサポート窓口にご連絡ください。',
  SUBJECT_MISMATCH:
    'いま使っている証明書と名義が異なります（現在: {current}）。別の医療機関・別の端末用の証明書の可能性があるため取り込みません。ORCAMO からダウンロードしたファイルか確認してください。',
  NOT_NEWER:
    'いま使っている証明書より新しくありません（同じ証明書か古い証明書です）。取り込みません。ORCAMO の画面から差し替え用の証明書をダウンロードしてください。',
  EXPIRED: '証明書の有効期限が切れているため取り込みません。ORCAMO の画面から新しい証明書をダウンロードしてください。',
  NOT_CLIENT_AUTH:
    'クライアント認証用の証明書ではないため、WebORCA の接続に使えません。ORCAMO からダウンロードしたクライアント証明書のファイルか確認してください。',
  IS_CA: '認証局（CA）の証明書で、クライアント証明書ではありません。ORCAMO からダウンロードしたクライアント証明書のファイルを指定してください。',
  KEY_MISMATCH: 'ファイル内の秘密鍵が証明書と一致しません。ORCAMO の画面から証明書をもう一度ダウンロードしてください。',
  NO_PRIVATE_KEY: 'ファイルに秘密鍵が含まれていないため、WebORCA への接続に使えません。ORCAMO からダウンロードした .p12 ファイルを指定してください。',
  MULTIPLE_IDENTITIES:
    'PKCS#12ファイル中に複数のクライアント証明書が見つかりました。ORCAMO からダウンロードした、証明書が 1 つだけのファイルを指定してください。',
  NO_CURRENT_IDENTITY:
    'この PC には、比べる元になる WebORCA の証明書（いま使っている証明書）が見つかりません。安全のため、ブラウザからの更新では取り込みません。IT 担当者に weborca-cert import での取り込みを依頼してください。',
  NOT_WEBORCA_ISSUER:
    'WebORCA のクライアント証明書ではありません（発行者が「{expected}」ではなく「{issuer}」です）。このツールは WebORCA の証明書だけを取り込み、管理するため、取り込みません。ORCAMO からダウンロードしたクライアント証明書のファイルを指定してください。',
  NO_STORE: 'この PC には証明書を取り込める場所が見つかりませんでした。weborca-cert doctor を実行してください。',
  REMOVE_NOT_WEBORCA: 'この証明書は WebORCA の証明書ではないため、削除しません。',
  REMOVE_NOT_SUPERSEDED: '同じ名義の、接続確認済みの新しい証明書が {store} にないため、この証明書は削除しません。古い証明書はそのまま使えます。',
  BACKUP_FAILED: 'バックアップ用のフォルダー（{folder}）に保存できませんでした。空き容量と権限を確認してください。',
  BACKUP_REFUSED:
    'PKCS#12（.p12）の証明書ファイルではないため、バックアップしませんでした（{reason}）。ORCAMO の画面から証明書をもう一度ダウンロードしてください。',
  FILE_NOT_FOUND: 'ファイルが見つかりません: {path}。ファイル名と保存場所を確認してください。',
  FILE_NOT_READABLE: 'ファイルを読み込めません: {path}（{reason}）。ファイルのアクセス権を確認してください。',
  FILE_REFUSED_SYMLINK: '{path} はシンボリックリンクのため読み込みません。リンク先のファイルそのものを指定してください。',
  FILE_REFUSED_NOT_REGULAR: '{path} は通常のファイルではないため読み込みません。証明書ファイル（.p12）を指定してください。',
  // ── readDownload: the file the browser has just downloaded ({reason} from reasonKey) ──
  READ_REFUSED: 'ダウンロードされたファイルを読み取れません（{reason}）。ブラウザーの「ダウンロード」フォルダーにある証明書ファイルを確認してください。',
  READ_FAILED: 'ダウンロードされたファイルを読み取れませんでした。ファイルの権限を確認してください。',
  'readDownload.notAbsolute': '絶対パスではありません',
  'readDownload.notP12': '.p12 または .pfx のファイルではありません',
  'readDownload.notFound': 'ファイルが見つかりません',
  'readDownload.symlink': 'シンボリックリンクです',
  'readDownload.notRegular': '通常のファイルではありません',
  'readDownload.tooLarge': '1 MiB を超えています',
  'readDownload.notRecent': '最近ダウンロードされたファイルではありません',
  'readDownload.cannotOpen': '開けません',
  'readDownload.changed': '読み取り中に変更されました',
  'cli.importDone': '証明書（シリアル番号 {serial}、有効期限 {date}）を取り込みました。',
  'cli.importFailed': '取り込めませんでした（{code}）: {message}',
  'cli.storeImported': '取り込み・確認済み',
  'cli.storeAlreadyPresent': '取り込み済みでした',
  'cli.backup': 'バックアップ: {path}',
  'cli.proved': '接続確認: {origin} が新しい証明書を受け付けました。',
  'cli.restartBrowser': 'ブラウザを再起動してから WebORCA に接続してください。古い証明書も期限までは使えます。',
  'cli.nothingToCompare':
    '注意: この PC には WebORCA の証明書がないため、いま使っている証明書との比較（同じ名義・同じ認証局・より新しい）はできませんでした。初めての取り込みとして続けます。',
  'cli.noHandshake': '注意: --no-handshake が指定されたため、WebORCA への接続確認をせずに取り込みます。取り込んだ証明書は「接続確認済み」になりません。',
} as const;

export type CatalogueKey = keyof typeof JA;
