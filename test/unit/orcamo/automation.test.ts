// @vitest-environment jsdom
// @vitest-environment-options {"url":"https://orcamo.localhost/cloud/certificate"}
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  handleFetchReplacement,
  isFromOwnExtension,
  startOrcamoAutomation,
  type AutomationOptions,
  type ChromeLike,
  type SenderLike,
} from '../../../src/content/orcamo-automation';
import type { FetchLike } from '../../../src/content/orcamo-download';
import {
  FetchReplacementReply,
  type ClaimDownloadReply,
  type ClickDownloadReply,
  type OrcamoReply,
  type OrcamoToBackground,
  type ReadPasswordReply,
} from '../../../src/lib/messages';
import { orcamoCertificatePageHtml } from '../../simulator/orcamo-pages';
import { $, fixtureHtml, loadFixture, loadHtml } from './fixture';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BACKGROUND: SenderLike = { id: EXTENSION_ID };
const PASSWORD = 'jzN56hKHbm';
const FILE_NAME = '601__JP_u00000126_client1210.p12';
const P12 = Uint8Array.from({ length: 1800 }, (_, i) => (i === 0 ? 0x30 : (i * 13) & 0xff));
const P12_BASE64 = Buffer.from(P12).toString('base64');

type Listener = Parameters<ChromeLike['runtime']['onMessage']['addListener']>[0];

/** A fake `chrome` with what the script uses; `send` plays the background sending a message to the tab. */
function fakeChrome(id = EXTENSION_ID) {
  const listeners = new Set<Listener>();
  const sent: OrcamoToBackground[] = [];
  const chromeLike: ChromeLike = {
    runtime: {
      id,
      sendMessage: vi.fn(async (message: OrcamoToBackground) => {
        sent.push(message);
      }),
      onMessage: {
        addListener: (listener) => void listeners.add(listener),
        removeListener: (listener) => void listeners.delete(listener),
      },
    },
  };
  /** Resolves with the reply, or 'ignored' when no listener keeps the channel open. */
  function send<R extends OrcamoReply = FetchReplacementReply>(message: unknown, sender: SenderLike = BACKGROUND): Promise<R | 'ignored'> {
    return new Promise((resolve) => {
      let open = false;
      const respond = resolve as (reply: OrcamoReply) => void;
      for (const listener of listeners) open = listener(message, sender, respond) || open;
      if (!open) resolve('ignored');
    });
  }
  return { chromeLike, sent, listeners, send };
}

function command(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'background:fetchReplacement', runId: 'run-0001-abcd', timeoutMs: 5000, ...overrides };
}

function okFetch(headers: Record<string, string> = {}): FetchLike {
  return vi.fn<FetchLike>(
    async () =>
      new Response(P12, {
        headers: { 'content-disposition': `attachment; filename="${FILE_NAME}"`, 'content-length': String(P12.length), ...headers },
      }),
  );
}

/** What the simulator's script does on 確認する: the password box, inserted late. */
function revealLater(button: HTMLElement, delayMs: number, password = PASSWORD): { clicks: () => number } {
  let clicks = 0;
  button.addEventListener('click', () => {
    clicks++;
    setTimeout(() => {
      const box = document.createElement('div');
      box.innerHTML = `<div class="password-box-title">クライアント証明書のパスワード</div>
        <div class="password-row"><span class="pw"></span><button type="button">コピーする</button></div>`;
      const pw = box.querySelector('.pw');
      if (pw) pw.textContent = password;
      $('.password-slot').append(box);
    }, delayMs);
  });
  return { clicks: () => clicks };
}

const FAST: AutomationOptions = { readyWaitMs: 300, recogniseWaitMs: 200, passwordWaitMs: 1500 };
let stopAll: Array<() => void> = [];
function start(chromeLike: ChromeLike, opts: AutomationOptions): void {
  stopAll.push(startOrcamoAutomation(chromeLike, document, { ...FAST, ...opts }).stop);
}

