/**
 * Beyond the banner, in real Chromium with the real host and NSS: auto-renewal (no click at all from opening WebORCA
 * to a verified import, one notification), a failing check that stops it and asks, and the expiry watch without
 * WebORCA open (badge countdown, the notification for its stage, the identities list, removing the superseded one).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { createWorld, presentedCertificate, screenshot, type World } from './harness';
import { countUserCertificates } from './nss';
import { openMasterMenu, renewalView } from './flow';
import { widgetAlert } from './widget';

let world: World | undefined;
const toolDirs: string[] = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const dir of toolDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const userCertificates = (w: World): Promise<number> => countUserCertificates(w.nssDb);

/** A `certutil` that cannot list the database (as when a browser holds it locked): everything else works. */
function certutilThatCannotList(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weborca-tools-'));
  const real = execFileSync('sh', ['-c', 'command -v certutil'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(dir, 'certutil'),
    `#!/bin/sh\nif [ "$1" = "-L" ] && [ "$#" -eq 3 ]; then echo "certutil: function failed: SEC_ERROR_LOCKED_DATABASE" >&2; exit 255; fi\nexec ${real} "$@"\n`,
  );
  chmodSync(join(dir, 'certutil'), 0o755);
  toolDirs.push(dir);
  return dir;
}

async function worker(w: World) {
  return w.context.serviceWorkers().find((sw) => sw.url().includes(w.extensionId)) ?? w.serviceWorker;
}

async function notifications(w: World): Promise<Record<string, unknown>> {
  return (await worker(w)).evaluate(() => chrome.notifications.getAll());
}

async function turnOnAutoRenewal(w: World): Promise<void> {
  await (await worker(w)).evaluate(() => chrome.storage.local.set({ settings: { autoRenew: true, autoRenewDays: 60 } }));
}

async function openPopup(w: World): Promise<Page> {
  const page = await w.newPage();
  await page.goto(`chrome-extension://${w.extensionId}/popup.html`);
  return page;
}

describe('auto-renewal', () => {
  test('60 days left: opening WebORCA ends in a verified import and one notification, with no user action', async () => {
    world = await createWorld({ daysLeft: 60 });
    await turnOnAutoRenewal(world);
    const page = await openMasterMenu(world);

    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 120_000 }).toBe('done');
    const done = (await renewalView(world))!;
    expect(done).toMatchObject({ auto: true, verified: true, error: null });
    expect(done.stores.every((store) => store.ok)).toBe(true);
    expect(done.replacement?.serialNumber).toBe(world.sim.issued.at(-1)!.serialHex);
    expect(await userCertificates(world)).toBe(2);
    // The notification follows the finished run (the view says done first): wait for it, then for nothing more.
    await expect
      .poll(async () => Object.keys(await notifications(world!)).filter((id) => id !== 'weborca-expiry'), { timeout: 10_000 })
      .toEqual(['weborca-auto-renewal']);
    await screenshot(page, 'auto-renewal-done');
    // The old certificate is untouched until the browser restarts (it is still the one presented this session).
    expect((await presentedCertificate(world)).presented?.serialHex).toBe(world.current.serialHex);

    // A reload of WebORCA (the bar still shows: the browser keeps the old certificate until it restarts) does not
    // start another renewal.
    await page.reload();
    await page.waitForTimeout(3_000);
    expect((await renewalView(world))?.runId).toBe(done.runId);
    expect(world.sim.issued).toHaveLength(1); // ORCAMO was asked for one replacement, not two

    // The watch after the renewal: both identities listed, the new one in use, the old one superseded and removable.
    const popup = await openPopup(world);
    const rows = popup.getByTestId('identity');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    expect(await popup.locator('[data-testid="identity"][data-in-use="true"]').getAttribute('data-serial')).toBe(done.replacement!.serialNumber);
    const old = popup.locator('[data-testid="identity"][data-superseded="true"]');
    expect(await old.getAttribute('data-serial')).toBe(world.current.serialHex);
    await old.getByTestId('remove').click();
    await screenshot(popup, 'popup-remove-superseded-ja');
    await popup.getByTestId('remove-confirm').click();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    expect(await userCertificates(world)).toBe(1);
    // The badge shows the finished renewal, not a countdown: the certificate in use has three years left.
    expect(await (await worker(world)).evaluate(() => chrome.action.getBadgeText({}))).toBe('✓');
    await world.restartBrowser();
    expect((await presentedCertificate(world)).presented?.serialHex).toBe(done.replacement!.serialNumber);
  });

  test('a failing check stops it, imports nothing, and asks the user', async () => {
    world = await createWorld({ daysLeft: 60, simulator: { fault: 'otherSubject' } });
    await turnOnAutoRenewal(world);
    const page = await openMasterMenu(world);
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 120_000 }).toBe('failed');
    const failed = (await renewalView(world))!;
    expect(failed.auto).toBe(true);
    expect(failed.error?.code).toBe('CHECK_FAILED');
    expect(failed.steps).toMatchObject({ fetch: 'done', check: 'failed', import: 'pending' });
    expect(await userCertificates(world)).toBe(1);
    await expect.poll(async () => Object.keys(await notifications(world!)), { timeout: 10_000 }).toContain('weborca-auto-renewal');
    // The same failure is on WebORCA's page, with the one-click retry, exactly as after a click.
    await expect.poll(async () => (await widgetAlert(page)) !== null, { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'auto-renewal-stopped');
    const whoami = await presentedCertificate(world);
    expect(whoami.presented?.serialHex).toBe(world.current.serialHex);
  });
});

