// @vitest-environment jsdom
/**
 * The WebORCA content script over saved WebORCA pages: where our button goes (right after 更新, or at the end of a
 * bar without one), that WebORCA's own elements are left exactly as they were, and what the background is told
 * (pageSeen, barDetected once per appearance, barGone).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWebOrcaApp } from '../../../src/content/weborca-app';
import { WIDGET_TAG } from '../../../src/content/inline-widget';
import { detectExpiryBar } from '../../../src/lib/detection';
import type { WebOrcaToBackground } from '../../../src/lib/messages';
import { loadFixture } from '../detection/fixture';
import { getMessageFrom, installFakeChrome, loadMessages, viewFor, type FakeChrome, type FakePort } from './fake-chrome';

const ja = getMessageFrom(loadMessages('ja'));
const THROTTLE_MS = 5;
const tick = (ms = THROTTLE_MS * 4) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  sent: WebOrcaToBackground[];
  ports: FakePort[];
  controller: AbortController;
  onDead: ReturnType<typeof vi.fn>;
  host(): HTMLElement | null;
}

let fake: FakeChrome;
/**
 * Our widget's shadow root is closed (page scripts must not reach it): the test keeps the roots that the real
 * attachShadow makes, as a user's eyes would see them.
 */
const shadowRoots = new WeakMap<Element, ShadowRoot>();
const realAttachShadow = Element.prototype.attachShadow;
function shadowText(host: Element | null): string | undefined {
  return host ? (shadowRoots.get(host)?.textContent ?? undefined) : undefined;
}
beforeEach(() => {
  fake = installFakeChrome('ja');
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = realAttachShadow.call(this, init);
    shadowRoots.set(this, root);
    return root;
  };
});
afterEach(() => {
  fake.uninstall();
  Element.prototype.attachShadow = realAttachShadow;
});

function start(connect?: () => FakePort): Running {
  const sent: WebOrcaToBackground[] = [];
  const controller = new AbortController();
  const onDead = vi.fn();
  startWebOrcaApp({
    doc: document,
    signal: controller.signal,
    send: async (message) => {
      sent.push(message);
      return { ok: true };
    },
    connect: connect ?? (() => chrome.runtime.connect({ name: 'renewal-view' }) as unknown as FakePort),
    t: ja,
    locale: 'ja',
    onDead,
    throttleMs: THROTTLE_MS,
  });
  return { sent, ports: fake.ports, controller, onDead, host: () => document.querySelector(WIDGET_TAG) };
}

/** The page as WebORCA made it: our element taken out of a copy. */
function withoutOurs(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  copy.querySelectorAll(WIDGET_TAG).forEach((el) => el.remove());
  return copy.outerHTML;
}

describe('WebORCA content script: placement', () => {
  it('puts the button right after 更新 and changes nothing of WebORCA’s', () => {
    loadFixture('master-menu-bar.html');
    const before = document.documentElement.outerHTML;
    const renew = document.querySelector('.cert-notice a')!;
    const renewHtml = renew.outerHTML;
    const barText = detectExpiryBar(document)?.text;
    const run = start();
    const host = run.host()!;
    expect(host).not.toBeNull();
    expect(renew.nextElementSibling).toBe(host);
    expect(renew.outerHTML).toBe(renewHtml);
    expect(withoutOurs(document.documentElement)).toBe(before);
    // Our words live in the shadow root: the bar reads exactly as before, so detection is undisturbed.
    expect(detectExpiryBar(document)?.text).toBe(barText);
    expect(shadowText(host)).toContain('ワンクリックで更新（残り100日）');
    run.controller.abort();
  });

  it('a bar without 更新: the button goes at the end of the bar', () => {
    loadFixture('bar-no-renew.html');
    const bar = document.querySelector('.cert-notice')!;
    const before = bar.outerHTML;
    const run = start();
    expect(bar.lastElementChild).toBe(run.host());
    expect(withoutOurs(bar)).toBe(before);
    run.controller.abort();
  });

  it('a 更新 <button> in a table cell: right after it, in the same cell', () => {
    loadFixture('bar-button-renew.html');
    const renew = [...document.querySelectorAll('button')].find((b) => b.textContent === '更新')!;
    const run = start();
    expect(renew.nextElementSibling).toBe(run.host());
    expect(run.host()?.parentElement?.localName).toBe('td');
    run.controller.abort();
  });

  it('a GTK-style absolute layout: beside 更新, positioned like it (never at the container’s corner)', () => {
    loadFixture('gtk-fixed-bar.html');
    const renew = document.getElementById('M00.fixed1.certrenew')!;
    const before = document.documentElement.outerHTML;
    const run = start();
    const host = run.host()!;
    expect(renew.nextElementSibling).toBe(host);
    expect(host.style.position).toBe('absolute');
    expect(host.style.left).toMatch(/^\d+px$/);
    expect(host.style.top).toMatch(/^\d+px$/);
    expect(withoutOurs(document.documentElement)).toBe(before);
    run.controller.abort();
  });

  it('a 更新 inside split, nested markup (the link itself, not its text span)', () => {
    loadFixture('master-menu-bar-split.html');
    const run = start();
    const link = document.querySelector('.notice-actions a')!;
    expect(link.nextElementSibling).toBe(run.host());
    expect(shadowText(run.host())).toContain('残り45日');
    run.controller.abort();
  });

  it('puts the button back when the SPA re-renders and drops it', async () => {
    loadFixture('master-menu-bar.html');
    const run = start();
    const host = run.host()!;
    host.remove();
    await tick();
    expect(document.querySelector('.cert-notice a')?.nextElementSibling).toBe(host);
    run.controller.abort();
  });
});