let clipboardReads = 0;
beforeEach(() => {
  clipboardReads = 0;
  // The script must never touch the clipboard: any access to navigator.clipboard is counted.
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    get() {
      clipboardReads++;
      return undefined;
    },
  });
});
afterEach(() => {
  for (const stop of stopAll) stop();
  stopAll = [];
  vi.useRealTimers();
  vi.unstubAllGlobals();
  expect(clipboardReads).toBe(0);
});

describe('orcamo:ready', () => {
  it('announces a recognised page once', async () => {
    loadFixture('simulator.html');
    const { chromeLike, sent } = fakeChrome();
    start(chromeLike, {});
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toEqual([{ type: 'orcamo:ready', recognised: true }]);
  });

  it('announces an unrecognised page, then again when the SPA renders the line', async () => {
    loadHtml('<body><div id="app">読み込み中…</div></body>');
    const { chromeLike, sent } = fakeChrome();
    start(chromeLike, { readyWaitMs: 5000 });
    expect(sent).toEqual([{ type: 'orcamo:ready', recognised: false }]);
    $('#app').innerHTML = '<p>差し替え用のクライアント証明書のダウンロードは<a href="/dl">こちら</a></p>';
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ type: 'orcamo:ready', recognised: true });
  });

  it('stops watching after the ready timeout', async () => {
    loadFixture('login.html');
    const { chromeLike, sent } = fakeChrome();
    start(chromeLike, { readyWaitMs: 100 });
    await new Promise((r) => setTimeout(r, 250));
    document.body.insertAdjacentHTML('beforeend', '<p>差し替え用のクライアント証明書のダウンロードは<a href="/dl">こちら</a></p>');
    await new Promise((r) => setTimeout(r, 250));
    expect(sent).toEqual([{ type: 'orcamo:ready', recognised: false }]);
  });

  it('survives a background that is not listening', async () => {
    loadFixture('simulator.html');
    const { chromeLike } = fakeChrome();
    vi.mocked(chromeLike.runtime.sendMessage).mockRejectedValue(new Error('Could not establish connection'));
    expect(() => start(chromeLike, {})).not.toThrow();
    await new Promise((r) => setTimeout(r, 20));
  });
});

