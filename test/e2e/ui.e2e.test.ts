/**
 * The user's face in a real browser: the inline button appears next to WebORCA's 更新 when the simulator's bar shows
 * (≤ 90 days left) and not otherwise; the popup shows the detected state. Japanese and English, with screenshots.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorld, screenshot, EXTENSION_ID, type World } from './harness';
import { inlineStartButton, renewalView } from './flow';
import { widgetLabel } from './widget';

async function openMasterMenu(world: World): Promise<Page> {
  const page = await world.newPage();
  await page.goto(`${world.sim.weborcaOrigin}/client.html`);
  await expect.poll(() => page.title()).toContain('(M00)');
  return page;
}

/** Our host element's neighbours, read in the page (what WebORCA's bar looks like around us), and our label. */
async function placement(page: Page): Promise<{ previous: string | null; parentClass: string | null; label: string | null; pageSeesInside: boolean }> {
  const around = await page.evaluate(() => {
    const host = document.querySelector('weborca-cert-companion');
    return {
      previous: host?.previousElementSibling?.textContent?.trim() ?? null,
      parentClass: host?.parentElement?.className ?? null,
      // The page's own scripts get nothing of our UI: the shadow root is closed.
      pageSeesInside: host?.shadowRoot != null,
    };
  });
  return { ...around, label: await widgetLabel(page) };
}

async function openPopup(world: World): Promise<Page> {
  const page = await world.newPage();
  await page.setViewportSize({ width: 360, height: 560 });
  await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
  return page;
}

describe('UI in Chromium (ja): 60 days left', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ daysLeft: 60 });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('the inline button appears right after 更新, saying the days left (screenshot)', async () => {
    const page = await openMasterMenu(world);
    await expect.poll(() => page.locator('.infobar').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('.infobar').innerText()).toContain('有効期限が近づいています');
    const button = inlineStartButton(page);
    await expect.poll(() => button.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await button.innerText()).toContain('ワンクリックで更新（残り60日）');
    expect(await placement(page)).toMatchObject({ previous: '更新', parentClass: 'infobar', pageSeesInside: false });
    // The bar keeps its height: our button fits in its line.
    const heights = await page.evaluate(() => {
      const bar = document.querySelector('.infobar') as HTMLElement;
      const renew = document.querySelector('.infobar-action') as HTMLElement;
      const ours = document.querySelector('weborca-cert-companion') as HTMLElement;
      return { bar: bar.offsetHeight, renew: renew.offsetHeight, ours: ours.offsetHeight };
    });
    expect(heights.ours).toBeLessThanOrEqual(heights.renew);
    console.log(`screenshot: ${await screenshot(page, 'inline-button-ja')}`);
    await page.close();
  });

  test('a script on the page (think XSS) cannot press our button: untrusted clicks at it do nothing', async () => {
    const page = await openMasterMenu(world);
    await expect.poll(() => inlineStartButton(page).isVisible(), { timeout: 10_000 }).toBe(true);
    const tried = await page.evaluate(() => {
      const host = document.querySelector('weborca-cert-companion') as HTMLElement;
      const box = host.getBoundingClientRect();
      const atButton = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) as HTMLElement | null;
      host.click();
      host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      atButton?.click();
      atButton?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      return { shadowRoot: host.shadowRoot === null ? 'none' : 'reachable', atButton: atButton?.localName ?? null };
    });
    // What the page can get at is our host element, never the button inside it.
    expect(tried).toEqual({ shadowRoot: 'none', atButton: 'weborca-cert-companion' });
    await page.waitForTimeout(1_500);
    expect((await renewalView(world))?.phase).toBe('detected');
    expect(await widgetLabel(page)).toContain('ワンクリックで更新');
    await page.close();
  });

  test('the popup shows the detected state: 60 days left (screenshot)', async () => {
    const weborca = await openMasterMenu(world);
    await expect.poll(() => inlineStartButton(weborca).isVisible(), { timeout: 10_000 }).toBe(true);
    const page = await openPopup(world);
    const card = page.getByTestId('certificate');
    await expect.poll(() => card.getAttribute('data-days-left'), { timeout: 15_000 }).toBe('60');
    expect(await card.innerText()).toContain('あと 60 日');
    await expect.poll(() => page.getByTestId('host').getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    expect(await page.getByTestId('start').innerText()).toBe('証明書を更新する');
    // The toolbar badge counts the days left, with a title that says why.
    expect(await world.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('60');
    expect(await world.serviceWorker.evaluate(() => chrome.action.getTitle({}))).toBe('証明書の有効期限が近づいています');
    console.log(`screenshot: ${await screenshot(page, 'popup-detected-ja')}`);
    await page.close();
    await weborca.close();
  });
});

describe('UI in Chromium (ja): 200 days left', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ daysLeft: 200 });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('no bar, no button', async () => {
    const page = await openMasterMenu(world);
    // Twice the simulator's bar delay (300 ms), plus our observer's throttle: the bar would be there by now.
    await page.waitForTimeout(2 * 300 + 1_000);
    expect(await page.locator('.infobar').count()).toBe(0);
    expect(await page.locator('weborca-cert-companion').count()).toBe(0);
    expect(await world.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    await page.close();
  });
});

describe('UI in Chromium (en)', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ daysLeft: 60, locale: 'en' });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('the inline button in English (screenshot)', async () => {
    const page = await openMasterMenu(world);
    const button = inlineStartButton(page);
    await expect.poll(() => button.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await button.innerText()).toContain('Renew in one click (60 days left)');
    expect((await placement(page)).previous).toBe('更新');
    console.log(`screenshot: ${await screenshot(page, 'inline-button-en')}`);
    await page.close();
  });

  test('the popup in English shows the detected state (screenshot)', async () => {
    const weborca = await openMasterMenu(world);
    await expect.poll(() => inlineStartButton(weborca).isVisible(), { timeout: 10_000 }).toBe(true);
    const page = await openPopup(world);
    const card = page.getByTestId('certificate');
    await expect.poll(() => card.getAttribute('data-days-left'), { timeout: 15_000 }).toBe('60');
    expect(await card.innerText()).toContain('60 days left');
    await expect.poll(() => page.getByTestId('host').getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    console.log(`screenshot: ${await screenshot(page, 'popup-detected-en')}`);
    await page.close();
    await weborca.close();
  });
});
