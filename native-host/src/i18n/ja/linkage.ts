/**
 * The linkage tools' words (native-host/src/linkage, `weborca-cert linkage`). Parameters: `config` is a config file,
 * `file` a file it points at, `folder` a folder; `{reason}` is filled from `reasonKey` (fs-reason.ts) and `{cause}`
 * from `causeKey` (the failure an update stopped at; i18n/index.ts). Every entry a code of `linkageList` or
 * `linkageUpdate` can reach has a `code_<CODE>` twin in public/_locales for the extension.
 */
export const JA_LINKAGE = {
  // ── What a config says, and why it cannot be updated safely (linkage, linkageList, the refusal of an update) ──
  'linkage.configNotFound': '連携ツールの設定ファイルが見つかりません: {config}。指定したパスを確認してください。',
  'linkage.notFileOrFolder': '通常のファイルでもフォルダーでもありません: {config}。設定ファイル（.yml）を指定してください。',
  'linkage.configNotReadable': '設定ファイルを読めません: {config}（{reason}）。アクセス権を確認してください。',
  'linkage.configNotUtf8': '設定ファイルが UTF-8 ではありません: {config}。連携ツールの設定を確認してください。',
  'linkage.configUnparseable': '設定ファイルを YAML として読めません: {config}。メモ帳などで内容を確認してください。何も変更していません。',
  'linkage.configUnparseableAtLine':
    '設定ファイルを YAML として読めません: {config}（{line} 行目付近）。メモ帳などで内容を確認してください。何も変更していません。',
  'linkage.settingNotSimple': '設定ファイルの {setting} が単純な値ではありません: {config}。手作業で更新してください。',
  'linkage.settingMissing': '設定ファイルに {setting} がありません: {config}。',
  'linkage.rewriteUnsafe': '設定ファイルを安全に書き換えられません: {config}。手作業で更新してください。何も変更していません。',
  'linkage.noCertificateSettings': ':cert などの証明書の設定がありません: {config}。連携ツールの設定ファイルを指定してください。',
  'linkage.settingEmpty': '{setting} の値がありません: {config}。連携ツールの設定を確認してください（自動更新できません）。',
  'linkage.certFileMissing': '証明書ファイルが見つかりません: {file}（{config} の :cert）。設定のパスを確認してください。何も変更していません。',
  'linkage.certUnreadable': '証明書ファイルを PEM として読めません: {file}。ファイルの中身を確認してください。',
  'linkage.keyFileMissing': '秘密鍵ファイルが見つかりません: {file}（{config} の :cert_key）。設定のパスを確認してください。何も変更していません。',
  'linkage.readOnly':
    '設定ファイルが読み取り専用か、書き込む権限がありません: {config}。読み取り専用を外すか、管理者として実行してください。何も変更していません。',
  'linkage.folderReadOnly': '証明書を置くフォルダーに書き込めません: {folder}。管理者として実行してください。何も変更していません。',

  // ── linkage update ──
  /** A problem of the new certificate that blocks the update: its sentence ({problem} from problemKey, pkcs12.ts). */
  'linkage.certificateRefused': '{problem}（連携ツールの設定は何も変更していません。）',
  'linkage.noPrivateKey': '証明書ファイルに証明書と対になる秘密鍵がありません。ORCAMO から取得したファイルを指定してください。何も変更していません。',
  'linkage.refused': '連携ツールの設定に問題があるため、更新しませんでした: {problem}',
  'linkage.refusedWithOthers': '連携ツールの設定に問題があるため、更新しませんでした（ほか {others} 件）: {problem}',
  'linkage.noConfigs':
    '連携ツール（onshi-shell・onshi-receiver・push-exchanger）の設定ファイルが見つかりません。--config で設定ファイルの場所を指定してください。',
  'linkage.planReadFailed': '連携ツールの証明書ファイルを読めませんでした（{reason}）。アクセス権を確認してください。何も変更していません。',
  'linkage.subjectMismatch':
    '連携ツールの証明書（{current}）と新しい証明書（{renewed}）の名義（医療機関・端末）が違います: {config}。正しい証明書ファイルを指定してください。何も変更していません。',
  'linkage.olderCertificate':
    '新しい証明書（{renewedUntil} まで）が、連携ツールの証明書（{currentUntil} まで）より古いものです: {config}。最新の証明書ファイルを指定してください。何も変更していません。',
  'linkage.nameUnavailable': '新しいファイルの名前を決められません（{folder}）。フォルダーを整理してください。何も変更していません。',
  'linkage.backupFailed': 'バックアップ用のフォルダー（{folder}）に保存できませんでした（{reason}）。空き容量と権限を確認してください。何も変更していません。',
  'linkage.newFileNotWritten': '新しい証明書ファイルを書き込めませんでした: {file}（{reason}）。管理者として実行してください。',
  'linkage.keyCheckFailed': '書き込んだ秘密鍵がパスフレーズで開けないか、証明書と一致しません: {file}。',
  'linkage.configChanged': '更新中に設定ファイルが変更されました: {config}。連携ツールの設定画面などを閉じてから、もう一度実行してください。',
  'linkage.configNotWritten': '設定ファイルを書き換えられませんでした: {config}（{reason}）。読み取り専用を外すか、管理者として実行してください。',
  'linkage.configCheckFailed': '書き換えた設定ファイルの内容を確認できませんでした: {config}。',
  'linkage.updateFailed': '連携ツールの設定を更新できませんでした（{reason}）。',
  'linkage.failedRestored': '{cause} 変更はすべて元に戻しました。古い証明書の設定のまま使えます。',
  /** One item of {paths} in linkage.restoreIncomplete. */
  'linkage.pathWithReason': '{path}（{reason}）',
  'linkage.restoreIncomplete':
    '{cause} 元に戻す途中でも失敗しました: {paths}。バックアップ（{backupFolder}）から weborca-cert linkage rollback {backupId} で戻してください。',

  // ── linkage rollback ──
  'linkage.backupIdInvalid':
    'バックアップ ID の形式が正しくありません: {backupId}（例: 20250301-101530）。weborca-cert linkage rollback で最新のものを戻せます。',
  'linkage.backupNotFound': 'バックアップ {backupId} が見つからないか、記録（manifest.json）を読めません: {folder}。',
  'linkage.backupRecordDamaged': 'バックアップ {backupId} の記録が壊れています: {folder}。フォルダー内のファイルから手作業で戻してください。',
  'linkage.backupCopyDamaged': 'バックアップのコピーが見つからないか壊れています: {file}。何も変更していません。',
  'linkage.noBackup': '戻せる連携ツールのバックアップがありません（weborca-cert linkage update で変更したことがないか、すでに戻してあります）。',
  'linkage.rollbackFailed': '設定ファイルを戻せませんでした: {config}（{reason}）。もう一度実行するか、{file} を手作業でコピーしてください。',
  'linkage.rollbackFailedPartly':
    '設定ファイルを戻せませんでした: {config}（{reason}）（戻せたもの: {restored}）。もう一度実行するか、{file} を手作業でコピーしてください。',

  // ── The command's own output ──
  'linkage.cli.usage': [
    '使い方（実験的機能 / experimental）:',
    '  weborca-cert linkage [--json] [--config PATH]…',
    '      オンライン資格確認の連携ツールの設定と、使っている証明書の有効期限を表示する',
    '  weborca-cert linkage update FILE.p12 [--password-stdin] [--json] [--config PATH]… [--dry-run]',
    '      新しい証明書を連携ツールの設定に反映する（変更前にバックアップ。古い証明書ファイルは消しません）',
    '  weborca-cert linkage rollback [BACKUP_ID] [--json]',
    '      最後の（または指定した）更新の前の設定に戻す',
    '  --config PATH      設定ファイル（.yml）またはフォルダー。複数指定可。指定すると既定の場所は見ません',
    '  --password-stdin   .p12 のパスワードを標準入力から読む（末尾の改行 1 つは除く）。省略すると空のパスワード',
    '  --dry-run          確認だけして何も変更しない',
    '  --json             結果を JSON で出力する',
    '',
  ].join('\n'),
  'linkage.cli.configNeedsPath': '--config の後にパスを指定してください。',
  'linkage.cli.unknownOption': '不明なオプションです: {arg}',
  'linkage.cli.unknownArgument': '不明な引数です: {arg}',
  'linkage.cli.oneCertificateFile': '証明書ファイル（.p12）を 1 つ指定してください。',
  'linkage.cli.oneBackupId': 'rollback にはバックアップ ID を 1 つだけ指定できます。',
  'linkage.cli.passwordNotUtf8': '標準入力のパスワードを UTF-8 として読めません。',
  'linkage.cli.unexpected': '予期しないエラーが発生しました。もう一度実行し、解決しない場合はサポート窓口にお問い合わせください。',
  'linkage.cli.error': 'エラー（{code}）: {message}',
  'linkage.cli.listHeading': 'オンライン資格確認の連携ツール（実験的機能 / experimental linkage tools）:',
  'linkage.cli.noneFound': '設定ファイルは見つかりませんでした。--config PATH で場所を指定できます。 / No config found.',
  'linkage.cli.certNotSet': '証明書: （設定なし）',
  'linkage.cli.certMissing': '証明書: {file}（見つかりません）',
  'linkage.cli.certUnreadable': '証明書: {file}（読めません）',
  'linkage.cli.cert': '証明書: {file}',
  'linkage.cli.certSummary': '{subject}、シリアル {serial}、{until} まで（{left}）',
  'linkage.cli.expired': '期限切れ',
  'linkage.cli.daysLeft': '残り {days} 日',
  'linkage.cli.files': '秘密鍵: {key} · CA: {ca} · パスフレーズ: {passphrase} · 書き込み: {writable}',
  'linkage.cli.present': 'あり',
  'linkage.cli.absent': 'なし',
  'linkage.cli.writable': '可',
  'linkage.cli.notWritable': '不可',
  'linkage.cli.problemsHeading': '問題 / Problems（解決するまで linkage update は何も変更しません）:',
  'linkage.cli.dryRun': '次のように更新します（--dry-run のため何も変更していません）: シリアル {serial}、{until} まで',
  'linkage.cli.updated': '連携ツールの設定を新しい証明書（シリアル {serial}、{until} まで）に更新しました（実験的機能）。',
  'linkage.cli.alreadyCurrent': '連携ツールはすでに新しい証明書（シリアル {serial}）を使っています。何も変更していません。',
  'linkage.cli.newCert': '証明書 {file}',
  'linkage.cli.newKeyNewPassphrase': '秘密鍵 {file}（パスフレーズで暗号化・パスフレーズを新しく設定）',
  'linkage.cli.newKeyKeptPassphrase': '秘密鍵 {file}（パスフレーズで暗号化・既存のパスフレーズ）',
  'linkage.cli.caReplaced': 'CA {file}',
  'linkage.cli.caKept': 'CA {file}（変更なし）',
  'linkage.cli.unchanged': '{tool}: {config}（更新済み）',
  'linkage.cli.backup': 'バックアップ: {folder}',
  'linkage.cli.howToRollBack': '元に戻すとき: weborca-cert linkage rollback {backupId}',
  'linkage.cli.restartAfterUpdate': '古い証明書ファイルは残してあります。連携ツールを再起動して、接続を確認してください。',
  'linkage.cli.rolledBack': 'バックアップ {backupId} の状態に戻しました（{folder}）。',
  'linkage.cli.wasOriginal': '{config}（変更前のままでした）',
  'linkage.cli.movedAside': '更新で作ったファイルをバックアップへ移動: {from} → {to}',
  'linkage.cli.leftInPlace': '更新後に変更されていたため残したファイル: {file}',
  'linkage.cli.restartAfterRollback': '連携ツールを再起動してください。',
} as const;