describe('auto-renewal asks when it cannot compare', () => {
  test('the certificate in use cannot be listed: it stops at the confirmation, imports nothing, and asks', async () => {
    world = await createWorld({ daysLeft: 60, pathPrefix: certutilThatCannotList() });
    await turnOnAutoRenewal(world);
    await openMasterMenu(world);
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 120_000 }).toBe('confirming');
    const view = (await renewalView(world))!;
    expect(view.auto).toBe(true);
    expect(view.current).toBeNull();
    expect(view.replacement?.checks.filter((check) => check.status === 'warn').map((check) => check.id)).toContain('same-subject');
    // Nothing more happens by itself: it waits for the user's 取り込む.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await renewalView(world))?.phase).toBe('confirming');
    expect(await userCertificates(world)).toBe(1);
    await expect.poll(async () => Object.keys(await notifications(world!)), { timeout: 10_000 }).toContain('weborca-auto-renewal');
  });
});

describe('auto-renewal from the daily watch', () => {
  test('the alarm finds 60 days left: WebORCA opens in a background tab and the renewal runs by itself', async () => {
    world = await createWorld({ daysLeft: 60 });
    await turnOnAutoRenewal(world);
    // WebORCA was opened once before (its address is remembered); nothing is open now.
    const url = `${world.sim.weborcaOrigin}/client.html`;
    await (await worker(world)).evaluate((weborcaPage) => chrome.storage.local.set({ weborcaPage }), url);
    // The daily alarm, brought forward (an unpacked extension's alarm may fire at once).
    await (await worker(world)).evaluate(() => chrome.alarms.create('expiry-watch', { when: Date.now() + 200, periodInMinutes: 1440 }));
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 120_000 }).toBe('done');
    const done = (await renewalView(world))!;
    expect(done).toMatchObject({ auto: true, verified: true });
    expect(await userCertificates(world)).toBe(2);
    // The test opened no page: the watch opened WebORCA itself.
    expect(world.context.pages().filter((page) => page.url() === url)).toHaveLength(1);
  });
});

describe('expiry watch without WebORCA open', () => {
  test('the popup check lists the identity, the badge counts down, and the 90-day notification shows once', async () => {
    world = await createWorld({ daysLeft: 60 });
    const popup = await openPopup(world);
    const row = popup.getByTestId('identity');
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getAttribute('data-serial')).toBe(world.current.serialHex);
    // Nothing has proven it yet (no handshake, WebORCA's bar not seen): listed, counted, but not called the one in use.
    expect(await row.getAttribute('data-in-use')).toBe('false');
    expect(await row.innerText()).toContain('あと 60 日');
    expect(await (await worker(world)).evaluate(() => chrome.action.getBadgeText({}))).toBe('60');
    expect(Object.keys(await notifications(world))).toEqual(['weborca-expiry']);
    const stored = await (await worker(world)).evaluate(async () => (await chrome.storage.local.get('watch')).watch as { notified: Record<string, number> });
    expect(Object.values(stored.notified)).toEqual([90]);
    await screenshot(popup, 'popup-watch-ja');
    // A second check the same day says nothing new.
    await (await worker(world)).evaluate(() => chrome.notifications.clear('weborca-expiry'));
    await popup.reload();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(Object.keys(await notifications(world))).toEqual([]);
    // Once WebORCA's bar has shown it (the browser presented it), the popup calls it the one in use.
    await openMasterMenu(world);
    await popup.reload();
    await expect.poll(async () => (await row.count()) === 1 && (await row.getAttribute('data-in-use')), { timeout: 20_000 }).toBe('true');
  });
});
