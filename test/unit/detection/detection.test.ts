// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detectExpiryBar, isShown, isWebOrcaDocument, visibleScreen } from '../../../src/lib/detection';
import { watchFor } from '../../../src/lib/dom-watch';
import { byId, loadFixture } from './fixture';

const NOW = new Date(2025, 0, 31, 9, 30); // local 2025-01-31: 59 days before 2025-03-31

describe('detectExpiryBar on saved WebORCA pages', () => {
  it('finds the plain bar in the visible master menu, with its 更新 link and the number beside it', () => {
    loadFixture('master-menu-bar.html');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found).not.toBeNull();
    expect(found?.bar.classList.contains('cert-notice')).toBe(true);
    expect(found?.text).toBe('クライアント証明書の有効期限が近づいています。更新100');
    expect(found?.renewControl?.localName).toBe('a');
    expect(found?.renewControl?.textContent).toBe('更新');
    expect(found?.orcamoUrl).toBe('https://cloud.orcamo.jp/client-cert/renew?tenant=u00000126');
    expect(found?.daysLeft).toBe(100);
    expect(found?.expiresOn).toBeNull();
    expect(found?.screen).toBe('M00');
  });

  it('finds the same bar from a subtree root', () => {
    loadFixture('master-menu-bar.html');
    expect(detectExpiryBar(byId('M00'))?.screen).toBe('M00');
    expect(detectExpiryBar(byId('M01'))).toBeNull();
  });

  it('finds text split across nested elements with full-width spaces, zero-width and NBSP', () => {
    loadFixture('master-menu-bar-split.html');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found?.bar.id).toBe('M00.fixed1.notice');
    expect(found?.text).toBe('⚠クライアント証明書の有効期限が近づいています.(残り45日)更新');
    expect(found?.renewControl?.classList.contains('btn')).toBe(true);
    // A relative href is resolved against the page (its <base>).
    expect(found?.orcamoUrl).toBe('https://weborca.cloud.orcamo.jp/orcamo/client-cert?from=weborca');
    expect(found?.daysLeft).toBe(45);
  });

  it('finds a GTK-fixed bar whose 更新 and days are absolutely placed siblings, past a quoting news item', () => {
    loadFixture('gtk-fixed-bar.html');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found?.bar.id).toBe('M00.fixed1.certmsg');
    expect(found?.renewControl?.id).toBe('M00.fixed1.certrenew');
    expect(found?.orcamoUrl).toBe('https://cloud.orcamo.jp/client-cert/renew');
    expect(found?.daysLeft).toBe(100);
  });

  it('detects a bar without 更新, reading the expiry date shown in it', () => {
    loadFixture('bar-no-renew.html');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found?.bar.classList.contains('cert-notice')).toBe(true);
    expect(found?.renewControl).toBeNull();
    expect(found?.orcamoUrl).toBeNull();
    expect(found?.expiresOn).toBe('2025-03-31');
    expect(found?.daysLeft).toBe(59);
  });

  it('detects a bar whose 更新 is a button without URL, and a Reiwa date', () => {
    loadFixture('bar-button-renew.html');
    const found = detectExpiryBar(document, { now: NOW });
    // The table holding text, 更新 and 閉じる, not the screen container with the menu buttons.
    expect(found?.bar.localName).toBe('table');
    expect(found?.text).toBe('クライアント証明書の有効期限が近づいています(令和7年3月31日まで)更新閉じる');
    expect(found?.renewControl?.localName).toBe('button');
    expect(found?.orcamoUrl).toBeNull();
    expect(found?.expiresOn).toBe('2025-03-31');
    expect(found?.daysLeft).toBe(59);
  });

  it('ignores javascript: links as the ORCAMO URL', () => {
    loadFixture('master-menu-bar.html');
    document.querySelector('.cert-notice a')?.setAttribute('href', 'javascript:openRenewal()');
    const found = detectExpiryBar(document);
    expect(found?.renewControl?.localName).toBe('a');
    expect(found?.orcamoUrl).toBeNull();
  });

  it('ignores a hidden 更新 control', () => {
    loadFixture('master-menu-bar.html');
    document.querySelector('.cert-notice a')?.setAttribute('hidden', '');
    expect(detectExpiryBar(document)?.renewControl).toBeNull();
  });

  it('returns null when the bar is only on a hidden screen (M00 hidden, M01 showing)', () => {
    loadFixture('hidden-screen-bar.html');
    expect(detectExpiryBar(document)).toBeNull();
    expect(visibleScreen(document)).toBe('M01');
  });

  it.each([
    ['class hidden', (el: HTMLElement) => el.classList.add('hidden')],
    ['hidden attribute', (el: HTMLElement) => el.setAttribute('hidden', '')],
    ['style display none', (el: HTMLElement) => (el.style.display = 'none')],
    ['style visibility hidden', (el: HTMLElement) => (el.style.visibility = 'hidden')],
    ['aria-hidden', (el: HTMLElement) => el.setAttribute('aria-hidden', 'true')],
    [
      'a stylesheet rule',
      (el: HTMLElement) => {
        const style = document.createElement('style');
        style.textContent = '.gone { display: none }';
        document.head.append(style);
        el.classList.add('gone');
      },
    ],
  ])('returns null when the bar or its screen is hidden by %s', (_, hide) => {
    loadFixture('master-menu-bar.html');
    hide(byId('M00'));
    expect(detectExpiryBar(document)).toBeNull();
    loadFixture('master-menu-bar.html');
    const bar = document.querySelector<HTMLElement>('.cert-notice');
    if (!bar) throw new Error('fixture');
    hide(bar);
    expect(detectExpiryBar(document)).toBeNull();
  });

  it('returns null when the words are only in news items, a sentence or a script', () => {
    loadFixture('news-only.html');
    expect(detectExpiryBar(document)).toBeNull();
  });

  it.each(['news-quoted', 'news-dated-link', 'news-sentence', 'news-quotative', 'news-inside'])('rejects the news variant #%s on its own', (id) => {
    loadFixture('news-only.html');
    for (const li of document.querySelectorAll('[id^="news-"]')) if (li.id !== id) li.remove();
    expect(detectExpiryBar(document)).toBeNull();
  });

  it('returns null on a page without the bar', () => {
    loadFixture('master-menu-no-bar.html');
    expect(detectExpiryBar(document)).toBeNull();
  });

  it('takes the cheap exit without style reads or tree walks on pages without the phrase', () => {
    loadFixture('master-menu-no-bar.html'); // contains 有効期限 (保険証の有効期限), not the phrase
    const styles = vi.spyOn(window, 'getComputedStyle');
    const walks = vi.spyOn(document, 'createTreeWalker');
    expect(detectExpiryBar(document)).toBeNull();
    expect(styles).not.toHaveBeenCalled();
    expect(walks).not.toHaveBeenCalled();
    styles.mockRestore();
    walks.mockRestore();
  });

  it('returns null on the login page, which is WebORCA', () => {
    loadFixture('login.html');
    expect(isWebOrcaDocument(document)).toBe(true);
    expect(detectExpiryBar(document)).toBeNull();
    expect(visibleScreen(document)).toBeNull();
  });

  it('returns null on a blog quoting the bar, which is not WebORCA', () => {
    loadFixture('non-weborca.html');
    expect(isWebOrcaDocument(document)).toBe(false);
    expect(detectExpiryBar(document)).toBeNull();
  });

  it('finds a bar outside any screen element on pages without screens', () => {
    document.documentElement.innerHTML =
      '<head><title>x</title></head><body><div><span>クライアント証明書の有効期限が近づいています。</span>' +
      '<a href="https://cloud.orcamo.jp/r">更新</a></div></body>';
    const found = detectExpiryBar(document);
    expect(found?.orcamoUrl).toBe('https://cloud.orcamo.jp/r');
    expect(found?.screen).toBeNull();
  });

  it('works on a DOMParser document (no window: inline styles and attributes only)', () => {
    const bar = '<div class="bar"><span>クライアント証明書の有効期限が近づいています。</span><a href="https://cloud.orcamo.jp/r">更新</a></div>';
    const html = `<div id="M00">${bar}</div><div id="M01" style="display:none">${bar}</div>`;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(detectExpiryBar(doc)?.screen).toBe('M00');
    doc.getElementById('M00')?.setAttribute('hidden', '');
    expect(detectExpiryBar(doc)).toBeNull();
  });
});

