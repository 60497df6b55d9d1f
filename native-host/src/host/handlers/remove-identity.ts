/**
 * `removeIdentity`: a WebORCA identity (certificate and key), by thumbprint — only where a verified newer identity of
 * the same subject supersedes it in the same store. Anything else (another certificate of the user's, a WebORCA
 * identity nothing proven replaces) is refused before anything is removed.
 */
import type { ReplyBody } from '../../../../src/lib/native-protocol';
import { isWebOrcaCertificate, summarizeCertificate } from '../../stores/certificate-summary';
import { storeFailure } from '../../stores/types';
import { verifiedRecords } from '../../verified-records';
import { listWebOrcaIdentities } from '../../weborca-identities';
import type { Handler } from './context';

export const removeIdentity: Handler<'removeIdentity'> = async (request, context) => {
  const now = new Date();
  const stores = context.stores();
  const listing = await listWebOrcaIdentities(stores, verifiedRecords(context.paths.state), now, { issuers: false });
  const thumbprint = request.thumbprint.toUpperCase();
  const targets = listing.identities.filter((identity) => identity.thumbprint === thumbprint);

  if (targets.length === 0) {
    // Not a WebORCA identity anywhere: refused if some store holds it as anything else, nothing to do otherwise.
    for (const store of stores) {
      try {
        const other = (await store.list(now)).find((identity) => identity.thumbprint === thumbprint);
        if (other && !isWebOrcaCertificate(summarizeCertificate(new Uint8Array(Buffer.from(other.certificate, 'base64')), now))) {
          return { ok: false, error: { code: 'REMOVE_REFUSED', key: 'REMOVE_NOT_WEBORCA' } };
        }
      } catch {
        // Unreadable here: nothing to remove here either.
      }
    }
    return { ok: true, removed: [] };
  }

  // Every store that holds it must hold a verified, newer identity of the same subject, or nothing is removed.
  for (const target of targets) {
    const supersededBy = listing.identities.find(
      (other) =>
        other.store.id === target.store.id &&
        other.thumbprint !== target.thumbprint &&
        other.verified &&
        other.hasPrivateKey &&
        sameName(other.subject.CN, target.subject.CN) &&
        sameName(other.subject.O, target.subject.O) &&
        Date.parse(other.notAfter) > Date.parse(target.notAfter),
    );
    if (!supersededBy) return { ok: false, error: { code: 'REMOVE_REFUSED', key: 'REMOVE_NOT_SUPERSEDED', params: { store: target.store.label } } };
  }

  const removed: ReplyBody<'removeIdentity'>['removed'] = [];
  for (const store of stores) {
    if (!targets.some((target) => target.store.id === store.info.id)) continue;
    try {
      if ((await store.remove(thumbprint)).removed) removed.push({ store: store.info });
    } catch (error) {
      return { ok: false, error: storeFailure(error, store.info) };
    }
  }
  return { ok: true, removed };
};

function sameName(a: string | string[] | undefined, b: string | string[] | undefined): boolean {
  return typeof a === 'string' && a === b;
}
