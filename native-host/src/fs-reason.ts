/** Short Japanese reason for a file-system error, for messages that end with what to do about it. */
export function fsReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'アクセスが拒否されました';
  if (code === 'EROFS') return '読み取り専用のドライブです';
  if (code === 'ENOSPC') return 'ディスクの空きがありません';
  if (code === 'ENOENT' || code === 'ENOTDIR') return '見つかりません';
  if (code === 'EEXIST') return '同じ名前のファイルがあります';
  if (code === 'EFBIG') return 'ファイルが大きすぎます';
  if (code === 'EBUSY') return 'ファイルが使用中です。使っているプログラムを止めてからもう一度実行してください';
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : '不明なエラー';
}
