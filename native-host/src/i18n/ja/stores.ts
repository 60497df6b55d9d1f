/**
 * What the Windows store (stores/windows/store.ts, crypt32) and the macOS login keychain (stores/macos/store.ts,
 * /usr/bin/security) say when they fail: StoreError.worded keys with `{store}`, `{path}`, `{code}` (a Win32 error as
 * 0x…, shown on purpose: it is what an IT vendor looks up), `{thumbprint}`. A tool's raw output goes to the detail
 * line, never into these sentences. `{action}` is filled from `actionKey`, one of the `store.action.*` entries: what
 * the store was doing (a noun phrase in Japanese, an -ing phrase in English).
 */
const NEXT_STEP = 'weborca-cert doctor を実行し、結果をサポートにお知らせください。';
const MANUAL = '手作業で取り込む場合は、証明書ファイルをダブルクリックして「証明書のインポート ウィザード」を使ってください。';
const CHECK_PERSONAL = `certmgr.msc（ユーザー証明書の管理）の「個人」を開いて確認し、${NEXT_STEP}`;
const PASSWORD_NEXT =
  'ORCAMO の管理画面でパスワードをもう一度確認してください。パスワードが正しい場合は、この Windows が証明書ファイルの暗号方式（AES）に対応していない可能性があります（Windows 10 バージョン 1709 以降が必要です）。Windows Update で最新の状態にしてからお試しください。';
const WINDOWS_NOT_IMPORTED = 'Windows が証明書ファイルを取り込めませんでした';
const IMPORT_NEXT = `古い証明書はそのまま使えます。${MANUAL}${NEXT_STEP}`;
const KEYCHAIN_CHECK = '「キーチェーンアクセス」の「ログイン」→「自分の証明書」を確認し、weborca-cert doctor の結果をサポートにお知らせください。';

