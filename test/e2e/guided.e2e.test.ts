/**
 * Without the native host: guided mode. The renewal still fetches and checks the replacement; after the one
 * confirmation the browser saves the file under its original name, and the popup shows the manual import for the
 * user's OS with the password on demand. Nothing is imported behind the user's back; the old certificate works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createWorld, presentedCertificate, screenshot, type World } from './harness';
import { listCertificates } from './nss';
import { confirmButton, inlineStartButton, openMasterMenu, renewalView } from './flow';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const LABELS = {
  ja: { show: 'パスワードを表示', copy: 'パスワードをコピー' },
  en: { show: 'Show password', copy: 'Copy password' },
} as const;

describe.each(['ja', 'en'] as const)('guided mode without the host (%s)', (locale) => {
  test('the file is saved under its own name, the guide and the password are one click away', async () => {
    world = await createWorld({ daysLeft: 60, withHost: false, browserDownloads: true, locale });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await confirmButton(page).click({ timeout: 60_000 });
    await expect.poll(async () => (await renewalView(world!))?.savedFile, { timeout: 30_000 }).toBeTruthy();
    const view = (await renewalView(world))!;
    expect(view.phase).toBe('guided');
    expect(view.hostAvailable).toBe(false);
    const issued = world.sim.issued.at(-1)!;
    expect(view.savedFile).toBe(join(world.downloadsDir!, issued.fileName));
    expect(readFileSync(view.savedFile!)).toEqual(issued.p12);
    await screenshot(page, `inline-guided-${locale}`);

    const popup = await world.newPage();
    await popup.setViewportSize({ width: 380, height: 900 });
    await popup.goto(`chrome-extension://${world.extensionId}/popup.html`);
    await popup.getByTestId('guided').waitFor();
    await popup.getByRole('button', { name: LABELS[locale].show }).click();
    await expect.poll(async () => popup.locator('[data-testid=password] code').innerText()).toBe(issued.password);
    await screenshot(popup, `popup-guided-${locale}`);

    // Copy, then the clipboard is wiped a minute later by the background, even with the popup closed. The test reads
    // the (browser-wide) clipboard from a web page it may grant clipboard access to.
    await world.context.grantPermissions(['clipboard-read'], { origin: world.sim.weborcaOrigin });
    await popup.bringToFront();
    await popup.getByRole('button', { name: LABELS[locale].copy }).click();
    await expect.poll(() => popup.locator('[data-testid=password] [role=status]').count()).toBe(1);
    expect(await popup.locator('[data-testid=password] [role=status]').innerText()).toMatch(locale === 'ja' ? /1分後/ : /one minute/);
    await popup.close();
    await page.bringToFront();
    const clipboard = (): Promise<string> => page.evaluate(() => navigator.clipboard.readText());
    expect(await clipboard()).toBe(issued.password);
    const alarm = await world.serviceWorker.evaluate(() => chrome.alarms.get('clear-clipboard'));
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now() + 50_000);
    // The minute passes (the alarm is brought forward rather than waited for) with no popup open to clear it.
    await world.serviceWorker.evaluate(() => chrome.alarms.create('clear-clipboard', { when: Date.now() + 100 }));
    await expect.poll(clipboard, { timeout: 10_000 }).toBe('');

    // Nothing was imported; the clinic's certificate still works.
    expect((await listCertificates(world.nssDb)).filter((cert) => cert.trust.startsWith('u'))).toHaveLength(1);
    expect((await presentedCertificate(world)).presented?.serialHex).toBe(world.current.serialHex);
  });
});
