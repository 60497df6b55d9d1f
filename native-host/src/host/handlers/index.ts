/**
 * The host's side of the protocol table (src/lib/native-protocol.ts): one handler per request type. The type
 * below makes a missing or mistyped handler a compile error. Each handler is loaded only when its request first
 * arrives, so `hello` and `list` never load the PKCS#12 reader, pkijs or the YAML library.
 */
import type { NativeRequest, NativeRequestType } from '../../../../src/lib/native-protocol';
import type { Handler, HandlerContext, HandlerResult } from './context';

type HandlerTable = { [T in NativeRequestType]: () => Promise<Handler<T>> };

export const HANDLERS: HandlerTable = {
  hello: async () => (await import('./hello')).hello,
  inspect: async () => (await import('./inspect')).inspect,
  import: async () => (await import('./import')).importHandler,
  list: async () => (await import('./list')).list,
  verifyLogin: async () => (await import('./verify-login')).verifyLogin,
  removeIdentity: async () => (await import('./remove-identity')).removeIdentity,
  backup: async () => (await import('./backup')).backup,
  readDownload: async () => (await import('./read-download')).readDownload,
  linkageList: async () => (await import('./linkage')).linkageList,
  linkageUpdate: async () => (await import('./linkage')).linkageUpdate,
};

export type { Handler, HandlerContext, HandlerResult } from './context';

/** The serving loop's handler: finds the request's handler in the table and runs it with the context. */
export function createHandler(context: HandlerContext): (request: NativeRequest) => Promise<HandlerResult<NativeRequestType>> {
  return async (request) => {
    const load = HANDLERS[request.type] as () => Promise<Handler<typeof request.type>>;
    return (await load())(request as never, context);
  };
}
