/**
 * `list`: the WebORCA identities of every store (issuer CN Intermediate CA, clientAuth, not a CA — a clinic's other
 * certificates are none of the extension's business), each with its certificate and whether the host proved it in a
 * handshake; the issuer certificates the stores hold or the host recorded; a store that cannot be read is reported
 * and the others still listed.
 */
import { verifiedRecords } from '../../verified-records';
import { listWebOrcaIdentities } from '../../weborca-identities';
import { errorBody } from '../failure';
import type { Handler } from './context';

export const list: Handler<'list'> = async (_request, context) => {
  const stores = context.stores();
  const listing = await listWebOrcaIdentities(stores, verifiedRecords(context.paths.state), new Date());
  return {
    ok: true,
    identities: listing.identities.map(({ der: _der, ...identity }) => identity),
    issuers: listing.issuers.map((der) => Buffer.from(der).toString('base64')),
    stores: stores.map((store) => store.info),
    errors: listing.errors.map(({ store, failure }) => ({ store: store.info, ...errorBody(failure) })),
  };
};
