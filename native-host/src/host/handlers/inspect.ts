/** `inspect`: the PKCS#12 report of a file, exactly as `weborca-cert inspect --json` gives it. */
import { readPkcs12, toInspectJson } from '../../../../src/lib/pkcs12';
import type { Handler } from './context';
import { p12Bytes } from '../p12-field';

export const inspect: Handler<'inspect'> = async (request) => {
  const read = await readPkcs12(p12Bytes(request.p12), request.password);
  if (!read.ok) return { ok: false, error: read.error };
  return toInspectJson(read.report);
};