export const JA_STORES = {
  // ── Windows: CurrentUser\My through crypt32 ──
  WINDOWS_IMPORT_BAD_THUMBPRINT: '取り込む証明書の拇印（thumbprint）が不正です。',
  WINDOWS_REMOVE_BAD_THUMBPRINT: '削除する証明書の拇印（thumbprint）が不正です。',
  WINDOWS_PASSWORD_NUL: `パスワードに NUL 文字が含まれているため Windows に渡せません。${MANUAL}`,
  WINDOWS_LEAF_NOT_IN_FILE: `Windows が読み取った証明書ファイルに、確認した証明書（{thumbprint}）が見つかりませんでした。${NEXT_STEP}`,
  WINDOWS_KEY_NOT_IMPORTED: `Windows は証明書ファイルの秘密鍵を取り込みませんでした。${MANUAL}`,
  WINDOWS_VERIFY_NO_CERTIFICATE: `{store} に取り込んだ証明書を確認できませんでした。${CHECK_PERSONAL}`,
  WINDOWS_VERIFY_NO_KEY: `{store} に取り込んだ証明書の秘密鍵を確認できませんでした。${CHECK_PERSONAL}`,
  WINDOWS_VERIFY_KEY_NOT_OPENED: `{store} に取り込んだ証明書の秘密鍵（開けません: {code}）を確認できませんでした。${CHECK_PERSONAL}`,
  WINDOWS_KEY_NOT_REMOVED: `証明書は削除しましたが、その秘密鍵を削除できませんでした（{code}）。証明書がないため、この鍵がログインに使われることはありません。${NEXT_STEP}`,
  WINDOWS_STILL_PRESENT: '{store} から証明書を削除できませんでした。certmgr.msc（ユーザー証明書の管理）の「個人」から削除してください。',
  WINDOWS_KOFFI_NOT_LOADED:
    'Windows の証明書ストアを使う部品（koffi.node: {path}）を読み込めません。WebORCA Cert Companion をインストールし直し、ウイルス対策ソフトが koffi.node を隔離していないか IT 担当者にご確認ください。',
  WINDOWS_STORE_DENIED:
    'Windows の証明書ストア（個人）を開けません（アクセス拒否 {code}）。グループ ポリシーなどで制限されていないか IT 担当者にご確認ください。',
  WINDOWS_STORE_FAILED: `Windows の証明書ストアでの{action}に失敗しました（{code}）。${NEXT_STEP}`,
  WINDOWS_INTERMEDIATE_UNREADABLE: '中間証明書を読み取れません（内部エラー）。もう一度お試しください。',
  WINDOWS_INTERMEDIATE_NOT_CA: '中間証明書として渡された証明書が中間 CA ではありません（内部エラー）。ルート証明書は取り込みません。',
  WINDOWS_BAD_PASSWORD: `Windows が証明書ファイルのパスワードを受け付けませんでした（{code}）。${PASSWORD_NEXT}`,
  WINDOWS_BAD_PASSWORD_NON_ASCII: `Windows が証明書ファイルのパスワードを受け付けませんでした（{code}）。パスワードに半角英数字以外の文字が含まれているため、Windows では別の文字として扱われた可能性があります。${PASSWORD_NEXT}`,
  WINDOWS_UNSUPPORTED_ALGORITHM:
    'この Windows は証明書ファイルの暗号方式に対応していません（{code}）。Windows Update で最新の状態にしてからもう一度お試しください（AES で保護されたファイルには Windows 10 バージョン 1709 以降が必要です）。',
  WINDOWS_IMPORT_FAILED: `${WINDOWS_NOT_IMPORTED}（{code}）。${IMPORT_NEXT}`,
  /** Windows failed without saying why (GetLastError 0: Wine's answer to an EC key or a wrong password). */
  WINDOWS_IMPORT_FAILED_NO_REASON: `${WINDOWS_NOT_IMPORTED}（{code}: 理由の説明なし）。${IMPORT_NEXT}`,
  WINDOWS_WRITE_DENIED:
    'Windows の証明書ストアへの書き込みが拒否されました（{action}、{code}）。グループ ポリシーなどで制限されていないか IT 担当者にご確認ください。',
  WINDOWS_WRITE_FAILED: `Windows の証明書ストアでの{action}に失敗しました（{code}）。${MANUAL}${NEXT_STEP}`,
  WINDOWS_REMOVE_DENIED: 'Windows の証明書ストアから証明書を削除できません（アクセス拒否 {code}）。certmgr.msc（ユーザー証明書の管理）から削除してください。',
  WINDOWS_REMOVE_FAILED:
    'Windows の証明書ストアから証明書を削除できませんでした（{code}）。certmgr.msc（ユーザー証明書の管理）の「個人」から削除してください。',

  // ── macOS: the login keychain through /usr/bin/security ──
  MACOS_BAD_THUMBPRINT: '証明書の SHA-1（thumbprint）が不正です。',
  MACOS_VERIFY_NO_CERTIFICATE: `{store} に取り込んだ証明書を確認できませんでした。${KEYCHAIN_CHECK}`,
  MACOS_VERIFY_NO_KEY: `{store} に取り込んだ証明書の秘密鍵を確認できませんでした。${KEYCHAIN_CHECK}`,
  MACOS_REMOVE_FAILED: '{store} から証明書を削除できませんでした。「キーチェーンアクセス」から削除してください。',
  MACOS_KEYCHAIN_MISSING: 'ログインキーチェーン（{path}）が見つかりません。「キーチェーンアクセス」を開いて、ログインキーチェーンがあるか確認してください。',
  MACOS_KEYCHAIN_FAILED: 'ログインキーチェーンでの{action}に失敗しました。weborca-cert doctor の結果をサポートにお知らせください。',
  MACOS_SECURITY_NOT_STARTED: 'macOS の security コマンド（{path}）を起動できません。macOS に標準で入っているコマンドです。IT 担当者にご確認ください。',
  MACOS_TIMEOUT:
    'ログインキーチェーンでの{action}が終わりませんでした。キーチェーンのパスワードを求めるダイアログが開いていないか確認し、もう一度お試しください。',
  MACOS_KEYCHAIN_LOCKED: 'ログインキーチェーンがロックされています。「キーチェーンアクセス」でロックを解除してから、もう一度お試しください。',
  MACOS_FORMAT_REFUSED: 'macOS が証明書ファイルの形式を受け付けませんでした。証明書ファイルをダブルクリックして手作業で取り込み、サポートにお知らせください。',
  MACOS_IMPORT_FAILED: 'ログインキーチェーンに取り込めませんでした。weborca-cert doctor の結果をサポートにお知らせください。',

  // ── What the store was doing ({action}) ──
  'store.action.list': '一覧の取得',
  'store.action.listCertificates': '証明書の一覧の取得',
  'store.action.check': '証明書の確認',
  'store.action.checkKeys': '秘密鍵の確認',
  'store.action.import': '証明書の取り込み',
  'store.action.importIntermediate': '中間証明書の取り込み（中間証明機関）',
  'store.action.checkImport': '取り込み結果の確認',
  'store.action.remove': '証明書の削除',
  'store.action.checkRemoval': '削除結果の確認',
} as const;
