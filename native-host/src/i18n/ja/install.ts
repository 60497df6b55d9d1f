/**
 * Registering the host with the browsers (native-host/src/install, `weborca-cert install` / `uninstall`) and the
 * install hints for missing tools. `{reason}` is filled from `reasonKey` (fs-reason.ts), `{problem}` from
 * `problemKey` (what reg.exe did). None of these reach the extension: install runs from a terminal.
 */
export const JA_INSTALL = {
  // ── What install and uninstall find and report (also in --json) ──
  'install.unsupportedOs': 'この OS（{platform}）には対応していません。Windows、macOS、Linux で実行してください。',
  'install.configDamaged':
    '設定ファイル {config} が壊れているため、拡張機能 ID を追加できません。内容を直すかファイルを削除してから、もう一度実行してください。',
  'install.configDamagedIgnored': '設定ファイル {config} が壊れているため無視されます（開発版の ID だけが許可されます）。内容を直すか削除してください。',
  'install.programNotFound':
    '実行中の weborca-cert のファイルが見つかりません。weborca-cert.mjs を直接指定して実行してください（例: node /path/to/weborca-cert.mjs install）。',
  'install.notABundle': 'ビルドされた weborca-cert.mjs から実行してください（今は {script} から実行されています）。',
  'install.runFromTemporaryFolder':
    'weborca-cert が一時フォルダー（{script}）から実行されています。このファイルが消えるとブラウザから起動できなくなります。決まった場所に置いてから install を実行し直してください。',
  'install.runFromProtectedFolder':
    'weborca-cert が「デスクトップ」「書類」「ダウンロード」のいずれか（{script}）に置かれています。macOS のプライバシー保護でブラウザから起動できないことがあります。ほかのフォルダーに移してから install を実行し直してください。',
  'install.pathNotForCmd': 'パスに Windows のバッチファイルで扱えない文字が含まれています（{path}）。英数字だけのフォルダーに置いてから実行してください。',
  'install.browserNotFound': '見つかりません（{evidence} がありません）',
  'install.firefoxThroughPortal':
    'snap / Flatpak 版 Firefox は「WebExtensions ポータル」（xdg-desktop-portal）経由でのみホストを起動できます。ポータルのない環境では動きません。',
  'install.browserSandboxed':
    '{name} はサンドボックスの外のプログラム（weborca-cert）を起動できないため、拡張機能からの自動取り込みに対応していません。deb / rpm 版のブラウザを使うか、証明書を手作業で取り込んでください。',
  'install.noBrowser': '対応するブラウザ（Chrome、Chromium、Edge、Brave、Firefox）が見つかりません。ブラウザを一度起動してから、もう一度実行してください。',
  'install.folderNotWritable': '{folder} に書き込めません（{reason}）。フォルダーのアクセス権を確認してください。',
  'install.manifestNotWritten': '{file} に書き込めません（{reason}）',
  'install.registryNotWritten': 'レジストリ {registryKey} に登録できません（{problem}）',
  'install.browsersNotRegistered': '{browsers} に登録できませんでした。',
  'install.regNotStarted': 'reg.exe を起動できません',
  'install.regNoAnswer': 'reg.exe が応答しません',
  'install.regExitCode': 'reg.exe 終了コード {exitCode}',
  'install.regExitUnknown': 'reg.exe 終了コード 不明',
  'uninstall.unsupportedOs': 'この OS（{platform}）には対応していません。',
  'uninstall.notRemoved': '削除できません（{reason}）',

  // ── install's own output ──
  'install.cli.usage': [
    '使い方: weborca-cert install [--extension-id ID]... [--firefox-id ID]... [--json] [--dry-run]',
    '  ブラウザ（Chrome、Chromium、Edge、Brave、Firefox）に weborca-cert を登録します（このユーザーだけ、管理者権限は不要）。',
    '  --extension-id ID  許可する Chrome 拡張機能の ID（a〜p の 32 文字）。設定に追加され、何度でも指定できます',
    '  --firefox-id ID    許可する Firefox アドオンの ID（例: name@example.jp）',
    '  --json             結果を JSON で出力する',
    '  --dry-run          何も書き込まずに、行う内容だけを表示する',
    '',
  ].join('\n'),
  'install.cli.idNeeded': '{flag} の後に ID を指定してください。',
  'install.cli.extensionIdInvalid': '拡張機能の ID が正しくありません: {value}（a〜p の小文字 32 文字。chrome://extensions の「ID」を写してください）',
  /** `{GUID}` is written literally: a Firefox add-on id may be a GUID in braces. */
  'install.cli.firefoxIdInvalid': 'Firefox アドオンの ID が正しくありません: {value}（例: name@example.jp または {GUID}）',
  'install.cli.unknownArgument': '不明な引数です: {arg}',
  'install.cli.unexpected': '予期しないエラーで登録を中断しました。weborca-cert doctor を実行してください。',
  'install.cli.notRegistered': '登録できませんでした: {message}',
  'install.cli.dryRun': '（--dry-run: 何も書き込んでいません）次の内容で登録します。',
  'install.cli.registered': 'weborca-cert をブラウザに登録しました。',
  'install.cli.partlyRegistered': '一部のブラウザに登録できませんでした。',
  'install.cli.executable': '実行ファイル: {path}（{status}）',
  'install.cli.launcherScript': '起動用スクリプト: {path}（{status}）',
  'install.cli.browser': '{name}: {where}（{status}）',
  'install.cli.skippedHeading': '登録しなかったブラウザ:',
  'install.cli.extensionIds': '許可している拡張機能 ID: {ids}',
  'install.cli.firefoxIds': '許可している Firefox アドオン ID: {ids}',
  'install.cli.configFile': '設定ファイル: {path}（{status}）',
  'install.cli.warning': '注意: {warning}',
  'install.cli.error': 'エラー: {message}',
  'install.cli.restartBrowsers': 'ブラウザを再起動すると有効になります。状態の確認: weborca-cert doctor',
  'install.status.written': '書き込みました',
  'install.status.unchanged': '変更なし',
  'install.status.planned': '書き込み予定',
  'install.status.failed': '失敗',

  // ── uninstall's own output ──
  'uninstall.cli.usage': [
    '使い方: weborca-cert uninstall [--json] [--dry-run]',
    '  ブラウザへの登録（ホストの設定ファイル、レジストリ、起動用スクリプト）を削除します。',
    '  証明書、証明書ファイルのバックアップ、設定（config.json）、ログは削除しません。',
    '  --json     結果を JSON で出力する',
    '  --dry-run  何も削除せずに、削除する内容だけを表示する',
    '',
  ].join('\n'),
  'uninstall.cli.unexpected': '予期しないエラーで削除を中断しました。',
  'uninstall.cli.nothingRegistered': '削除するものはありませんでした（登録されていません）。',
  'uninstall.cli.dryRun': '（--dry-run: 何も削除していません）次のものを削除します。',
  'uninstall.cli.removed': '次のものを削除しました。',
  'uninstall.cli.registry': 'レジストリ: {path}',
  'uninstall.cli.launcher': '起動用スクリプト: {path}',
  'uninstall.cli.manifest': '登録ファイル: {path}',
  'uninstall.cli.notRemoved': '削除できませんでした: {path}（{message}）',
  'uninstall.cli.keptHeading': '次のものは削除していません（必要なら手作業で）:',
  'uninstall.cli.keptCertificates': '証明書: ブラウザ・OS の証明書ストアにある証明書はそのままです',
  'uninstall.cli.keptBackups': '証明書ファイルのバックアップ: {path}',
  'uninstall.cli.keptConfig': '設定: {path}',
  'uninstall.cli.keptLog': 'ログ: {path}',
  'uninstall.cli.restartBrowsers': 'ブラウザを再起動すると反映されます。',

  // ── How to install a missing tool (install-hints.ts; doctor and the NSS store print them) ──
  'hint.nodeOnMac': 'brew install node（または https://nodejs.org/ja から入手）',
  'hint.notNeededOnWindows': 'Windows では不要です（証明書ストアには Windows の API（crypt32）で取り込みます）。',
  'hint.nssToolsFromDistribution': 'NSS のツール（certutil と pk12util） をディストリビューションのパッケージからインストールしてください。',
  'hint.fromDistribution': '{tool} をディストリビューションのパッケージからインストールしてください。',
} as const;
