/** `removeIdentity`: a certificate and its key, by thumbprint, from every store that holds it. */
import type { ReplyBody } from '../../../../src/lib/native-protocol';
import { storeFailure } from '../../stores/types';
import type { Handler } from './context';

export const removeIdentity: Handler<'removeIdentity'> = async (request, context) => {
  const removed: ReplyBody<'removeIdentity'>['removed'] = [];
  for (const store of context.stores()) {
    try {
      if ((await store.remove(request.thumbprint)).removed) removed.push({ store: store.info });
    } catch (error) {
      return { ok: false, error: storeFailure(error, store.info) };
    }
  }
  return { ok: true, removed };
};
