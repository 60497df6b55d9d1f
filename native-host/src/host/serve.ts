/**
 * The host's serving loop: frames in, one reply per request, in request order, frames out — and nothing else on
 * stdout. One request at a time, and the next frame is read only after the current one is answered (stdin is
 * paused meanwhile): a browser, or anything else, that queues many large frames fills the pipe, not our memory.
 * Every request is checked against its strict schema from the protocol table, and every success reply against
 * its own before it leaves: a handler bug becomes an INTERNAL error, never a malformed reply.
 */
import type { Readable, Writable } from 'node:stream';
import * as v from 'valibot';
import {
  MAX_REPLY_BYTES,
  MAX_REQUEST_BYTES,
  describeIssues,
  isNativeRequestType,
  nativeReplySchema,
  nativeRequestSchema,
  type ErrorReply,
  type NativeRequest,
} from '../../../src/lib/native-protocol';
import { FrameDecoder, decodeUtf8, encodeFrame } from './framing';
import { errorBody, type Failure } from './failure';
import { collectGarbage } from './gc';
import type { Logger } from '../log';

/** After a frame this large is answered, its garbage is collected at once (gc.ts). Real requests are far smaller. */
const LARGE_FRAME_BYTES = 1024 * 1024;

export type HandlerOutcome = { ok: true } | { ok: false; error: Failure };
export type RequestHandler = (request: NativeRequest) => Promise<HandlerOutcome>;

export interface ServeOptions {
  input: Readable;
  output: Writable;
  handle: RequestHandler;
  log: Logger;
  /** When set, every request is refused with this failure (e.g. a caller whose extension id is not allowed). */
  refuseAll?: Failure;
}

function errorReply(id: string | null, code: string, detail?: string): ErrorReply {
  return { id, ok: false, error: errorBody({ code, ...(detail ? { detail } : {}) }) };
}

/** Resolves when the loop has ended and every reply has been flushed to the output. */
export function serve(options: ServeOptions): Promise<void> {
  const { input, output, handle, log } = options;
  const decoder = new FrameDecoder(MAX_REQUEST_BYTES);
  /** Frames read but not answered yet (a chunk may carry several), then at most one fatal framing error. */
  const waiting: Array<Buffer | 'tooLarge'> = [];
  let busy = false;
  let ended = false;
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
      // The write callback of an empty write comes after every earlier reply is flushed.
      output.write('', () => {
        log.info('host.stop', { reason });
        resolve();
      });
    };

    /** Answers waiting frames one by one; reads more only when none is waiting. */
    const pump = async (): Promise<void> => {
      if (busy || finished) return;
      busy = true;
      try {
        while (waiting.length > 0 && !finished) {
          if (waiting[0] === 'tooLarge') {
            // A bogus length: answer once and leave at once instead of waiting for bytes that will never make sense.
            await send(errorReply(null, 'FRAME_TOO_LARGE'));
            return finish('frame too large');
          }
          const bytes = (waiting[0] as Buffer).length;
          // Only answer() holds the frame: once answered, nothing here keeps it alive.
          await send(await answer(waiting.shift() as Buffer));
          if (bytes > LARGE_FRAME_BYTES) collectGarbage();
        }
        if (ended) {
          if (decoder.midFrame) {
            log.warn('frame.truncated', {});
            await send(errorReply(null, 'TRUNCATED_FRAME'));
          }
          return finish('stdin closed');
        }
        input.resume();
      } finally {
        busy = false;
      }
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
      if (options.refuseAll) return { id, ok: false, error: errorBody(options.refuseAll) };
      const type = isRecord(json) ? json.type : undefined;
      if (!isNativeRequestType(type)) {
        if (typeof type === 'string') {
          log.warn('request.unknownType', { id, type: type.slice(0, 40) });
          return errorReply(id, 'UNKNOWN_TYPE', type.slice(0, 40));
        }
        log.warn('request.invalid', { id, type: null });
        return errorReply(id, 'BAD_REQUEST', '(root): type');
      }
      const parsed = v.safeParse(nativeRequestSchema(type), json);
      if (!parsed.success) {
        log.warn('request.invalid', { id, type });
        return errorReply(id, 'BAD_REQUEST', describeIssues(parsed.issues));
      }
      const request = parsed.output as NativeRequest;
      const started = Date.now();
      try {
        const outcome = await handle(request);
        log.info('request.done', { id: request.id, type, ok: outcome.ok, ms: Date.now() - started, ...(outcome.ok ? {} : { code: outcome.error.code }) });
        if (!outcome.ok) return { id: request.id, ok: false, error: errorBody(outcome.error) };
        const reply = { id: request.id, ...outcome };
        const checked = v.safeParse(nativeReplySchema(type), reply);
        if (checked.success) return checked.output;
        log.error('reply.invalid', { id: request.id, type, issues: describeIssues(checked.issues) });
        return errorReply(request.id, 'INTERNAL');
      } catch (error) {
        log.error('request.crashed', { id: request.id, type, error: error instanceof Error ? error.name : 'unknown' });
        return errorReply(request.id, 'INTERNAL');
      }
    };

    const onData = (chunk: Buffer): void => {
      for (const event of decoder.push(chunk)) {
        if (event.kind === 'frame') {
          waiting.push(event.payload);
        } else {
          log.warn('frame.tooLarge', { declared: event.declared });
          waiting.push('tooLarge');
          input.removeListener('data', onData);
          break;
        }
      }
      if (waiting.length > 0) {
        input.pause();
        void pump();
      }
    };

    input.on('data', onData);
    input.once('end', () => {
      ended = true;
      void pump();
    });
    input.once('error', () => finish('stdin error'));
    log.info('host.start', {});
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
