/** `readDownload`: the one file the browser has just downloaded (see read-download.ts for what is refused). */
import { readDownload as read } from '../../read-download';
import type { Handler } from './context';

export const readDownload: Handler<'readDownload'> = async (request) => {
  const result = await read(request.path);
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, p12: result.p12.toString('base64'), fileName: result.fileName };
};
