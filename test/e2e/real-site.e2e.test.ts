/**
 * Ready for the real site (issue 15), in real Chromium with the built extension, the real host and the simulator:
 * ORCAMO pages laid out unlike the manual (a heading, an explanation, then the button; a `こちら` that saves through a
 * script-made `blob:` URL) still reach the one confirmation; without the helper a script download ends in guided
 * mode with the password, never in a dead end; the support file shows the page's structure and never the password;
 * an administrator's alternative bar text (policy) is found, and an invalid policy value is named in the options page;
 * the calmer status card and the welcome page, in ja and en (screenshots).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorld, screenshot, type World, type WorldOptions } from './harness';
import { confirmButton, inlineStartButton, openMasterMenu, renewalView } from './flow';
import { countUserCertificates } from './nss';
import { REWORDED_BAR_TEXT } from '../simulator/switches';
import { ORCAMO_PATHS } from '../simulator/orcamo-pages';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function openPopup(w: World): Promise<Page> {
  const popup = await w.newPage();
  await popup.setViewportSize({ width: 380, height: 900 });
  await popup.goto(`chrome-extension://${w.extensionId}/popup.html`);
  return popup;
}

/** One click on our button, then the run must stop at the one confirmation (or the phase `until`). */
async function clickToConfirmation(w: World): Promise<Page> {
  const page = await openMasterMenu(w);
  await inlineStartButton(page).click();
  await confirmButton(page).waitFor({ timeout: 90_000 });
  expect((await renewalView(w))?.phase).toBe('confirming');
  return page;
}

describe('ORCAMO laid out differently, with the helper', () => {
  test('a heading, an explanation, then 確認する: one click reaches the confirmation, and the renewal completes', async () => {
    world = await createWorld({ daysLeft: 60, simulator: { layout: 'heading' } });
    const page = await clickToConfirmation(world);
    const view = (await renewalView(world))!;
    expect(view.replacement?.checks.every((check) => check.status !== 'fail')).toBe(true);
    await confirmButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('done');
    expect(await countUserCertificates(world.nssDb)).toBe(2);
  });

  test('こちら saves through a script-made blob: URL: the page reads it back, one click reaches the confirmation', async () => {
    world = await createWorld({ daysLeft: 60, browserDownloads: true, simulator: { downloadVia: 'blob' } });
    await clickToConfirmation(world);
    const view = (await renewalView(world))!;
    const issued = world.sim.issued.at(-1)!;
    expect(view.replacement?.serialNumber).toBe(issued.serialHex);
    // The browser's own copy stays in the Downloads folder (nothing downloaded is lost).
    expect(readdirSync(world.downloadsDir!)).toContain(issued.fileName);
  });
});

describe('script downloads without the helper: never a dead end', () => {
  const noHost: WorldOptions = { daysLeft: 60, withHost: false, browserDownloads: true };

  test('blob: the file is checked from the page, and after the confirmation guided mode has the file and the password', async () => {
    world = await createWorld({ ...noHost, simulator: { downloadVia: 'blob' } });
    const page = await clickToConfirmation(world);
    await confirmButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 30_000 }).toBe('guided');
    const view = (await renewalView(world))!;
    const issued = world.sim.issued.at(-1)!;
    expect(view.steps.check).toBe('done');
    expect(view.savedFile).toBe(join(world.downloadsDir!, issued.fileName));
    // Saved once: guided mode takes the browser's copy instead of saving a second one.
    expect(readdirSync(world.downloadsDir!).filter((name) => name.endsWith('.p12'))).toEqual([issued.fileName]);
    const popup = await openPopup(world);
    await popup.getByTestId('guided').waitFor();
    await popup.getByRole('button', { name: 'パスワードを表示' }).click();
    await expect.poll(() => popup.locator('[data-testid=password] code').innerText()).toBe(issued.password);
    expect(await popup.getByTestId('checks-not-run').count()).toBe(0);
    expect(await countUserCertificates(world.nssDb)).toBe(1);
  });

  test('a blob: URL the page revokes at once: guided mode with the saved file and the password, the checks said not to have run', async () => {
    world = await createWorld({ ...noHost, simulator: { downloadVia: 'blobOnce' } });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('guided');
    const view = (await renewalView(world))!;
    const issued = world.sim.issued.at(-1)!;
    expect(view.steps).toMatchObject({ fetch: 'done', check: 'skipped', verify: 'skipped' });
    expect(view.savedFile).toBe(join(world.downloadsDir!, issued.fileName));
    expect(readFileSync(view.savedFile!)).toEqual(issued.p12);
    const popup = await openPopup(world);
    await popup.getByTestId('guided').waitFor();
    expect(await popup.getByTestId('checks-not-run').innerText()).toContain('ファイルの確認は行っていません');
    await popup.getByRole('button', { name: 'パスワードを表示' }).click();
    await expect.poll(() => popup.locator('[data-testid=password] code').innerText()).toBe(issued.password);
    await screenshot(popup, 'popup-guided-checks-not-run-ja');
  });
});

