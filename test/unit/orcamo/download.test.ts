// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_FILE_NAME,
  downloadReplacement,
  fileNameFromDisposition,
  MAX_DOWNLOAD_BYTES,
  replacementFileName,
  sanitizeFileName,
  toBase64,
  type FetchLike,
} from '../../../src/content/orcamo-download';

const URL_ = 'https://orcamo.localhost/cloud/certificate/download';
/** A DER-looking body: PKCS#12 files start with a SEQUENCE tag. */
const P12 = Uint8Array.from({ length: 2600 }, (_, i) => (i === 0 ? 0x30 : (i * 7) & 0xff));

function respond(body: BodyInit | null, init: ResponseInit = {}): FetchLike {
  return vi.fn<FetchLike>(async () => new Response(body, init));
}

/** A body stream: the given chunks, then either the end, an error, or nothing ever again. */
function stream(chunks: Uint8Array[], then: 'end' | 'error' | 'hang'): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) return controller.enqueue(chunk);
      if (then === 'end') return controller.close();
      if (then === 'error') return controller.error(new TypeError('network error'));
      return new Promise<void>(() => {});
    },
  });
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('downloadReplacement', () => {
  it('fetches with the page credentials, no cache, a signal, and keeps the server file name', async () => {
    const fetchFn = respond(P12, {
      headers: { 'content-disposition': 'attachment; filename="601__JP_u00000126_client1210.p12"', 'content-length': String(P12.length) },
    });
    const result = await downloadReplacement(URL_, 5000, fetchFn);
    expect(result).toEqual({ ok: true, fileName: '601__JP_u00000126_client1210.p12', bytes: P12 });
    expect(fetchFn).toHaveBeenCalledWith(URL_, expect.objectContaining({ credentials: 'include', cache: 'no-store', redirect: 'follow' }));
    const init = vi.mocked(fetchFn).mock.calls[0]?.[1];
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('uses the global fetch, called on the global object, when none is given', async () => {
    const fetchFn = vi.fn(async function (this: unknown) {
      // window.fetch throws "Illegal invocation" when called detached: the default must call it as a method.
      expect(this === undefined || this === globalThis).toBe(true);
      return new Response(P12);
    });
    vi.stubGlobal('fetch', fetchFn);
    const result = await downloadReplacement(URL_, 5000);
    expect(result.ok).toBe(true);
    expect(fetchFn).toHaveBeenCalledOnce();
  });

  it.each([
    [500, 'Internal Server Error', 'HTTP 500 Internal Server Error'],
    [404, '', 'HTTP 404'],
    [403, 'Forbidden', 'HTTP 403 Forbidden'],
  ])('answers HTTP %i with DOWNLOAD_HTTP_ERROR', async (status, statusText, message) => {
    const result = await downloadReplacement(URL_, 5000, respond('<html>error</html>', { status, statusText }));
    expect(result).toEqual({ ok: false, error: { code: 'DOWNLOAD_HTTP_ERROR', message } });
  });

  it('times out on a server that never answers, even when fetch ignores the abort signal', async () => {
    vi.useFakeTimers();
    const never = vi.fn<FetchLike>(() => new Promise<Response>(() => {}));
    const pending = downloadReplacement(URL_, 1000, never);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'DOWNLOAD_TIMEOUT', message: 'no response within 1000 ms' } });
  });

  it('times out when the abort makes fetch reject (the browser way)', async () => {
    vi.useFakeTimers();
    const aborting: FetchLike = (_, init) =>
      new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const pending = downloadReplacement(URL_, 1500, aborting);
    await vi.advanceTimersByTimeAsync(1500);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'DOWNLOAD_TIMEOUT' } });
  });

  it('times out when the body stalls after the headers', async () => {
    vi.useFakeTimers();
    const pending = downloadReplacement(URL_, 1000, respond(stream([P12.subarray(0, 100)], 'hang')));
    await vi.advanceTimersByTimeAsync(1000);
    await expect(pending).resolves.toEqual({ ok: false, error: { code: 'DOWNLOAD_TIMEOUT', message: 'body not complete within 1000 ms' } });
  });

  it('reports a body shorter than its Content-Length as truncated', async () => {
    const half = P12.subarray(0, 1300);
    const result = await downloadReplacement(URL_, 5000, respond(half, { headers: { 'content-length': String(P12.length) } }));
    expect(result).toEqual({ ok: false, error: { code: 'DOWNLOAD_TRUNCATED', message: `received 1300 of ${P12.length} bytes` } });
  });

  it('reports a body that errors midway (connection reset) as truncated', async () => {
    const result = await downloadReplacement(URL_, 5000, respond(stream([P12.subarray(0, 100)], 'error')));
    expect(result).toMatchObject({ ok: false, error: { code: 'DOWNLOAD_TRUNCATED' } });
  });

  it('ignores Content-Length for an encoded body (fetch hands it over decoded)', async () => {
    const headers = { 'content-length': '900', 'content-encoding': 'gzip' };
    const result = await downloadReplacement(URL_, 5000, respond(P12, { headers }));
    expect(result.ok).toBe(true);
  });

  it('refuses a declared size over 1 MiB without reading it', async () => {
    const body = stream([P12], 'hang');
    const result = await downloadReplacement(URL_, 5000, respond(body, { headers: { 'content-length': String(2 * MAX_DOWNLOAD_BYTES) } }));
    expect(result).toEqual({
      ok: false,
      error: { code: 'DOWNLOAD_TOO_LARGE', message: `declared ${2 * MAX_DOWNLOAD_BYTES} bytes, over ${MAX_DOWNLOAD_BYTES}` },
    });
  });

  it('stops reading an undeclared body once it passes 1 MiB', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x30);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const result = await downloadReplacement(URL_, 5000, respond(endless));
    expect(result).toEqual({ ok: false, error: { code: 'DOWNLOAD_TOO_LARGE', message: `more than ${MAX_DOWNLOAD_BYTES} bytes` } });
    expect(pulled).toBeLessThan(10);
  });

  it('accepts exactly 1 MiB', async () => {
    const body = new Uint8Array(MAX_DOWNLOAD_BYTES).fill(0x30);
    const result = await downloadReplacement(URL_, 5000, respond(body));
    expect(result.ok && result.bytes.byteLength).toBe(MAX_DOWNLOAD_BYTES);
  });

  it.each([
    ['an empty body', ''],
    ['no body', null],
  ])('answers %s with DOWNLOAD_EMPTY', async (_, body) => {
    const result = await downloadReplacement(URL_, 5000, respond(body, { headers: { 'content-length': '0' } }));
    expect(result).toEqual({ ok: false, error: { code: 'DOWNLOAD_EMPTY', message: 'the server sent an empty file' } });
  });

  it('answers a network failure with DOWNLOAD_FAILED', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(downloadReplacement(URL_, 5000, failing)).resolves.toEqual({
      ok: false,
      error: { code: 'DOWNLOAD_FAILED', message: 'network error: TypeError' },
    });
  });

  it.each([
    ['served as text/html', '<!DOCTYPE html><title>ログイン</title>', { 'content-type': 'text/html; charset=utf-8' }],
    ['sniffed as HTML', '\n  <html><body>login</body></html>', { 'content-type': 'application/octet-stream' }],
  ])('answers a web page %s with DOWNLOAD_NOT_CERTIFICATE', async (_, body, headers) => {
    const result = await downloadReplacement(URL_, 5000, respond(body, { headers }));
    expect(result).toMatchObject({ ok: false, error: { code: 'DOWNLOAD_NOT_CERTIFICATE' } });
  });
});

