/** `backup`: the downloaded file goes to the backup folder before anything else is tried with it — if it is PKCS#12. */
import { BackupRefused, backupP12 } from '../../backup';
import type { Failure } from '../failure';
import type { Handler } from './context';
import { p12Bytes } from '../p12-field';

export const backup: Handler<'backup'> = async (request, context) => {
  try {
    const saved = await backupP12(context.paths.backups, request.fileName, p12Bytes(request.p12));
    return { ok: true, path: saved.path };
  } catch (error) {
    const failure: Failure =
      error instanceof BackupRefused
        ? { code: error.reason.code, key: 'BACKUP_REFUSED', params: { reason: error.reason.code } }
        : { code: 'BACKUP_FAILED', params: { folder: context.paths.backups } };
    return { ok: false, error: failure };
  }
};
