/**
 * When anything goes wrong the clinic still has a working certificate and a clear next step: every ORCAMO fault the
 * simulator can play, the service worker stopped mid-flow, the button clicked twice, the WebORCA tab closed
 * mid-flow. Each ends in a Japanese message and no stuck state; nothing is imported on a fault; the old certificate
 * still authenticates (asked of the simulator); a file that was downloaded is in the backup folder.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Fault } from '../simulator/index';
import { createWorld, presentedCertificate, screenshot, stopServiceWorker, type World } from './harness';
import { countUserCertificates } from './nss';
import { backups, confirmButton, inlineStartButton, openMasterMenu, renewalView } from './flow';
import { widgetAlert } from './widget';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const userCertificates = (w: World): Promise<number> => countUserCertificates(w.nssDb);

async function expectOldCertificateStillWorks(w: World): Promise<void> {
  const whoami = await presentedCertificate(w);
  expect(whoami.authorized).toBe(true);
  expect(whoami.presented?.serialHex).toBe(w.current.serialHex);
}

const ORCAMO_FAULTS: Array<{ fault: Fault; code: string; message: RegExp; downloaded: boolean }> = [
  { fault: 'http500', code: 'DOWNLOAD_HTTP_ERROR', message: /ダウンロードできませんでした（サーバーエラー）/, downloaded: false },
  { fault: 'truncated', code: 'DOWNLOAD_TRUNCATED', message: /途中で切れました/, downloaded: false },
  { fault: 'wrongPassword', code: 'BAD_PASSWORD', message: /パスワードが間違っています/, downloaded: true },
  { fault: 'otherSubject', code: 'CHECK_FAILED', message: /client9999|u00000999|件名|別/, downloaded: true },
  { fault: 'expired', code: 'CHECK_FAILED', message: /有効期限/, downloaded: true },
  { fault: 'hang', code: 'DOWNLOAD_TIMEOUT', message: /時間内に終わりませんでした/, downloaded: false },
];

describe('ORCAMO faults: a clear Japanese error, nothing imported, the old certificate still works', () => {
  test.each(ORCAMO_FAULTS)('$fault → $code', async ({ fault, code, message, downloaded }) => {
    world = await createWorld({ daysLeft: 60, simulator: { fault } });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('failed');
    const view = (await renewalView(world))!;
    expect(view.error?.code).toBe(code);
    expect(view.error?.message).toMatch(message);
    expect(view.error?.message).toMatch(/[ぁ-んァ-ン]/);
    // The message is on the page, in the inline panel, not only in storage.
    await expect.poll(async () => ((await widgetAlert(page)) ?? '').replace(/\s+/g, '')).toContain(view.error!.message.replace(/\s+/g, '').slice(0, 20));
    await screenshot(page, `fault-${fault}`);
    expect(await userCertificates(world)).toBe(1);
    expect(await confirmButton(page).count()).toBe(0);
    expect(backups(world)).toEqual(downloaded ? [world.sim.issued.at(-1)!.fileName] : []);
    const secret = await world.serviceWorker.evaluate(async () => (await chrome.storage.session.get('secret')).secret);
    expect(secret).toBeUndefined();
    await expectOldCertificateStillWorks(world);
  });
});

describe('interruptions', () => {
  test('the service worker stopped while the user is asked to confirm: it resumes, and the renewal completes', async () => {
    world = await createWorld({ daysLeft: 60 });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await confirmButton(page).waitFor({ timeout: 60_000 });
    await stopServiceWorker(world);
    // The page's button talks to a new worker, which finds the run where the old one left it.
    await confirmButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('done');
    expect(await userCertificates(world)).toBe(2);
  });

  test('the service worker stopped in the middle of the download: the new worker starts that step again', async () => {
    world = await createWorld({ daysLeft: 60, simulator: { fault: 'hang' } });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 20_000 }).toBe('fetching');
    await expect.poll(() => world!.context.pages().some((p) => p.url().startsWith(world!.sim.orcamoOrigin)), { timeout: 20_000 }).toBe(true);
    world.sim.setSwitches({ fault: null });
    await stopServiceWorker(world);
    // Nothing is clicked: the page's inline button reconnects, which wakes a new worker that resumes the step.
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 60_000 }).toBe('confirming');
    const view = (await renewalView(world))!;
    expect(view.steps).toMatchObject({ fetch: 'done', check: 'done' });
    // The tab the stopped worker had opened was closed, not left behind.
    expect(world.context.pages().filter((p) => p.url().startsWith(world!.sim.orcamoOrigin))).toHaveLength(0);
    await screenshot(page, 'resumed-after-worker-stop');
  });

  test('the button clicked twice: one renewal, one replacement fetched', async () => {
    world = await createWorld({ daysLeft: 60 });
    const page = await openMasterMenu(world);
    const start = inlineStartButton(page);
    await start.click();
    await start.click({ timeout: 5_000 }).catch(() => {});
    await confirmButton(page).waitFor({ timeout: 60_000 });
    expect(world.sim.issued).toHaveLength(1);
    const view = (await renewalView(world))!;
    expect(view.phase).toBe('confirming');
  });

  test('the WebORCA tab closed mid-flow: the renewal finishes from the popup, no stuck state', async () => {
    world = await createWorld({ daysLeft: 60 });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await page.close();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 60_000 }).toBe('confirming');
    const popup = await world.newPage();
    await popup.goto(`chrome-extension://${world.extensionId}/popup.html`);
    await confirmButton(popup).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('done');
  });
});
