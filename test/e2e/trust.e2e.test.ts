/**
 * Trust nothing on the way in (issue 12), in real Chromium with the built extension, the real host, real NSS
 * databases and the simulator: ORCAMO hands out a FORGED replacement — the clinic's subject, signed by a look-alike
 * CA that only shares the name `Intermediate CA`. With a click and with auto-renewal it ends in a clear error naming
 * the chain of trust, nothing is imported, and the popup still shows the real certificate's days.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorld, presentedCertificate, screenshot, type World } from './harness';
import { countUserCertificates } from './nss';
import { inlineStartButton, openMasterMenu, renewalView } from './flow';
import { widgetAlert } from './widget';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function worker(w: World) {
  return w.context.serviceWorkers().find((sw) => sw.url().includes(w.extensionId)) ?? w.serviceWorker;
}

async function popupShowsRealDays(w: World, locale: 'ja' | 'en'): Promise<Page> {
  const popup = await w.newPage();
  await popup.setViewportSize({ width: 380, height: 900 });
  await popup.goto(`chrome-extension://${w.extensionId}/popup.html`);
  const card = popup.getByTestId('certificate');
  await expect.poll(() => card.getAttribute('data-days-left'), { timeout: 20_000 }).toBe('60');
  // The list of identities has only the clinic's real certificate: nothing was imported, nothing hides it.
  await expect.poll(() => popup.getByTestId('identity').count(), { timeout: 20_000 }).toBe(1);
  expect(await popup.getByTestId('identity').getAttribute('data-serial')).toBe(w.current.serialHex);
  expect(await popup.getByTestId('failed').innerText()).toContain(locale === 'ja' ? '更新できませんでした' : 'The renewal did not complete');
  return popup;
}

describe.each(['ja', 'en'] as const)('a forged replacement (%s)', (locale) => {
  test('one click: refused at the check (chain of trust), nothing imported, the real certificate still used and shown', async () => {
    world = await createWorld({ daysLeft: 60, locale, simulator: { fault: 'forged' } });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 90_000 }).toBe('failed');
    const view = (await renewalView(world))!;
    expect(view.error).toMatchObject({ code: 'CHECK_FAILED', step: 'check' });
    const trusted = view.replacement?.checks.find((check) => check.id === 'trusted-issuer');
    expect(trusted?.status).toBe('fail');
    expect(view.error!.message).toContain(trusted!.message);
    if (locale === 'en') expect(view.error!.message).not.toMatch(/[\u3040-\u30ff]{3}/);
    // Said in place, on WebORCA's page.
    await expect
      .poll(async () => ((await widgetAlert(page)) ?? '').replace(/\s+/g, ''), { timeout: 10_000 })
      .toContain(trusted!.message.replace(/\s+/g, '').slice(0, 15));
    await screenshot(page, `trust-forged-inline-${locale}`);
    expect(await countUserCertificates(world.nssDb)).toBe(1);
    expect((await presentedCertificate(world)).presented?.serialHex).toBe(world.current.serialHex);
    const popup = await popupShowsRealDays(world, locale);
    await screenshot(popup, `trust-forged-popup-${locale}`);
  });
});

describe('a forged replacement with auto-renewal on', () => {
  test('no click: it stops at the check, imports nothing, notifies, and the popup still shows the real 60 days', async () => {
    world = await createWorld({ daysLeft: 60, simulator: { fault: 'forged' } });
    await (await worker(world)).evaluate(() => chrome.storage.local.set({ settings: { autoRenew: true, autoRenewDays: 60 } }));
    await openMasterMenu(world);
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 120_000 }).toBe('failed');
    const view = (await renewalView(world))!;
    expect(view).toMatchObject({ auto: true, error: { code: 'CHECK_FAILED' } });
    expect(view.replacement?.checks.find((check) => check.id === 'trusted-issuer')?.status).toBe('fail');
    // The notification follows the failed run's view: wait for it.
    await expect
      .poll(async () => Object.keys(await (await worker(world!)).evaluate(() => chrome.notifications.getAll())), { timeout: 10_000 })
      .toContain('weborca-auto-renewal');
    expect(await countUserCertificates(world.nssDb)).toBe(1);
    await popupShowsRealDays(world, 'ja');
  });
});