describe('isWebOrcaDocument and visibleScreen', () => {
  it('recognises a screen by title or by screen element', () => {
    loadFixture('master-menu-no-bar.html');
    expect(isWebOrcaDocument(document)).toBe(true);
    document.title = 'something else';
    expect(isWebOrcaDocument(document)).toBe(true); // #M00 is still there
    document.body.innerHTML = '<div id="M00.fixed1">x</div>';
    expect(isWebOrcaDocument(document)).toBe(false); // dotted widget ids are not screens
    document.title = '(U02)確認 - オルカ医院 [ormaster]';
    expect(isWebOrcaDocument(document)).toBe(true);
  });

  it('prefers the screen named in the title when a dialog shows over the menu', () => {
    loadFixture('master-menu-bar.html');
    expect(visibleScreen(document)).toBe('M00');
    byId('U02').style.display = '';
    document.title = '(U02)確認 - オルカ医院 [ormaster]';
    expect(visibleScreen(document)).toBe('U02');
  });

  it('isShown follows ancestors', () => {
    loadFixture('hidden-screen-bar.html');
    expect(isShown(byId('M00.fixed1.G01'))).toBe(false);
    expect(isShown(byId('M01.fixed1.B01'))).toBe(true);
  });
});

describe('late rendering and screen changes (watchFor + detectExpiryBar)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sees a bar rendered after load, even when built in several steps', async () => {
    loadFixture('master-menu-no-bar.html');
    const controller = new AbortController();
    const probe = vi.fn(() => detectExpiryBar(document));
    const found = watchFor(document.body, probe, { signal: controller.signal, throttleMs: 100 });
    expect(probe).toHaveBeenCalledTimes(1);

    const area = byId('M00.fixed1.notice-area');
    const bar = document.createElement('div');
    bar.className = 'cert-notice';
    area.append(bar);
    await vi.advanceTimersByTimeAsync(50);
    const text = document.createElement('span');
    text.textContent = 'クライアント証明書の有効期限が';
    bar.append(text);
    await vi.advanceTimersByTimeAsync(60); // a probe runs here and sees half a bar
    text.textContent += '\u3000近づいています。';
    const link = document.createElement('a');
    link.href = 'https://cloud.orcamo.jp/client-cert/renew';
    link.textContent = '更新';
    bar.append(link);
    await vi.advanceTimersByTimeAsync(100); // the trailing probe sees the last change

    const result = await found;
    expect(result?.orcamoUrl).toBe('https://cloud.orcamo.jp/client-cert/renew');
    // The bar widens to the notice area that holds nothing else.
    expect(result?.bar).toBe(area);
    expect(result?.renewControl).toBe(link);
    expect(probe.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('detects the bar once its hidden screen becomes visible', async () => {
    loadFixture('hidden-screen-bar.html');
    const controller = new AbortController();
    const found = watchFor(document.body, () => detectExpiryBar(document), { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(500);
    byId('M01').classList.add('hidden');
    byId('M00').classList.remove('hidden');
    document.title = '(M00)マスターメニュー - オルカ医院 [ormaster]';
    await vi.advanceTimersByTimeAsync(200);
    const result = await found;
    expect(result?.screen).toBe('M00');
    expect(result?.renewControl?.textContent).toBe('更新');
  });
});
