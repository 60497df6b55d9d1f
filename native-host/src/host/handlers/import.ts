/** `import`: back up, check and import the identity into every store of this user (identity-import.ts). */
import { importIdentity } from '../../identity-import';
import type { Handler } from './context';

export const importHandler: Handler<'import'> = async (request, context) => {
  const result = await importIdentity(
    { p12: Buffer.from(request.p12, 'base64'), password: request.password, fileName: request.fileName },
    { backupFolder: context.paths.backups, stores: context.stores() },
  );
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, certificate: result.certificate, backup: result.backup, stores: result.stores };
};
