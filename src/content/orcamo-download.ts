/**
 * Downloads the replacement certificate in the ORCAMO page's own context: a same-origin fetch from the content
 * script carries the page's cookies, and the browser presents the TLS client certificate as it does for the page.
 * Every way a download can go wrong ends in one typed error; nothing is logged, nothing is stored.
 */
import { concatBytes } from '../lib/pkcs12/bytes';

/** `fetch` as the content script calls it; tests pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type DownloadErrorCode =
  'DOWNLOAD_HTTP_ERROR' | 'DOWNLOAD_TIMEOUT' | 'DOWNLOAD_FAILED' | 'DOWNLOAD_TRUNCATED' | 'DOWNLOAD_TOO_LARGE' | 'DOWNLOAD_EMPTY' | 'DOWNLOAD_NOT_CERTIFICATE';

export type DownloadResult = { ok: true; fileName: string; bytes: Uint8Array } | { ok: false; error: { code: DownloadErrorCode; message: string } };

/** Same cap as the PKCS#12 reader's TOO_LARGE: a client certificate file is a few KB. */
export const MAX_DOWNLOAD_BYTES = 1024 * 1024;
export const DEFAULT_FILE_NAME = 'certificate.p12';
const MAX_FILE_NAME_CHARS = 255;

/** `window.fetch` must be called on the window; a detached reference throws "Illegal invocation" in Chrome. */
const pageFetch: FetchLike = (url, init) => globalThis.fetch(url, init);

class Timeout extends Error {}

