/**
 * The foundation in a real browser: the built extension loads in Chromium with its stable id, its content script
 * runs on the simulator's WebORCA M00, its service worker reaches the real native host, and the client certificate
 * presented to the simulator is the clinic's current one.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWorld, presentedCertificate, screenshot, EXTENSION_ID, type World } from './harness';

describe('foundation: extension + host + simulator in Chromium', () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld({ daysLeft: 60 });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('the extension loads with the stable development id', () => {
    expect(world.serviceWorker.url()).toMatch(new RegExp(`^chrome-extension://${EXTENSION_ID}/`));
  });

  test('the client presented to the simulator is the clinic’s current certificate', async () => {
    const whoami = await presentedCertificate(world);
    expect(whoami.authorized).toBe(true);
    expect(whoami.presented?.serialHex).toBe(world.current.serialHex);
    expect(whoami.presented?.subject).toMatchObject({ CN: 'client1210', O: 'u00000126' });
  });

  test('the content script runs on WebORCA’s master menu (M00) and tells the background', async () => {
    const page = await world.newPage();
    await page.goto(`${world.sim.weborcaOrigin}/client.html`);
    await expect.poll(() => page.title()).toContain('(M00)マスターメニュー');
    await expect
      .poll(async () => world.serviceWorker.evaluate(async () => (await chrome.storage.session.get('lastPage')).lastPage), { timeout: 10_000 })
      .toMatchObject({ origin: world.sim.weborcaOrigin, screen: 'M00' });
    await page.close();
  });

  test('M00 shows the blue expiry bar with 60 days left (screenshot)', async () => {
    const page = await world.newPage();
    await page.goto(`${world.sim.weborcaOrigin}/client.html`);
    const bar = page.getByText('クライアント証明書の有効期限が近づいています');
    await expect.poll(() => bar.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('更新', { exact: true }).first().isVisible()).toBe(true);
    const path = await screenshot(page, 'm00-expiry-bar');
    console.log(`screenshot: ${path}`);
    await page.close();
  });

  test('the service worker reaches the native host: hello with its version, shown in the popup', async () => {
    const page = await world.newPage();
    await page.setViewportSize({ width: 380, height: 320 });
    await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    const host = page.getByTestId('host');
    await expect.poll(() => host.getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    await expect.poll(() => host.innerText()).toContain('インストール済み（バージョン 0.1.0）');
    const stored = await world.serviceWorker.evaluate(async () => (await chrome.storage.session.get('host')).host);
    expect(stored).toMatchObject({ state: 'ready', version: '0.1.0', platform: 'linux', stores: ['nss'] });
    await screenshot(page, 'popup-host-ready');
    await page.close();
  });
});

describe('foundation: without the native host', () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld({ withHost: false });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('the popup says the helper is missing and how to get it', async () => {
    const page = await world.newPage();
    await page.setViewportSize({ width: 380, height: 320 });
    await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
    const host = page.getByTestId('host');
    await expect.poll(() => host.getAttribute('data-state'), { timeout: 15_000 }).toBe('missing');
    await expect.poll(() => host.innerText()).toContain('インストールされていません');
    await screenshot(page, 'popup-host-missing');
    await page.close();
  });
});
