/**
 * The host's side of the protocol table (src/lib/native-protocol.ts): one handler per request type. The type
 * below makes a missing or mistyped handler a compile error. `hello` is part of the host's small core; every other
 * handler lives in the heavy part (parts/heavy.ts), loaded when the first such request arrives: a `hello` never loads
 * the PKCS#12 reader, pkijs or the YAML library.
 */
import type { NativeRequest, NativeRequestType } from '../../../../src/lib/native-protocol';
import type { Handler, HandlerContext, HandlerResult } from './context';
import { loadPart } from '../../load-part';
import { hello } from './hello';

type HandlerTable = { [T in NativeRequestType]: () => Promise<Handler<T>> };

export const HANDLERS: HandlerTable = {
  hello: async () => hello,
  inspect: async () => (await loadPart('heavy')).inspect,
  import: async () => (await loadPart('heavy')).importHandler,
  list: async () => (await loadPart('heavy')).list,
  verifyLogin: async () => (await loadPart('heavy')).verifyLogin,
  removeIdentity: async () => (await loadPart('heavy')).removeIdentity,
  backup: async () => (await loadPart('heavy')).backup,
  readDownload: async () => (await loadPart('heavy')).readDownload,
  linkageList: async () => (await loadPart('heavy')).linkageList,
  linkageUpdate: async () => (await loadPart('heavy')).linkageUpdate,
};

export type { Handler, HandlerContext, HandlerResult } from './context';

/** The serving loop's handler: finds the request's handler in the table and runs it with the context. */
export function createHandler(context: HandlerContext): (request: NativeRequest) => Promise<HandlerResult<NativeRequestType>> {
  return async (request) => {
    const load = HANDLERS[request.type] as () => Promise<Handler<typeof request.type>>;
    return (await load())(request as never, context);
  };
}
