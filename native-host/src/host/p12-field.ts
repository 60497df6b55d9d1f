/**
 * The bytes of a request's base64 `p12`, decoded at most one byte past what any PKCS#12 file may be (1 MiB): a larger
 * value is TOO_LARGE for the reader either way, so decoding all of it (up to 6 MiB of an 8 MiB frame) would only cost
 * memory. The answer is the same as with the whole value.
 */
import { MAX_INPUT_BYTES } from '../../../src/lib/pkcs12';

const LIMIT_CHARS = Math.ceil((MAX_INPUT_BYTES + 1) / 3) * 4;

export function p12Bytes(base64: string): Buffer {
  return Buffer.from(base64.length > LIMIT_CHARS ? base64.slice(0, LIMIT_CHARS) : base64, 'base64');
}
