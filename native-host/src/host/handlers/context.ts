/** What every request handler gets: this machine, its tools and paths, the user's host config, and the stores. */
import type { NativeRequestType, ReplyBody, RequestOf } from '../../../../src/lib/native-protocol';
import type { HostConfig } from '../../config';
import type { Executor } from '../../exec';
import type { Failure } from '../failure';
import type { HostPaths } from '../../paths';
import type { CertificateStore } from '../../stores/types';

export interface HandlerContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exec: Executor;
  paths: HostPaths;
  config: HostConfig;
  /** The user's certificate stores on this OS (injected in tests). */
  stores(): CertificateStore[];
}

/** A handler's answer: the success reply's body, or a failure the serving loop turns into an error reply. */
export type HandlerResult<T extends NativeRequestType> = ReplyBody<T> | { ok: false; error: Failure };

export type Handler<T extends NativeRequestType> = (request: RequestOf<T>, context: HandlerContext) => Promise<HandlerResult<T>>;
