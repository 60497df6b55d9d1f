/**
 * Native messaging framing: a uint32 length in native byte order, then that many bytes of UTF-8 JSON.
 * The decoder is a pure state machine over chunks so it can be tested without processes, and it decides about
 * a bogus length as soon as the 4 header bytes are in — never waiting for bytes that a wrong length announces.
 */
import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

export type FrameEvent = { kind: 'frame'; payload: Buffer } | { kind: 'tooLarge'; declared: number };

/**
 * Each frame's body is assembled in ONE buffer of its declared length, allocated when its header is in: a large frame
 * costs its own size once, not its chunks plus their concatenation plus a copy (issue 12's memory bound).
 */
export class FrameDecoder {
  private header = Buffer.alloc(4);
  private headerBytes = 0;
  private body: Buffer | null = null;
  private bodyBytes = 0;
  private broken = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds a chunk; returns the complete frames (and at most one fatal event, after which it stops). */
  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let offset = 0;
    while (!this.broken) {
      if (this.body === null) {
        if (offset >= chunk.length) break;
        const take = Math.min(4 - this.headerBytes, chunk.length - offset);
        chunk.copy(this.header, this.headerBytes, offset, offset + take);
        this.headerBytes += take;
        offset += take;
        if (this.headerBytes < 4) break;
        const length = LITTLE_ENDIAN ? this.header.readUInt32LE(0) : this.header.readUInt32BE(0);
        this.headerBytes = 0;
        if (length > this.maxFrameBytes) {
          this.broken = true;
          events.push({ kind: 'tooLarge', declared: length });
          break;
        }
        this.body = Buffer.allocUnsafe(length);
        this.bodyBytes = 0;
      }
      const take = Math.min(this.body.length - this.bodyBytes, chunk.length - offset);
      chunk.copy(this.body, this.bodyBytes, offset, offset + take);
      this.bodyBytes += take;
      offset += take;
      if (this.bodyBytes === this.body.length) {
        // Complete (a zero-length body is complete at once, even at the end of a chunk).
        events.push({ kind: 'frame', payload: this.body });
        this.body = null;
      } else {
        break; // The chunk is used up; the rest of this body comes later.
      }
    }
    return events;
  }

  /** True when the stream ended inside a frame (a partial header or body). */
  get midFrame(): boolean {
    return !this.broken && (this.body !== null || this.headerBytes > 0);
  }
}

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const header = Buffer.alloc(4);
  if (LITTLE_ENDIAN) header.writeUInt32LE(body.length, 0);
  else header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Strict UTF-8 decoding: invalid sequences are an error, not U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
export function decodeUtf8(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}
