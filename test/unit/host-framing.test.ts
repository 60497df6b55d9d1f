/**
 * The frame decoder fed byte by byte, in odd chunks and all at once gives the same frames; each frame's body is one
 * buffer of its own length (never the chunks, their concatenation and a copy); a bogus length is refused as soon as
 * its 4 header bytes are in.
 */
import { describe, expect, test } from 'vitest';
import { FrameDecoder, encodeFrame } from '../../native-host/src/host/framing';

const stream = Buffer.concat([
  encodeFrame({ id: 'a' }),
  Buffer.from([0, 0, 0, 0]),
  encodeFrame({ id: 'b', p12: 'x'.repeat(70_000) }),
  encodeFrame({ id: 'c' }),
]);
const bodies = (decoder: FrameDecoder, chunks: Buffer[]): string[] =>
  chunks
    .flatMap((chunk) => decoder.push(chunk))
    .map((event) => (event.kind === 'frame' ? event.payload.toString('utf8').slice(0, 12) : `tooLarge ${event.declared}`));

describe('FrameDecoder', () => {
  test.each([
    ['all at once', [stream]],
    ['byte by byte', [...stream].map((byte) => Buffer.from([byte]))],
    ['odd chunks', Array.from({ length: Math.ceil(stream.length / 4093) }, (_, i) => stream.subarray(i * 4093, (i + 1) * 4093))],
    ['an empty frame ending a chunk', [stream.subarray(0, encodeFrame({ id: 'a' }).length + 4), stream.subarray(encodeFrame({ id: 'a' }).length + 4)]],
  ])('%s', (_name, chunks) => {
    const decoder = new FrameDecoder(8 * 1024 * 1024);
    expect(bodies(decoder, chunks)).toEqual(['{"id":"a"}', '', '{"id":"b","p', '{"id":"c"}']);
    expect(decoder.midFrame).toBe(false);
  });

  test('a frame body is exactly its own buffer', () => {
    const decoder = new FrameDecoder(8 * 1024 * 1024);
    const big = encodeFrame({ p12: 'y'.repeat(1_000_000) });
    const events = [0, 65_536, 131_072, big.length].slice(1).flatMap((end, i, ends) => decoder.push(big.subarray(i === 0 ? 0 : ends[i - 1], end)));
    expect(events).toHaveLength(1);
    const payload = (events[0] as { payload: Buffer }).payload;
    expect(payload.length).toBe(big.length - 4);
    expect(payload.buffer.byteLength).toBe(big.length - 4);
  });

  test('a bogus length is refused at once, and nothing after it is read', () => {
    const decoder = new FrameDecoder(8 * 1024 * 1024);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(0xfffffff0);
    expect(decoder.push(Buffer.concat([encodeFrame({ id: 'a' }), header, Buffer.from('junk')]))).toEqual([
      { kind: 'frame', payload: Buffer.from('{"id":"a"}') },
      { kind: 'tooLarge', declared: 0xfffffff0 },
    ]);
    expect(decoder.push(encodeFrame({ id: 'b' }))).toEqual([]);
  });

  test('ending inside a header or a body is mid-frame', () => {
    const a = new FrameDecoder(1024);
    a.push(Buffer.from([5, 0]));
    expect(a.midFrame).toBe(true);
    const b = new FrameDecoder(1024);
    b.push(encodeFrame({ id: 'x' }).subarray(0, 7));
    expect(b.midFrame).toBe(true);
  });
});
