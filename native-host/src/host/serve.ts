/**
 * The host's serving loop: frames in, one reply per request, in request order, frames out — and nothing else on
 * stdout. Requests are handled one at a time (a renewal is sequential anyway, and it keeps replies ordered).
 */
import type { Readable, Writable } from 'node:stream';
import * as v from 'valibot';
import {
  MAX_REPLY_BYTES,
  MAX_REQUEST_BYTES,
  NATIVE_REQUEST_TYPES,
  NativeRequest,
  describeIssues,
  type ErrorReply,
} from '../../../src/lib/native-protocol';
import { FrameDecoder, decodeUtf8, encodeFrame } from './framing';
import type { Logger } from '../log';

export type Reply = { ok: true; [key: string]: unknown } | { ok: false; error: { code: string; message: string } };
export type RequestHandler = (request: NativeRequest) => Promise<Reply>;

export interface ServeOptions {
  input: Readable;
  output: Writable;
  handle: RequestHandler;
  log: Logger;
  /** When set, every request is refused with this error (e.g. a caller whose extension id is not allowed). */
  refuseAll?: { code: string; message: string };
}

const MESSAGES = {
  FRAME_TOO_LARGE: 'リクエストが大きすぎます（上限 8 MiB）。拡張機能を更新してください。',
  TRUNCATED_FRAME: 'リクエストが途中で切れました。もう一度お試しください。',
  BAD_UTF8: 'リクエストが UTF-8 ではありません。拡張機能を更新してください。',
  BAD_JSON: 'リクエストが JSON ではありません。拡張機能を更新してください。',
  BAD_REQUEST: 'リクエストの形式が正しくありません。拡張機能とホストのバージョンを確認してください。',
  UNKNOWN_TYPE: '未対応のリクエストです。拡張機能とホスト（weborca-cert）のバージョンを確認してください。',
  REPLY_TOO_LARGE: '応答が大きすぎるため送れません。サポートにご連絡ください。',
  INTERNAL: 'ホストで予期しないエラーが起きました。weborca-cert doctor を実行し、サポートにご連絡ください。',
} as const;

function errorReply(id: string | null, code: keyof typeof MESSAGES, detail?: string): ErrorReply {
  return { id, ok: false, error: { code, message: detail ? `${MESSAGES[code]}（${detail}）` : MESSAGES[code] } };
}

/** Resolves when the loop has ended and every reply has been flushed to the output. */
export function serve(options: ServeOptions): Promise<void> {
  const { input, output, handle, log } = options;
  const decoder = new FrameDecoder(MAX_REQUEST_BYTES);
  let queue: Promise<void> = Promise.resolve();
  let finished = false;

  return new Promise<void>((resolve) => {
    const send = (message: object): Promise<void> => {
      let frame = encodeFrame(message);
      if (frame.length - 4 > MAX_REPLY_BYTES) {
        const id = 'id' in message && typeof message.id === 'string' ? message.id : null;
        frame = encodeFrame(errorReply(id, 'REPLY_TOO_LARGE'));
      }
      return new Promise((done) => output.write(frame, () => done()));
    };

    const finish = (reason: string): void => {
      if (finished) return;
      finished = true;
      input.removeListener('data', onData);
      input.pause();
      // Replies already queued go out first; the write callback of the last one means all are flushed.
      queue = queue.then(() => new Promise<void>((done) => output.write('', () => done())));
      void queue.then(() => {
        log.info('host.stop', { reason });
        resolve();
      });
    };

    const onFrame = (payload: Buffer): void => {
      queue = queue.then(async () => {
        const reply = await answer(payload);
        await send(reply);
      });
    };

    const answer = async (payload: Buffer): Promise<object> => {
      const text = decodeUtf8(payload);
      if (text === null) return errorReply(null, 'BAD_UTF8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return errorReply(null, 'BAD_JSON');
      }
      const id = isRecord(json) && typeof json.id === 'string' ? json.id : null;
      if (options.refuseAll) return { id, ok: false, error: options.refuseAll };
      const type = isRecord(json) ? json.type : undefined;
      if (typeof type === 'string' && !(NATIVE_REQUEST_TYPES as readonly string[]).includes(type)) {
        log.warn('request.unknownType', { id, type: type.slice(0, 40) });
        return errorReply(id, 'UNKNOWN_TYPE', type.slice(0, 40));
      }
      const parsed = v.safeParse(NativeRequest, json);
      if (!parsed.success) {
        log.warn('request.invalid', { id, type: typeof type === 'string' ? type : null });
        return errorReply(id, 'BAD_REQUEST', describeIssues(parsed.issues));
      }
      const request = parsed.output;
      const started = Date.now();
      try {
        const reply = await handle(request);
        log.info('request.done', { id: request.id, type: request.type, ok: reply.ok, ms: Date.now() - started, ...(reply.ok ? {} : { code: reply.error.code }) });
        return { id: request.id, ...reply };
      } catch (error) {
        log.error('request.crashed', { id: request.id, type: request.type, error: error instanceof Error ? error.name : 'unknown' });
        return errorReply(request.id, 'INTERNAL');
      }
    };

    const onData = (chunk: Buffer): void => {
      for (const event of decoder.push(chunk)) {
        if (event.kind === 'frame') {
          onFrame(event.payload);
        } else {
          // A bogus length: answer once and leave at once instead of waiting for bytes that will never make sense.
          log.warn('frame.tooLarge', { declared: event.declared });
          queue = queue.then(() => send(errorReply(null, 'FRAME_TOO_LARGE')));
          finish('frame too large');
          return;
        }
      }
    };

    input.on('data', onData);
    input.once('end', () => {
      if (decoder.midFrame) {
        log.warn('frame.truncated', {});
        queue = queue.then(() => send(errorReply(null, 'TRUNCATED_FRAME')));
      }
      finish('stdin closed');
    });
    input.once('error', () => finish('stdin error'));
    log.info('host.start', {});
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
