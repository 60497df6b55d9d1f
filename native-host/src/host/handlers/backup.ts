/** `backup`: the downloaded file goes to the backup folder before anything else is tried with it. */
import { backupP12 } from '../../backup';
import type { Handler } from './context';

export const backup: Handler<'backup'> = async (request, context) => {
  try {
    const saved = await backupP12(context.paths.backups, request.fileName, Buffer.from(request.p12, 'base64'));
    return { ok: true, path: saved.path };
  } catch {
    return { ok: false, error: { code: 'BACKUP_FAILED', message: `バックアップ用のフォルダー（${context.paths.backups}）に保存できませんでした。空き容量と権限を確認してください。` } };
  }
};