describe('WebORCA content script: what the background is told', () => {
  it('pageSeen and barDetected at once; barDetected once per appearance; barGone when it goes', async () => {
    loadFixture('master-menu-bar.html');
    const run = start();
    expect(run.sent).toEqual([
      { type: 'content:pageSeen', screen: 'M00', title: '(M00)マスターメニュー - オルカ医院 [ormaster]' },
      {
        type: 'content:barDetected',
        daysLeft: 100,
        expiresOn: null,
        orcamoUrl: 'https://cloud.orcamo.jp/client-cert/renew?tenant=u00000126',
        screen: 'M00',
      },
    ]);
    // Unrelated changes while the bar shows: nothing new to say.
    document.getElementById('M00.fixed1')!.append(document.createElement('div'));
    await tick();
    expect(run.sent).toHaveLength(2);

    const bar = document.querySelector('.cert-notice')!;
    const parent = bar.parentElement!;
    bar.remove();
    await tick();
    expect(run.sent.at(-1)).toEqual({ type: 'content:barGone' });
    expect(run.host()).toBeNull();

    parent.prepend(bar);
    await tick();
    expect(run.sent.filter((m) => m.type === 'content:barDetected')).toHaveLength(2);
    expect(run.host()).not.toBeNull();
    run.controller.abort();
  });

  it('the screen changing (the title) is reported; the bar on a hidden screen counts as gone', async () => {
    loadFixture('master-menu-bar.html');
    const run = start();
    document.getElementById('M00')!.classList.add('hidden');
    document.title = '(M01)業務メニュー - オルカ医院 [ormaster]';
    await tick();
    expect(run.sent.at(-1)).toEqual({ type: 'content:barGone' });
    // Screen reports are at most one per 300 ms (a page flipping screens wakes the worker once): the last one comes.
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(run.sent.at(-1)).toEqual({ type: 'content:pageSeen', screen: null, title: '(M01)業務メニュー - オルカ医院 [ormaster]' });
    expect(run.sent.filter((m) => m.type === 'content:pageSeen')).toHaveLength(2);
    run.controller.abort();
  });

  it('no bar, no button, no port', () => {
    loadFixture('master-menu-no-bar.html');
    const run = start();
    expect(run.sent.map((m) => m.type)).toEqual(['content:pageSeen']);
    expect(run.host()).toBeNull();
    expect(fake.ports).toHaveLength(0);
    run.controller.abort();
  });
});

describe('WebORCA content script: the view port', () => {
  it('connects one VIEW_PORT while the button exists and renders what the background pushes', () => {
    loadFixture('master-menu-bar.html');
    const run = start();
    expect(fake.ports.map((p) => p.name)).toEqual(['renewal-view']);
    fake.pushView(viewFor('confirming'));
    expect(shadowText(run.host())).toContain('114F');
    run.controller.abort();
    expect(fake.ports).toHaveLength(0);
    expect(run.host()).toBeNull();
  });

  it('reconnects after the worker stops (a port that had delivered), not after a refusal', async () => {
    vi.useFakeTimers();
    try {
      loadFixture('master-menu-bar.html');
      const run = start();
      fake.pushView(viewFor('detected'));
      fake.ports[0]!.drop();
      expect(fake.ports).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(fake.ports).toHaveLength(1);
      fake.ports[0]!.drop(); // closed before delivering anything: refused
      await vi.advanceTimersByTimeAsync(10_000);
      expect(fake.ports).toHaveLength(0);
      run.controller.abort();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an extension that is gone (connect throws) is reported, so the caller can stop', () => {
    loadFixture('master-menu-bar.html');
    const run = start(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(run.onDead).toHaveBeenCalledTimes(1);
    run.controller.abort();
  });

  it('after abort, nothing more is watched or sent', async () => {
    loadFixture('master-menu-bar.html');
    const run = start();
    run.controller.abort();
    const count = run.sent.length;
    document.querySelector('.cert-notice')?.remove();
    document.title = '(M01)業務メニュー';
    await tick();
    expect(run.sent).toHaveLength(count);
    expect(run.host()).toBeNull();
  });
});

describe('WebORCA content script: entry', () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it('on a WebORCA page, starts at once', async () => {
    loadFixture('master-menu-bar.html');
    await import('../../../src/content/weborca');
    await tick();
    expect(fake.sent.map((m) => (m as { type: string }).type)).toEqual(['content:pageSeen', 'content:barDetected']);
    expect(document.querySelector(WIDGET_TAG)).not.toBeNull();
  });

  it('on a page that is not WebORCA (a blog quoting the bar), does nothing, and stops watching after 15 s', async () => {
    // Fake timers: the script's own recognition deadline runs here, so no timer of it outlives the test file.
    vi.useFakeTimers();
    try {
      loadFixture('non-weborca.html');
      await import('../../../src/content/weborca');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(fake.sent).toEqual([]);
      expect(document.querySelector(WIDGET_TAG)).toBeNull();
      await vi.advanceTimersByTimeAsync(15_000);
      expect(vi.getTimerCount()).toBe(0);
      expect(fake.sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