describe('the support snapshot (調査用の情報)', () => {
  test("saved from the options page after ORCAMO showed the password: the page's structure is in it, the password nowhere", async () => {
    world = await createWorld({ daysLeft: 60, browserDownloads: true });
    const orcamo = await world.newPage();
    await orcamo.goto(`${world.sim.orcamoOrigin}${ORCAMO_PATHS.page}`);
    await orcamo.locator('button[data-role=reveal]').click();
    const password = (await orcamo.locator('.password-row .pw').innerText({ timeout: 15_000 })).trim();
    expect(password).toMatch(/^[A-Za-z0-9]{10}$/);

    const options = await world.newPage();
    await options.goto(`chrome-extension://${world.extensionId}/options.html`);
    await options.getByTestId('support-save').click();
    await expect.poll(() => options.getByTestId('support-outcome').count(), { timeout: 20_000 }).toBe(1);
    expect(await options.getByTestId('support-outcome').innerText()).toContain('weborca-support-');
    await screenshot(options, 'options-support-saved-ja');

    const file = readdirSync(world.downloadsDir!).find((name) => name.startsWith('weborca-support-'));
    expect(file).toBeDefined();
    const text = readFileSync(join(world.downloadsDir!, file!), 'utf8');
    // The structure a vendor needs: the lines, the controls, the page's address without its query.
    expect(text).toContain('"差し替え用のクライアント証明書のダウンロードは"');
    expect(text).toContain('a "こちら" → ');
    expect(text).toContain('button.btn "確認する"');
    // Where the password was: its place, masked.
    expect(text).toContain('span.pw "[secret]"');
    expect(text).toContain(`${world.sim.orcamoOrigin}${ORCAMO_PATHS.page}`);
    expect(text).toContain('"kind": "weborca-cert-companion/page-snapshot"');
    // Never a secret: not the password, not the certificate's identifiers.
    expect(text).not.toContain(password);
    expect(text).not.toContain('client1210');
    expect(text).not.toContain('u00000126');
  });
});

/**
 * Chromium on Linux reads policies from /etc/chromium/policies/managed/ (Debian's build), extension settings under
 * `3rdparty.extensions.<id>`. The file is written for this test only and removed after it (the suite runs as root).
 */
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = join(POLICY_DIR, `weborca-cert-e2e-${process.pid}.json`);

