/** `list`: the identities of every store; a store that cannot be read is reported and the others still listed. */
import type { ReplyBody } from '../../../../src/lib/native-protocol';
import { storeFailure } from '../../stores/types';
import { errorBody } from '../failure';
import type { Handler } from './context';

export const list: Handler<'list'> = async (_request, context) => {
  const now = new Date();
  const stores = context.stores();
  const identities: ReplyBody<'list'>['identities'] = [];
  const errors: ReplyBody<'list'>['errors'] = [];
  for (const store of stores) {
    try {
      identities.push(...(await store.list(now)));
    } catch (error) {
      errors.push({ store: store.info, ...errorBody(storeFailure(error, store.info)) });
    }
  }
  return { ok: true, identities, stores: stores.map((store) => store.info), errors };
};
