/** Words several commands share: why a file operation failed (fs-reason.ts), lists, the technical detail line. */
export const JA_COMMON = {
  'fs.accessDenied': 'アクセスが拒否されました',
  'fs.readOnlyDrive': '読み取り専用のドライブです',
  'fs.diskFull': 'ディスクの空きがありません',
  'fs.notFound': '見つかりません',
  'fs.alreadyExists': '同じ名前のファイルがあります',
  'fs.tooLarge': 'ファイルが大きすぎます',
  'fs.busy': 'ファイルが使用中です。使っているプログラムを止めてからもう一度実行してください',
  /** A system error we have no words for: its code (EIO…) is the most useful thing to show. */
  'fs.otherCode': '{errno}',
  'fs.unknown': '不明なエラー',
  /** Between the items of a list inside a sentence. */
  'list.separator': '、',
  /** A tool's raw output or a system error's text, on its own line below the sentence. */
  'cli.detail': '詳細: {detail}',
} as const;
