/**
 * The host's side of the protocol table (src/lib/native-protocol.ts): one handler per request type. The type
 * below makes a missing or mistyped handler a compile error. `hello` is part of the host's small core; every other
 * handler lives in the heavy part (heavy.ts), loaded when the first such request arrives: a `hello` never loads
 * the PKCS#12 reader, pkijs or the YAML library.
 */
import type { NativeRequest, NativeRequestType } from '../../../../src/lib/native-protocol';
import type { Handler, HandlerContext, HandlerResult } from './context';
import { loadHeavy } from '../../load-heavy';
import { hello } from './hello';

type HandlerTable = { [T in NativeRequestType]: () => Promise<Handler<T>> };

export const HANDLERS: HandlerTable = {
  hello: async () => hello,
  inspect: async () => (await loadHeavy()).inspect,
  import: async () => (await loadHeavy()).importHandler,
  list: async () => (await loadHeavy()).list,
  verifyLogin: async () => (await loadHeavy()).verifyLogin,
  removeIdentity: async () => (await loadHeavy()).removeIdentity,
  backup: async () => (await loadHeavy()).backup,
  readDownload: async () => (await loadHeavy()).readDownload,
  linkageList: async () => (await loadHeavy()).linkageList,
  linkageUpdate: async () => (await loadHeavy()).linkageUpdate,
};

export type { Handler, HandlerContext, HandlerResult } from './context';

/** The serving loop's handler: finds the request's handler in the table and runs it with the context. */
export function createHandler(context: HandlerContext): (request: NativeRequest) => Promise<HandlerResult<NativeRequestType>> {
  return async (request) => {
    const load = HANDLERS[request.type] as () => Promise<Handler<typeof request.type>>;
    return (await load())(request as never, context);
  };
}
