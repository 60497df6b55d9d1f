/**
 * Talking to the native host, Web eID style: one port per command, a `hello` handshake first, a timeout on every
 * reply, and every reply validated against its schema. Errors come back as {code, message}, never thrown strings.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import {
  ErrorReply,
  HelloReply,
  NATIVE_HOST_NAME,
  nativeReplySchema,
  nativeTimeoutMs,
  type NativeRequest,
  type NativeRequestType,
  type ReplyOf,
  type RequestOf,
} from '../lib/native-protocol';
import { t } from './i18n';

export type HostError = ErrorReply['error'];
export type HostResult<T> = { ok: true; value: T } | { ok: false; error: HostError };

const HANDSHAKE_TIMEOUT_MS = nativeTimeoutMs('hello');

/**
 * Sends one command (after the hello handshake) and returns its reply, validated against the protocol table's
 * reply schema for that type, or a typed error. The wait is the table's for that type unless the caller says.
 */
export async function callHost<T extends NativeRequestType>(
  command: Omit<RequestOf<T>, 'id'> & { type: T },
  timeoutMs: number = nativeTimeoutMs(command.type),
): Promise<HostResult<{ reply: ReplyOf<T>; hello: HelloReply }>> {
  let port: browser.Runtime.Port;
  try {
    port = browser.runtime.connectNative(NATIVE_HOST_NAME);
  } catch {
    return { ok: false, error: hostError('HOST_NOT_INSTALLED') };
  }
  const conversation = new Conversation(port);
  try {
    const hello = await conversation.request({ id: 'hello-1', type: 'hello' }, HANDSHAKE_TIMEOUT_MS);
    const helloReply = v.safeParse(HelloReply, hello);
    if (!helloReply.success) return { ok: false, error: asHostError(hello) };
    const reply = command.type === 'hello' ? hello : await conversation.request({ ...command, id: `${command.type}-2` } as NativeRequest, timeoutMs);
    const parsed = v.safeParse(nativeReplySchema(command.type), reply);
    if (!parsed.success) return { ok: false, error: asHostError(reply) };
    return { ok: true, value: { reply: parsed.output as ReplyOf<T>, hello: helloReply.output } };
  } catch (error) {
    return { ok: false, error: isHostError(error) ? error : hostError('HOST_PROTOCOL') };
  } finally {
    conversation.close();
  }
}

/** Frames go out in order and replies come back in order; each request waits for exactly its reply. */
class Conversation {
  private pending: { resolve: (message: unknown) => void; reject: (error: HostError) => void } | null = null;
  private closedWith: HostError | null = null;

  constructor(private readonly port: browser.Runtime.Port) {
    port.onMessage.addListener((message: unknown) => {
      const waiter = this.pending;
      this.pending = null;
      waiter?.resolve(message);
    });
    port.onDisconnect.addListener(() => {
      // Chrome reports why in runtime.lastError, Firefox in port.error.
      const lastError =
        (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome?.runtime?.lastError?.message ??
        (port as { error?: { message?: string } }).error?.message ??
        '';
      this.closedWith = /not found|not installed|forbidden/i.test(lastError) ? hostError('HOST_NOT_INSTALLED') : hostError('HOST_EXITED');
      const waiter = this.pending;
      this.pending = null;
      waiter?.reject(this.closedWith);
    });
  }

  request(message: NativeRequest, timeoutMs: number): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(hostError('HOST_TIMEOUT'));
      }, timeoutMs);
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      try {
        this.port.postMessage(message);
      } catch {
        clearTimeout(timer);
        this.pending = null;
        reject(this.closedWith ?? hostError('HOST_EXITED'));
      }
    });
  }

  close(): void {
    try {
      this.port.disconnect();
    } catch {
      // Already gone.
    }
  }
}

const HOST_ERROR_MESSAGES = {
  HOST_NOT_INSTALLED: 'hostErrorNotInstalled',
  HOST_EXITED: 'hostErrorExited',
  HOST_TIMEOUT: 'hostErrorTimeout',
  HOST_PROTOCOL: 'hostErrorProtocol',
} as const;

function hostError(code: keyof typeof HOST_ERROR_MESSAGES): HostError {
  return { code, message: t(HOST_ERROR_MESSAGES[code]) };
}

function isHostError(value: unknown): value is HostError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** A reply that is not what we asked for: the host's own error if it sent one, else a protocol error. */
function asHostError(reply: unknown): HostError {
  const parsed = v.safeParse(ErrorReply, reply);
  return parsed.success ? parsed.output.error : hostError('HOST_PROTOCOL');
}
