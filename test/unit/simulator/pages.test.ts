/**
 * The simulator's pages run in jsdom with a stubbed fetch: the SPA's screen switching, the late
 * and split blue bar, and ORCAMO's password reveal, without a browser.
 */
import { JSDOM } from 'jsdom';
import { installCheckVisibility } from '../../setup/check-visibility';
import { afterEach, describe, expect, test } from 'vitest';
import { orcamoCertificatePageHtml } from '../../simulator/orcamo-pages';
import { type SessionInfo, weborcaClientHtml } from '../../simulator/weborca-pages';

const RENEWAL_URL = 'https://orcamo.localhost:4443/cloud/certificate';

interface FakeResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

type Routes = Record<string, (body: string | undefined) => unknown>;

let dom: JSDOM | undefined;

afterEach(() => {
  dom?.window.close();
  dom = undefined;
});

function session(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    user: null,
    requireLogin: true,
    hospital: 'オルカ医院',
    bannerDelayMs: 150,
    certificate: null,
    renewal: { due: true, daysLeft: 60, url: RENEWAL_URL },
    ...overrides,
  };
}

function load(html: string, url: string, routes: Routes, extra?: (window: JSDOM['window']) => void): JSDOM['window'] {
  dom = new JSDOM(html, {
    url,
    runScripts: 'dangerously',
    pretendToBeVisual: true,
    beforeParse(window) {
      installCheckVisibility(window);
      const fetchStub = (input: string, init?: { body?: string }): Promise<FakeResponse> => {
        const route = routes[input];
        const value = route ? route(init?.body) : undefined;
        return Promise.resolve({ ok: !!route, status: route ? 200 : 404, json: () => Promise.resolve(value) });
      };
      Object.assign(window, { fetch: fetchStub });
      extra?.(window);
    },
  });
  return dom.window;
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function visibleScreens(doc: Document): string[] {
  return [...doc.querySelectorAll<HTMLElement>('.screen')].filter((el) => !el.classList.contains('hidden') && el.style.display !== 'none').map((el) => el.id);
}

/** Text as a person reads it: whitespace of any kind (incl. U+3000) removed. */
function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u3000]+/g, '');
}