describe('site texts by policy', () => {
  afterEach(() => rmSync(POLICY_FILE, { force: true }));

  test('WebORCA reworded its bar: no button without the policy; with an alternative text by policy, the button is there', async () => {
    world = await createWorld({ daysLeft: 60, simulator: { barWording: 'reworded' } });
    let page = await openMasterMenu(world);
    await expect.poll(() => page.locator('.infobar').innerText(), { timeout: 10_000 }).toContain('ご利用期限がまもなく終了します');
    await page.waitForTimeout(1_500);
    expect(await inlineStartButton(page).count()).toBe(0);
    await world.close();

    mkdirSync(POLICY_DIR, { recursive: true });
    world = await createWorld({ daysLeft: 60, simulator: { barWording: 'reworded' } });
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({ '3rdparty': { extensions: { [world.extensionId]: { siteTexts: { expiryBar: [REWORDED_BAR_TEXT], renewLink: ['<b>更新</b>'] } } } } }),
    );
    // Policies are read when the browser starts; the worker validates them and hands the texts to the content scripts
    // (storage.local), which read them when a page loads: the page is opened once they are there.
    await world.restartBrowser();
    await expect
      .poll(() => world!.serviceWorker.evaluate(async () => JSON.stringify((await chrome.storage.local.get('siteTexts')).siteTexts ?? null)), {
        timeout: 15_000,
      })
      .toContain(REWORDED_BAR_TEXT);
    page = await openMasterMenu(world);
    await expect.poll(() => inlineStartButton(page).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await inlineStartButton(page).innerText()).toContain('ワンクリックで更新（残り60日）');

    // The invalid entry is ignored, and the options page says so in plain words.
    const options = await world.newPage();
    await options.goto(`chrome-extension://${world.extensionId}/options.html`);
    await options.getByTestId('site-texts').waitFor({ timeout: 15_000 });
    expect(await options.getByTestId('site-texts').innerText()).toContain(REWORDED_BAR_TEXT);
    const refused = options.getByTestId('site-text-refused');
    expect(await refused.count()).toBe(1);
    expect(await refused.innerText()).toContain('renewLink');
    expect(await refused.innerText()).toContain('HTML のような記号');
    await screenshot(options, 'options-site-texts-policy-ja');
  });
});

describe('calm screens (screenshots, ja and en)', () => {
  test.each(['ja', 'en'] as const)('the status card agrees with the watch when WebORCA shows no bar (%s)', async (locale) => {
    world = await createWorld({ daysLeft: 200, locale });
    const popup = await openPopup(world);
    const card = popup.getByTestId('certificate');
    await expect.poll(() => card.getAttribute('data-days-left'), { timeout: 20_000 }).toBe('200');
    expect(await card.getAttribute('data-source')).toBe('stores');
    expect(await card.innerText()).toContain(locale === 'ja' ? 'あと 200 日' : '200 days left');
    await screenshot(popup, `popup-status-from-stores-${locale}`);
  });

  test.each(['ja', 'en'] as const)('the welcome page after installation checks the helper and says what comes (%s)', async (locale) => {
    world = await createWorld({ daysLeft: 200, locale });
    const page = await world.newPage();
    await page.setViewportSize({ width: 900, height: 1100 });
    await page.goto(`chrome-extension://${world.extensionId}/welcome.html`);
    await expect.poll(() => page.getByTestId('welcome').getAttribute('data-host'), { timeout: 20_000 }).toBe('ready');
    await expect.poll(() => page.getByTestId('welcome-when').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('welcome').innerText()).toContain(
      locale === 'ja' ? 'WebORCA 証明書更新アシスタントへようこそ' : 'Welcome to WebORCA Cert Companion',
    );
    if (locale === 'en')
      expect((await page.getByTestId('welcome').innerText()).replace('クライアント証明書の有効期限が近づいています。', '')).not.toMatch(
        /[\u3040-\u30ff\u4e00-\u9fff]/,
      );
    await screenshot(page, `welcome-${locale}`);
  });

  test('the welcome page opens by itself after installation', async () => {
    world = await createWorld({ daysLeft: 60 });
    await expect.poll(() => world!.context.pages().some((page) => page.url().endsWith('/welcome.html')), { timeout: 15_000 }).toBe(true);
  });
});
