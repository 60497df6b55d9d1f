/**
 * Native messaging framing: a uint32 length in native byte order, then that many bytes of UTF-8 JSON.
 * The decoder is a pure state machine over chunks so it can be tested without processes, and it decides about
 * a bogus length as soon as the 4 header bytes are in — never waiting for bytes that a wrong length announces.
 */
import { endianness } from 'node:os';

const LITTLE_ENDIAN = endianness() === 'LE';

export type FrameEvent =
  | { kind: 'frame'; payload: Buffer }
  | { kind: 'tooLarge'; declared: number };

export class FrameDecoder {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private expected: number | null = null;
  private broken = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds a chunk; returns the complete frames (and at most one fatal event, after which it stops). */
  push(chunk: Buffer): FrameEvent[] {
    if (this.broken) return [];
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    const events: FrameEvent[] = [];
    for (;;) {
      if (this.expected === null) {
        if (this.bufferedBytes < 4) break;
        const header = this.take(4);
        const length = LITTLE_ENDIAN ? header.readUInt32LE(0) : header.readUInt32BE(0);
        if (length > this.maxFrameBytes) {
          this.broken = true;
          events.push({ kind: 'tooLarge', declared: length });
          break;
        }
        this.expected = length;
      }
      if (this.bufferedBytes < this.expected) break;
      events.push({ kind: 'frame', payload: this.take(this.expected) });
      this.expected = null;
    }
    return events;
  }

  /** True when the stream ended inside a frame (a partial header or body). */
  get midFrame(): boolean {
    return !this.broken && (this.expected !== null || this.bufferedBytes > 0);
  }

  private take(n: number): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered, this.bufferedBytes);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.bufferedBytes = rest.length;
    return Buffer.from(head);
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