/** Fetches `url` with the page's credentials within `timeoutMs` (headers and body), capped at MAX_DOWNLOAD_BYTES. */
export async function downloadReplacement(url: string, timeoutMs: number, fetchFn: FetchLike = pageFetch): Promise<DownloadResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const fail = (code: DownloadErrorCode, message: string): DownloadResult => ({ ok: false, error: { code, message } });
  try {
    let response: Response;
    try {
      // no-store: a cached copy could be an earlier replacement whose password the page no longer shows.
      const request = fetchFn(url, { credentials: 'include', cache: 'no-store', redirect: 'follow', signal: controller.signal });
      response = await untilAborted(request, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return fail('DOWNLOAD_TIMEOUT', `no response within ${timeoutMs} ms`);
      return fail('DOWNLOAD_FAILED', `network error: ${errorName(error)}`);
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => {});
      return fail('DOWNLOAD_HTTP_ERROR', `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const declared = declaredLength(response.headers);
    if (declared !== null && declared > MAX_DOWNLOAD_BYTES) {
      void response.body?.cancel().catch(() => {});
      return fail('DOWNLOAD_TOO_LARGE', `declared ${declared} bytes, over ${MAX_DOWNLOAD_BYTES}`);
    }
    let bytes: Uint8Array | null;
    try {
      bytes = await readCapped(response, MAX_DOWNLOAD_BYTES, controller.signal);
    } catch {
      // The browser errors the body when the connection drops or delivers less than Content-Length.
      if (controller.signal.aborted) return fail('DOWNLOAD_TIMEOUT', `body not complete within ${timeoutMs} ms`);
      return fail('DOWNLOAD_TRUNCATED', 'the connection ended before the whole file arrived');
    }
    if (bytes === null) return fail('DOWNLOAD_TOO_LARGE', `more than ${MAX_DOWNLOAD_BYTES} bytes`);
    if (declared !== null && bytes.byteLength !== declared) {
      return fail('DOWNLOAD_TRUNCATED', `received ${bytes.byteLength} of ${declared} bytes`);
    }
    if (bytes.byteLength === 0) return fail('DOWNLOAD_EMPTY', 'the server sent an empty file');
    if (looksLikeWebPage(response.headers, bytes)) {
      // Typically a login or error page served with 200 after the session expired.
      return fail('DOWNLOAD_NOT_CERTIFICATE', 'the server sent a web page, not a certificate file');
    }
    const fileName = replacementFileName(response.headers.get('content-disposition'), response.url || url);
    return { ok: true, fileName, bytes };
  } finally {
    clearTimeout(timer);
  }
}

/** Content-Length when it counts the bytes we read: not for encoded bodies, which fetch hands over decoded. */
function declaredLength(headers: Headers): number | null {
  const encoding = headers.get('content-encoding');
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return null;
  const value = headers.get('content-length')?.trim();
  return value && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** The body, or null once it exceeds `cap` (the rest is not read). Throws when the body errors or on abort. */
async function readCapped(response: Response, cap: number, signal: AbortSignal): Promise<Uint8Array | null> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), signal);
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        void reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => {});
    throw error;
  }
  return concatBytes(...chunks);
}

/** Settles with `promise`, or rejects once `signal` aborts: a stream or fetch that ignores the signal cannot hang us. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Timeout());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Timeout());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** HTML by type, or a body starting with `<`: a DER PKCS#12 file starts with 0x30 (SEQUENCE). */
function looksLikeWebPage(headers: Headers, bytes: Uint8Array): boolean {
  if (/text\/html|application\/xhtml/i.test(headers.get('content-type') ?? '')) return true;
  for (const byte of bytes.subarray(0, 64)) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === 0x3c;
  }
  return false;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}

// ── file name ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The name to keep (the manual: "do not rename it"): Content-Disposition's, else the URL's last segment when it
 * names a .p12/.pfx file, else DEFAULT_FILE_NAME. Any directory part is dropped and characters no file system
 * accepts are replaced.
 */
export function replacementFileName(contentDisposition: string | null, url: string): string {
  const fromHeader = contentDisposition ? fileNameFromDisposition(contentDisposition) : null;
  if (fromHeader) return fromHeader;
  const fromUrl = fileNameFromUrl(url);
  return fromUrl && /\.(p12|pfx)$/i.test(fromUrl) ? fromUrl : DEFAULT_FILE_NAME;
}

/** `filename*=UTF-8''…` (RFC 6266/5987) wins over `filename="…"` / `filename=…`; null when neither gives a name. */
export function fileNameFromDisposition(header: string): string | null {
  const extended = /(?:^|;)\s*filename\*\s*=\s*("?)([^;"]*)\1/i.exec(header)?.[2];
  const decoded = extended ? decodeExtendedValue(extended.trim()) : null;
  const fromExtended = decoded ? sanitizeFileName(decoded) : null;
  if (fromExtended) return fromExtended;
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(header);
  const value = plain?.[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain?.[2]?.trim();
  return value ? sanitizeFileName(latin1AsUtf8(value)) : null;
}

/** `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 are the charsets RFC 5987 requires. */
function decodeExtendedValue(value: string): string | null {
  const m = /^([A-Za-z0-9!#$%&+^_`{}~-]+)'[^']*'(.*)$/.exec(value);
  if (!m) return null;
  const charset = (m[1] ?? '').toLowerCase();
  const encoded = m[2] ?? '';
  try {
    if (charset === 'utf-8') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1') return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    return null;
  }
  return null;
}

/** Headers are byte strings: a server that puts raw UTF-8 in `filename="…"` reaches us as Latin-1 mojibake. */
function latin1AsUtf8(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    const bytes = Uint8Array.from(value, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}

function fileNameFromUrl(url: string): string | null {
  try {
    const segment = new URL(url).pathname.split('/').pop() ?? '';
    return sanitizeFileName(decodeURIComponent(segment));
  } catch {
    return null;
  }
}

/** The last path segment, without control or reserved characters; null when nothing usable is left. */
export function sanitizeFileName(name: string): string | null {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  if (!clean || /^\.+$/.test(clean)) return null;
  if (clean.length <= MAX_FILE_NAME_CHARS) return clean;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(clean)?.[0] ?? '';
  return clean.slice(0, MAX_FILE_NAME_CHARS - ext.length) + ext;
}

// ── encoding ────────────────────────────────────────────────────────────────────────────────────────────────

/** Standard base64 (no `data:` prefix), in chunks: spreading 1 MiB into String.fromCharCode overflows the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