describe('background:fetchReplacement', () => {
  it('downloads in the page context, clicks 確認する once, waits for the password, and replies', async () => {
    loadFixture('simulator.html');
    const reveal = revealLater($('button[data-role=reveal]'), 300);
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });

    const reply = await send(command());
    expect(reply).toEqual({ ok: true, fileName: FILE_NAME, p12: P12_BASE64, password: PASSWORD });
    expect(v.is(FetchReplacementReply, reply)).toBe(true);
    expect(fetchFn).toHaveBeenCalledOnce();
    expect(vi.mocked(fetchFn).mock.calls[0]?.[0]).toBe('https://orcamo.localhost/cloud/certificate/download');
    expect(vi.mocked(fetchFn).mock.calls[0]?.[1]).toMatchObject({ credentials: 'include', cache: 'no-store' });
    expect(reveal.clicks()).toBe(1);
  });

  it('does not click when the password is already shown', async () => {
    loadFixture('simulator-revealed.html');
    const click = vi.fn();
    $('button[data-role=reveal]').addEventListener('click', click);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: PASSWORD });
    expect(click).not.toHaveBeenCalled();
  });

  it('runs the simulator page with its own script and the global fetch', async () => {
    const html = orcamoCertificatePageHtml('u00000126 / client1210');
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    loadHtml(html.replace(/<script>[\s\S]*<\/script>/, ''));
    const fetchFn = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/cloud/certificate/password' && init?.method === 'POST') return Response.json({ password: PASSWORD });
      if (url === 'https://orcamo.localhost/cloud/certificate/download') {
        return new Response(P12, { headers: { 'content-disposition': `attachment; filename="${FILE_NAME}"` } });
      }
      return new Response('not found', { status: 404 });
    });
    vi.stubGlobal('fetch', fetchFn);
    // The page's script runs in jsdom's own window, which is not the test's globalThis: the shared document is the
    // bridge that hands it the same fetch.
    Object.assign(document, { testFetch: fetchFn });
    const bridge = document.createElement('script');
    bridge.textContent = 'window.fetch = function (url, init) { return document.testFetch(url, init); };';
    document.body.append(bridge);
    const element = document.createElement('script');
    element.textContent = script;
    document.body.append(element); // jsdom runs it (runScripts: dangerously): the page's reveal handler is live.

    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    await expect(send(command())).resolves.toEqual({ ok: true, fileName: FILE_NAME, p12: P12_BASE64, password: PASSWORD });
    expect(fetchFn.mock.calls.map((call) => call[0])).toEqual(['https://orcamo.localhost/cloud/certificate/download', '/cloud/certificate/password']);
  });

  it.each([
    ['the table layout', 'table-layout.html', 'Xq7RtA2mPz'],
    ['the readonly input', 'readonly-input.html', 'bT4kW9zQ1e'],
    ['the whole-line controls', 'whole-line-controls.html', 'Rm5tGv8YcQ'],
    ['the noisy page', 'noise.html', 'jzN56hKHbm'],
  ])('reads an already shown password on %s', async (_, name, password) => {
    loadFixture(name);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    await expect(send(command())).resolves.toMatchObject({ ok: true, fileName: FILE_NAME, password });
  });

  it('reads the password from a modal dialog that 確認する opens', async () => {
    loadFixture('modal-dialog.html');
    const button = $('.item button.btn');
    button.addEventListener('click', () =>
      setTimeout(() => {
        $('.modal').classList.remove('is-hidden');
        $('#app').setAttribute('aria-hidden', 'true');
      }, 200),
    );
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: 'H3nR8sLw2K' });
  });

  it('reads a password the page puts into an existing input by property (no DOM mutation)', async () => {
    loadFixture('readonly-input.html');
    const input = $('#pw') as HTMLInputElement;
    input.removeAttribute('value');
    input.value = '';
    $('a[role=button]').addEventListener('click', (event) => {
      event.preventDefault();
      setTimeout(() => (input.value = 'Nw7Bq2Lx5C'), 100);
    });
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: 'Nw7Bq2Lx5C' });
  });

  it('waits for a 確認する button the page renders late', async () => {
    loadFixture('no-password-line.html');
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    setTimeout(() => {
      $('.card').insertAdjacentHTML(
        'beforeend',
        '<p>クライアント証明書のパスワードを確認する<button id="late">確認する</button></p><div class="password-slot"></div>',
      );
      revealLater($('#late'), 100);
    }, 200);
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: PASSWORD });
  });

  it('clicks despite a code merely near the line, and takes what the click reveals', async () => {
    loadFixture('noise.html');
    const row = $('.pw-row');
    row.remove();
    const click = vi.fn(() => setTimeout(() => $('.card').append(row), 100));
    $('.line button').addEventListener('click', click);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: PASSWORD });
    expect(click).toHaveBeenCalledOnce();
  });

  it('falls back to the code near the line when the click reveals nothing new', async () => {
    loadFixture('noise.html');
    $('.pw-row').remove();
    const click = vi.fn();
    $('.line button').addEventListener('click', click);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch(), passwordWaitMs: 300 });
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: '9K2L7M4N1P' });
    expect(click).toHaveBeenCalledOnce();
  });

  it('takes a password that shows without any 確認する button', async () => {
    loadFixture('no-password-line.html');
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch() });
    setTimeout(() => $('.card').insertAdjacentHTML('beforeend', '<p>パスワード：Rm5tGv8YcQ</p>'), 150);
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: 'Rm5tGv8YcQ' });
  });

  it('answers PASSWORD_NOT_FOUND when nothing shows after the click', async () => {
    loadFixture('simulator.html');
    const click = vi.fn();
    $('button[data-role=reveal]').addEventListener('click', click);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch(), passwordWaitMs: 300 });
    await expect(send(command())).resolves.toEqual({
      ok: false,
      error: { code: 'PASSWORD_NOT_FOUND', message: 'the page did not show the password after 確認する' },
    });
    expect(click).toHaveBeenCalledOnce();
  });

  it('answers PASSWORD_NOT_FOUND on a page without the password line', async () => {
    loadFixture('no-password-line.html');
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch(), passwordWaitMs: 200 });
    await expect(send(command())).resolves.toMatchObject({ ok: false, error: { code: 'PASSWORD_NOT_FOUND' } });
  });

  it('answers HTTP errors with DOWNLOAD_HTTP_ERROR and does not reveal the password', async () => {
    loadFixture('simulator.html');
    const click = vi.fn();
    $('button[data-role=reveal]').addEventListener('click', click);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: vi.fn<FetchLike>(async () => new Response('<html>500</html>', { status: 500, statusText: 'Internal Server Error' })) });
    await expect(send(command())).resolves.toEqual({
      ok: false,
      error: { code: 'DOWNLOAD_HTTP_ERROR', message: 'HTTP 500 Internal Server Error' },
    });
    expect(click).not.toHaveBeenCalled();
  });

  it('answers DOWNLOAD_TIMEOUT after the command timeout', async () => {
    loadFixture('simulator.html');
    vi.useFakeTimers();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: vi.fn<FetchLike>(() => new Promise<Response>(() => {})) });
    const reply = send(command({ timeoutMs: 1000 }));
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void reply.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(reply).resolves.toEqual({ ok: false, error: { code: 'DOWNLOAD_TIMEOUT', message: 'no response within 1000 ms' } });
  });

  it.each([
    ['truncated', new Response(P12.subarray(0, 900), { headers: { 'content-length': String(P12.length) } }), 'DOWNLOAD_TRUNCATED'],
    ['too large', new Response(new Uint8Array(1024 * 1024 + 1).fill(0x30)), 'DOWNLOAD_TOO_LARGE'],
    ['empty', new Response(''), 'DOWNLOAD_EMPTY'],
    ['a login page', new Response('<html>ログイン</html>', { headers: { 'content-type': 'text/html' } }), 'DOWNLOAD_NOT_CERTIFICATE'],
  ])('answers a %s download with its code', async (_, response, code) => {
    loadFixture('simulator.html');
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: async () => response });
    await expect(send(command())).resolves.toMatchObject({ ok: false, error: { code } });
  });

  it('keeps the file name variants of Content-Disposition', async () => {
    loadFixture('simulator-revealed.html');
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch({ 'content-disposition': `attachment; filename="x.p12"; filename*=UTF-8''..%2F%E8%A8%BC%E6%98%8E%E6%9B%B8.p12` }) });
    await expect(send(command())).resolves.toMatchObject({ ok: true, fileName: '証明書.p12' });
  });

  it('answers PAGE_NOT_RECOGNISED on another page, without fetching', async () => {
    loadFixture('login.html');
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    await expect(send(command())).resolves.toEqual({
      ok: false,
      error: { code: 'PAGE_NOT_RECOGNISED', message: 'the replacement-certificate download line is not on this page' },
    });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('waits briefly for a page the SPA is still rendering', async () => {
    loadHtml('<body><div id="app"></div><div class="password-slot"></div></body>');
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: okFetch(), recogniseWaitMs: 2000 });
    setTimeout(() => ($('#app').innerHTML = fixtureHtml('simulator-revealed.html').replace(/^[\s\S]*<body>|<\/body>[\s\S]*$/g, '')), 100);
    await expect(send(command())).resolves.toMatchObject({ ok: true, password: PASSWORD });
  });

  it.each([['a form POST button', 'button-form-post.html', 'DOWNLOAD_NEEDS_BROWSER']])(
    'answers %s with %s, without fetching or clicking',
    async (_, name, code) => {
      loadFixture(name);
      const fetchFn = okFetch();
      const click = vi.fn();
      $('a[onclick]').addEventListener('click', click);
      const { chromeLike, send } = fakeChrome();
      start(chromeLike, { fetch: fetchFn });
      await expect(send(command())).resolves.toMatchObject({ ok: false, error: { code } });
      expect(fetchFn).not.toHaveBeenCalled();
      expect(click).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['javascript:', '<a href="javascript:go()">こちら</a>', 'DOWNLOAD_NEEDS_BROWSER'],
    ['another origin', '<a href="https://files.example.jp/cert.p12">こちら</a>', 'DOWNLOAD_NEEDS_BROWSER'],
    ['no control at all', 'こちら', 'DOWNLOAD_LINK_NOT_FOUND'],
  ])('answers a download line with %s with %s', async (_, control, code) => {
    loadHtml(`<body><p>差し替え用のクライアント証明書のダウンロードは${control}</p></body>`);
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    await expect(send(command())).resolves.toMatchObject({ ok: false, error: { code } });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('answers INTERNAL_ERROR instead of throwing', async () => {
    loadFixture('simulator-revealed.html');
    const reply = await handleFetchReplacement({ type: 'background:fetchReplacement', runId: 'run-0001-abcd', timeoutMs: 5000 }, document, {
      fetch: okFetch(),
      recogniseWaitMs: 100,
    });
    expect(reply.ok).toBe(true);
    const broken = {
      get URL(): string {
        throw new Error('boom');
      },
    } as unknown as Document;
    await expect(
      handleFetchReplacement({ type: 'background:fetchReplacement', runId: 'run-0001-abcd', timeoutMs: 5000 }, broken, { recogniseWaitMs: 10 }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } });
  });

  it('runs once per runId: a repeated command shares the first answer', async () => {
    loadFixture('simulator.html');
    const reveal = revealLater($('button[data-role=reveal]'), 100);
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    const [a, b] = await Promise.all([send(command()), send(command())]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, password: PASSWORD });
    expect(fetchFn).toHaveBeenCalledOnce();
    expect(reveal.clicks()).toBe(1);
  });
});

