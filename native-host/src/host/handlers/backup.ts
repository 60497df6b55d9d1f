/** `backup`: the downloaded file goes to the backup folder before anything else is tried with it — if it is PKCS#12. */
import { BackupRefused, backupP12 } from '../../backup';
import type { Failure } from '../failure';
import type { Handler } from './context';

export const backup: Handler<'backup'> = async (request, context) => {
  try {
    const saved = await backupP12(context.paths.backups, request.fileName, Buffer.from(request.p12, 'base64'));
    return { ok: true, path: saved.path };
  } catch (error) {
    const failure: Failure =
      error instanceof BackupRefused
        ? { code: error.reason.code, key: 'BACKUP_REFUSED', params: { reason: error.reason.code } }
        : { code: 'BACKUP_FAILED', params: { folder: context.paths.backups } };
    return { ok: false, error: failure };
  }
};
