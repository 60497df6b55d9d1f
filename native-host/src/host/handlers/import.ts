/**
 * `import`: check, prove and import the identity into every store of this user (identity-import.ts). The native
 * request always needs a WebORCA identity in use to compare with, and always proves the new one in a handshake first.
 */
import { importIdentity } from '../../identity-import';
import { proofOrigins } from '../../origins';
import { verifiedRecords } from '../../verified-records';
import { proveIdentity } from '../../verify-login';
import { errorBody } from '../failure';
import type { Handler } from './context';
import { p12Bytes } from '../p12-field';

export const importHandler: Handler<'import'> = async (request, context) => {
  const policy = context.config;
  const result = await importIdentity(
    { p12: p12Bytes(request.p12), password: request.password, fileName: request.fileName },
    {
      backupFolder: context.paths.backups,
      stores: context.stores(),
      records: verifiedRecords(context.paths.state),
      caller: 'native',
      prove: (identity) => proveIdentity(identity, proofOrigins(policy), policy),
    },
  );
  if (!result.ok) return { ok: false, error: result.error };
  return {
    ok: true,
    certificate: result.certificate,
    backup: result.backup,
    stores: result.stores.map((store) => (store.ok ? store : { store: store.store, ok: false as const, error: errorBody(store.error) })),
  };
};