describe('WebORCA client.html', () => {
  test('login screen, then M00 with title and the late, split blue bar', async () => {
    let current = session();
    const routes: Routes = {
      '/api/session': () => current,
      '/api/login': (body) => {
        const { user } = JSON.parse(body ?? '{}') as { user: string };
        current = session({ user });
        return { ok: true, user };
      },
    };
    const window = load(weborcaClientHtml(), 'https://weborca.localhost:4443/client.html', routes);
    const doc = window.document;

    await waitFor(() => !doc.getElementById('login')?.classList.contains('hidden'));
    expect(doc.title).toBe('WebORCA');
    expect(visibleScreens(doc)).toEqual([]);
    expect(doc.querySelector('h1')?.textContent).toBe('WebORCA');

    (doc.getElementById('user') as HTMLInputElement).value = 'ormaster';
    (doc.getElementById('pass') as HTMLInputElement).value = 'secret';
    const button = doc.querySelector<HTMLButtonElement>('button.gtk-button');
    expect(button?.textContent).toBe('ログイン');
    button?.click();

    await waitFor(() => doc.title.startsWith('(M00)'));
    expect(doc.title).toBe('(M00)マスターメニュー - オルカ医院 [ormaster]');
    expect(visibleScreens(doc)).toEqual(['M00']);
    expect(doc.getElementById('login')?.classList.contains('hidden')).toBe(true);
    expect(doc.getElementById('M00.fixed1.G01')?.textContent).toBe('01 医事業務');
    // Not there yet: the bar comes bannerDelayMs after the screen shows.
    expect(squash(doc.body.textContent)).not.toContain('有効期限が近づいています。更新');

    await waitFor(() => doc.querySelector('.infobar') !== null);
    const bar = doc.querySelector('.infobar');
    expect(squash(bar?.textContent)).toBe('クライアント証明書の有効期限が近づいています。更新60');
    expect(bar?.textContent).toMatch(/の\s+有効/); // split, with whitespace between the parts
    const split = [...(bar?.querySelectorAll('*') ?? [])].some((el) => squash(el.textContent) === 'クライアント証明書の');
    expect(split).toBe(true);
    const link = bar?.querySelector('a');
    expect(link?.getAttribute('href')).toBe(RENEWAL_URL);
    expect(squash(link?.textContent)).toBe('更新');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(doc.getElementById('M00')?.contains(bar ?? null)).toBe(true);
  });

  test('navigation: M00 → M01 → U02 and back; the bar leaves with M00 and comes back late', async () => {
    const window = load(weborcaClientHtml(), 'https://weborca.localhost:4443/client.html', {
      '/api/session': () => session({ requireLogin: false }),
    });
    const doc = window.document;
    await waitFor(() => doc.querySelector('.infobar') !== null);
    expect(doc.title).toBe('(M00)マスターメニュー - オルカ医院 [ormaster]');

    doc.getElementById('M00.fixed1.G01')?.click();
    expect(visibleScreens(doc)).toEqual(['M01']);
    expect(doc.title).toBe('(M01)業務メニュー - オルカ医院 [ormaster]');
    expect(doc.querySelector('.infobar')).toBeNull();

    const selnum = doc.getElementById('M01.fixed1.SELNUM') as HTMLInputElement;
    selnum.value = '11';
    selnum.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(visibleScreens(doc)).toEqual(['U02']);

    doc.getElementById('U02.fixed1.B01')?.click();
    doc.getElementById('M01.fixed1.B01')?.click();
    expect(visibleScreens(doc)).toEqual(['M00']);
    expect(doc.querySelector('.infobar')).toBeNull();
    await waitFor(() => doc.querySelector('.infobar') !== null);
    expect(doc.querySelectorAll('.infobar')).toHaveLength(1);
  });

  test('no bar when the certificate is not due; the news item with the same words is always there', async () => {
    const window = load(weborcaClientHtml(), 'https://weborca.localhost:4443/client.html', {
      '/api/session': () => session({ requireLogin: false, bannerDelayMs: 0, renewal: { due: false, daysLeft: 200, url: RENEWAL_URL } }),
    });
    const doc = window.document;
    await waitFor(() => doc.title.startsWith('(M00)'));
    await sleep(100);
    expect(doc.querySelector('.infobar')).toBeNull();
    const news = doc.getElementById('M00.fixed1.NEWS');
    expect(news?.textContent).toContain('◇システムクレオからのお知らせ◇');
    expect(squash(news?.textContent)).toContain('「クライアント証明書の有効期限が近づいています」と表示された場合の更新手順はこちら');
    const tabs = [...doc.querySelectorAll('.news-tab')].map((t) => t.textContent);
    expect(tabs).toEqual(['TOP', 'Windows端末用ソフトウェア', 'べてらん君関連', '完了報告フォーム', 'その他']);
  });
});

describe('ORCAMO page', () => {
  test('確認する reveals the password next to コピーする, which copies it', async () => {
    const copied: string[] = [];
    const window = load(
      orcamoCertificatePageHtml('u00000126 / client1210'),
      'https://orcamo.localhost:4443/cloud/certificate',
      { '/cloud/certificate/password': () => ({ password: 'jzN56hKHbm' }) },
      (w) => {
        Object.defineProperty(w.navigator, 'clipboard', {
          value: { writeText: (text: string) => (copied.push(text), Promise.resolve()) },
        });
      },
    );
    const doc = window.document;
    expect(doc.title).toBe('ORCAMO クラウド管理');
    const reveal = [...doc.querySelectorAll('button')].find((b) => b.textContent === '確認する');
    expect(reveal).toBeDefined();
    expect(squash(doc.body.textContent)).not.toContain('jzN56hKHbm');
    reveal?.click();

    await waitFor(() => squash(doc.body.textContent).includes('jzN56hKHbm'));
    const copy = [...doc.querySelectorAll('button')].find((b) => b.textContent === 'コピーする');
    expect(copy).toBeDefined();
    expect(doc.querySelector('.pw')?.textContent).toBe('jzN56hKHbm');
    copy?.click();
    await waitFor(() => copied.length > 0);
    expect(copied).toEqual(['jzN56hKHbm']);
  });
});