describe('file names', () => {
  it.each([
    ['quoted', 'attachment; filename="601__JP_u00000126_client1210.p12"', '601__JP_u00000126_client1210.p12'],
    ['a token', 'attachment; filename=client1210.p12', 'client1210.p12'],
    ['RFC 5987 UTF-8, preferred', `attachment; filename="fallback.p12"; filename*=UTF-8''%E8%A8%BC%E6%98%8E%E6%9B%B8_client1210.p12`, '証明書_client1210.p12'],
    ['RFC 5987 first', `attachment; filename*=utf-8''a%20b.p12; filename="c.p12"`, 'a b.p12'],
    ['RFC 5987 with a language', `attachment; filename*=UTF-8'ja'%E8%A8%BC.pfx`, '証.pfx'],
    ['RFC 5987 ISO-8859-1', `attachment; filename*=iso-8859-1'en'%E9t%E9.p12`, 'été.p12'],
    ['a bad RFC 5987 value, falling back', `attachment; filename*=UTF-8''%E8%ZZ.p12; filename="ok.p12"`, 'ok.p12'],
    ['quoted with escapes', 'attachment; filename="a\\"b.p12"', 'a_b.p12'],
    ['a semicolon inside quotes', 'attachment; filename="a;b.p12"; size=3', 'a;b.p12'],
    ['a Windows path', 'attachment; filename="C:\\\\Users\\\\x\\\\client.p12"', 'client.p12'],
    ['a Unix path', 'attachment; filename="../../etc/client.p12"', 'client.p12'],
    ['a path in RFC 5987', `attachment; filename*=UTF-8''..%2F..%2Fclient.p12`, 'client.p12'],
    ['raw UTF-8 bytes (seen as Latin-1)', `attachment; filename="${String.fromCharCode(0xe8, 0xa8, 0xbc)}.p12"`, '証.p12'],
    ['control characters', 'attachment; filename="a\tb.p12"', 'ab.p12'],
    ['trailing dots and spaces', 'attachment; filename="client.p12. "', 'client.p12'],
    ['any extension, kept', 'attachment; filename="client.bin"', 'client.bin'],
    ['FILENAME in capitals', 'ATTACHMENT; FILENAME="x.p12"', 'x.p12'],
  ])('Content-Disposition %s', (_, header, name) => {
    expect(fileNameFromDisposition(header)).toBe(name);
  });

  it.each([
    ['inline', null],
    ['attachment; filename=""', null],
    ['attachment; filename=".."', null],
    ['attachment; filename="/"', null],
  ])('Content-Disposition %j gives no name', (header, name) => {
    expect(fileNameFromDisposition(header)).toBe(name);
  });

  it('falls back to the URL for .p12/.pfx names, else to certificate.p12', () => {
    expect(replacementFileName(null, 'https://o.localhost/files/004431_JP_u00000126_client1210.p12?x=1')).toBe('004431_JP_u00000126_client1210.p12');
    expect(replacementFileName('inline', 'https://o.localhost/files/%E8%A8%BC.PFX')).toBe('証.PFX');
    expect(replacementFileName(null, 'https://o.localhost/cloud/certificate/download')).toBe(DEFAULT_FILE_NAME);
    expect(replacementFileName(null, 'not a url')).toBe(DEFAULT_FILE_NAME);
    expect(replacementFileName('attachment; filename="x.p12"', 'https://o.localhost/y.p12')).toBe('x.p12');
  });

  it('caps names at 255 characters, keeping the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.p12`);
    expect(name?.length).toBe(255);
    expect(name?.endsWith('.p12')).toBe(true);
  });
});

describe('toBase64', () => {
  it('encodes like Node, also over the chunk size', () => {
    const big = Uint8Array.from({ length: 0x8000 * 2 + 5 }, (_, i) => (i * 31) & 0xff);
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0xff), P12, big]) {
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