describe('what the script ignores', () => {
  it.each([
    ['another type', { type: 'background:somethingElse', runId: 'run-0001-abcd', timeoutMs: 5000 }],
    ['an extra key', command({ url: 'https://evil.example/' })],
    ['a missing runId', { type: 'background:fetchReplacement', timeoutMs: 5000 }],
    ['a bad runId', command({ runId: 'RUN 1' })],
    ['a timeout below 1 s', command({ timeoutMs: 10 })],
    ['a timeout as a string', command({ timeoutMs: '5000' })],
    ['a string', 'background:fetchReplacement'],
    ['null', null],
  ])('a message with %s', async (_, message) => {
    loadFixture('simulator-revealed.html');
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    await expect(send(message)).resolves.toBe('ignored');
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it.each([
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' }],
    ['no id', {}],
    ['a content script of ours in a tab', { id: EXTENSION_ID, tab: { id: 3 } }],
  ])('a valid command from %s', async (_, sender) => {
    loadFixture('simulator-revealed.html');
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    await expect(send(command(), sender as SenderLike)).resolves.toBe('ignored');
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('isFromOwnExtension needs a known extension id', () => {
    expect(isFromOwnExtension({ id: EXTENSION_ID }, EXTENSION_ID)).toBe(true);
    expect(isFromOwnExtension({ id: '' }, '')).toBe(false);
    expect(isFromOwnExtension({}, undefined as unknown as string)).toBe(false);
  });

  it('stop() removes the listener', () => {
    loadFixture('simulator.html');
    const { chromeLike, listeners } = fakeChrome();
    const automation = startOrcamoAutomation(chromeLike, document, FAST);
    expect(listeners.size).toBe(1);
    automation.stop();
    expect(listeners.size).toBe(0);
  });
});

describe('background:clickDownload and background:readPassword (fallback: the browser downloads)', () => {
  const RUN = 'run-0002-form';
  const formPage = (): void => {
    loadHtml(orcamoCertificatePageHtml('u00000126 / client1210', 'form').replace(/<script>[\s\S]*<\/script>/, ''));
  };

  it('fetchReplacement answers DOWNLOAD_NEEDS_BROWSER on the form page, without fetching', async () => {
    formPage();
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    await expect(send(command())).resolves.toMatchObject({ ok: false, error: { code: 'DOWNLOAD_NEEDS_BROWSER' } });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('clickDownload really clicks the こちら button (its form submits) and replies ok', async () => {
    formPage();
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'こちら')!;
    const form = button.closest('form')!;
    const clicks = vi.fn();
    button.addEventListener('click', clicks);
    const submits = vi.fn((event: Event) => event.preventDefault());
    form.addEventListener('submit', submits);
    const reveal = vi.fn();
    $('button[data-role=reveal]').addEventListener('click', reveal);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    const reply = await send<ClickDownloadReply>({ type: 'background:clickDownload', runId: RUN });
    expect(reply).toEqual({ ok: true });
    expect(clicks).toHaveBeenCalledOnce();
    expect(submits).toHaveBeenCalledOnce();
    // The click starts the download only: the password is asked for separately.
    expect(reveal).not.toHaveBeenCalled();
  });

  it('clickDownload on a page without the line: PAGE_NOT_RECOGNISED, nothing clicked', async () => {
    loadFixture('login.html');
    const clicks = vi.fn();
    document.addEventListener('click', clicks, true);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    await expect(send<ClickDownloadReply>({ type: 'background:clickDownload', runId: RUN })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PAGE_NOT_RECOGNISED' },
    });
    expect(clicks).not.toHaveBeenCalled();
  });

  it('readPassword clicks 確認する once and returns the revealed password', async () => {
    formPage();
    const reveal = revealLater($('button[data-role=reveal]'), 200);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    const reply = await send<ReadPasswordReply>({ type: 'background:readPassword', runId: RUN, timeoutMs: 5000 });
    expect(reply).toEqual({ ok: true, password: PASSWORD });
    expect(reveal.clicks()).toBe(1);
  });

  it('readPassword without a click when the password is already shown', async () => {
    loadFixture('simulator-revealed.html');
    const click = vi.fn();
    $('button[data-role=reveal]').addEventListener('click', click);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    await expect(send<ReadPasswordReply>({ type: 'background:readPassword', runId: RUN, timeoutMs: 5000 })).resolves.toEqual({ ok: true, password: PASSWORD });
    expect(click).not.toHaveBeenCalled();
  });

  it('readPassword: PASSWORD_NOT_FOUND when nothing shows up', async () => {
    formPage();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { passwordWaitMs: 300 });
    await expect(send<ReadPasswordReply>({ type: 'background:readPassword', runId: RUN, timeoutMs: 5000 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_NOT_FOUND' },
    });
  });

  it.each([
    ['clickDownload with an extra key', { type: 'background:clickDownload', runId: RUN, url: 'https://evil.example/' }],
    ['clickDownload with a bad runId', { type: 'background:clickDownload', runId: 'RUN 2' }],
    ['clickDownload without runId', { type: 'background:clickDownload' }],
    ['readPassword without timeoutMs', { type: 'background:readPassword', runId: RUN }],
    ['readPassword with a timeout below 1 s', { type: 'background:readPassword', runId: RUN, timeoutMs: 5 }],
    ['readPassword with an extra key', { type: 'background:readPassword', runId: RUN, timeoutMs: 5000, copy: true }],
  ])('ignores %s', async (_, message) => {
    formPage();
    const clicks = vi.fn();
    document.addEventListener('click', clicks, true);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    await expect(send(message)).resolves.toBe('ignored');
    expect(clicks).not.toHaveBeenCalled();
  });

  it.each([
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' }],
    ['a content script of ours in a tab', { id: EXTENSION_ID, tab: { id: 3 } }],
  ])('ignores valid clickDownload/readPassword commands from %s', async (_, sender) => {
    formPage();
    const clicks = vi.fn();
    document.addEventListener('click', clicks, true);
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    await expect(send({ type: 'background:clickDownload', runId: RUN }, sender as SenderLike)).resolves.toBe('ignored');
    await expect(send({ type: 'background:readPassword', runId: RUN, timeoutMs: 5000 }, sender as SenderLike)).resolves.toBe('ignored');
    expect(clicks).not.toHaveBeenCalled();
  });
});

describe('background:claimDownload (the browser downloaded a blob: or data: URL after our click)', () => {
  const RUN = 'run-0003-blob';
  const claim = (url: string) => ({ type: 'background:claimDownload', runId: RUN, url });
  const blobPage = (): void => {
    loadHtml(orcamoCertificatePageHtml('u00000126 / client1210', 'blob').replace(/<script>[\s\S]*<\/script>/, ''));
  };

  it("a blob: URL of this page's origin is this page's: seen, with the bytes read back through the page", async () => {
    blobPage();
    const fetchFn = okFetch({ 'content-type': 'application/x-pkcs12' });
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    const url = 'blob:https://orcamo.localhost/1e0c7a43-7d5a-4a8e-9d4e-3b1f0c2d9a11';
    await expect(send<ClaimDownloadReply>(claim(url))).resolves.toEqual({ ok: true, seen: true, p12: P12_BASE64 });
    expect(fetchFn).toHaveBeenCalledWith(url, expect.objectContaining({ cache: 'no-store' }));
  });

  it('a blob: URL the page already revoked: still seen (its origin says whose it is), no bytes', async () => {
    blobPage();
    const gone = vi.fn<FetchLike>(async () => {
      throw new TypeError('Failed to fetch');
    });
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: gone });
    await expect(send<ClaimDownloadReply>(claim('blob:https://orcamo.localhost/1e0c7a43-7d5a-4a8e-9d4e-3b1f0c2d9a11'))).resolves.toEqual({
      ok: true,
      seen: true,
      p12: null,
    });
  });

  it("another origin's blob: URL, and a data: URL this page never clicked, are not ORCAMO's: not seen, nothing read", async () => {
    blobPage();
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    await expect(send<ClaimDownloadReply>(claim('blob:https://evil.example/1e0c7a43-7d5a-4a8e-9d4e-3b1f0c2d9a11'))).resolves.toEqual({
      ok: true,
      seen: false,
      p12: null,
    });
    await expect(send<ClaimDownloadReply>(claim(`data:application/x-pkcs12;base64,${P12_BASE64}`))).resolves.toEqual({ ok: true, seen: false, p12: null });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('a data: link the page itself clicked is seen and read', async () => {
    blobPage();
    const url = `data:application/x-pkcs12;base64,${P12_BASE64}`;
    const fetchFn = okFetch();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, { fetch: fetchFn });
    const a = document.createElement('a');
    a.href = url;
    a.download = FILE_NAME;
    a.addEventListener('click', (event) => event.preventDefault());
    document.body.append(a);
    a.click();
    await expect(send<ClaimDownloadReply>(claim(url))).resolves.toEqual({ ok: true, seen: true, p12: P12_BASE64 });
  });

  it.each([
    ['an https URL', 'https://orcamo.localhost/cloud/certificate/download'],
    ['a javascript: URL', 'javascript:alert(1)'],
  ])('ignores a claim for %s (only blob: and data: are claimed)', async (_, url) => {
    blobPage();
    const { chromeLike, send } = fakeChrome();
    start(chromeLike, {});
    await expect(send(claim(url))).resolves.toBe('ignored');
  });
});
