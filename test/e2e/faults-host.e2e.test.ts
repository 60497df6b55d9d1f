/**
 * Faults on the host side of the renewal, with the real host and the real NSS database: the host killed in the
 * middle of an import, and a certificate database that cannot be written. Each ends in a message in the browser's
 * language (the tool's own output only in the popup's collapsed 詳細 / Details), no stuck state, the old certificate still authenticating, and the downloaded file in the backup folder.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createWorld, presentedCertificate, screenshot, type World } from './harness';
import { countUserCertificates } from './nss';
import { backups, confirmButton, inlineStartButton, openMasterMenu, renewalView } from './flow';
import { widgetAlert, widgetButton } from './widget';

/** Kana and kanji: none may show in the English UI. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

let world: World | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  // First undo what the test did to the machine (an immutable file cannot be deleted with the world).
  for (const cleanup of cleanups.splice(0)) cleanup();
  await world?.close();
  world = undefined;
});

/** A folder whose `pk12util` waits a few seconds before running the real one: time to kill the host mid-import. */
function slowPk12util(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weborca-slow-tools-'));
  const real = execFileSync('sh', ['-c', 'command -v pk12util'], { encoding: 'utf8' }).trim();
  writeFileSync(join(dir, 'pk12util'), `#!/bin/sh\nsleep 4\nexec ${real} "$@"\n`);
  chmodSync(join(dir, 'pk12util'), 0o755);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The pid of this world's running native host: Chromium starts it with our extension's origin as argument, and it
 * inherits the world's HOME (so a host of another test running at the same time is never touched).
 */
function hostPids(home: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        return cmdline.includes('weborca-cert.mjs') && cmdline.includes('chrome-extension://') && environ.includes(`HOME=${home}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function expectOldCertificateStillWorks(w: World): Promise<void> {
  const whoami = await presentedCertificate(w);
  expect(whoami.authorized).toBe(true);
  expect(whoami.presented?.serialHex).toBe(w.current.serialHex);
}

describe('host faults', () => {
  test('the host killed mid-import: a clear error, then one more click finishes the renewal', async () => {
    world = await createWorld({ daysLeft: 60, pathPrefix: slowPk12util() });
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await confirmButton(page).click({ timeout: 60_000 });
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 20_000 }).toBe('importing');
    let pids: number[] = [];
    await expect.poll(() => (pids = hostPids(world!.home)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGKILL');

    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 30_000 }).toBe('failed');
    const failed = (await renewalView(world))!;
    expect(failed.error).toMatchObject({ code: 'HOST_EXITED', step: 'import', retryable: true });
    expect(failed.error?.message).toMatch(/更新ヘルパー/);
    await screenshot(page, 'fault-host-killed');
    expect(backups(world)).toEqual([world.sim.issued.at(-1)!.fileName]);
    await expectOldCertificateStillWorks(world);

    // The user presses the button again: the same replacement, imported (or found already imported), verified.
    await widgetButton(page, /もう一度|Try again/).click();
    await confirmButton(page).click({ timeout: 60_000 });
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 60_000 }).toBe('done');
    expect(await countUserCertificates(world.nssDb)).toBe(2);
    expect(world.sim.issued).toHaveLength(1);
  });

  test.each(['ja', 'en'] as const)('a read-only certificate database: nothing imported, the reason and the folder named (%s)', async (locale) => {
    world = await createWorld({ daysLeft: 60, locale });
    const files = ['cert9.db', 'key4.db'].map((name) => join(world!.nssDb, name));
    const page = await openMasterMenu(world);
    await inlineStartButton(page).click();
    await confirmButton(page).waitFor({ timeout: 60_000 });
    // Root ignores file modes: the immutable attribute is what makes the database really unwritable here. It is set
    // only now because Chromium itself reads its trust settings from the same database.
    execFileSync('chattr', ['+i', ...files]);
    let immutable = true;
    cleanups.push(() => immutable && execFileSync('chattr', ['-i', ...files]));
    await confirmButton(page).click();
    await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 60_000 }).toBe('failed');
    const failed = (await renewalView(world))!;
    expect(failed.error).toMatchObject({ code: 'STORE_READ_ONLY', step: 'import' });
    expect(failed.error?.message).toContain(world.nssDb);
    if (locale === 'ja') {
      expect(failed.error?.message).toMatch(/書き込み禁止/);
      expect(failed.error?.message).toMatch(/古い証明書はそのまま使えます/);
    } else {
      // English everywhere: the worker's sentence, the widget on WebORCA's page (the bar itself is WebORCA's words).
      expect(failed.error?.message).not.toMatch(JAPANESE);
      await expect.poll(async () => (await widgetAlert(page)) ?? '', { timeout: 10_000 }).toContain(world.nssDb);
      expect(await widgetAlert(page)).not.toMatch(JAPANESE);
    }
    // The tool's own words are not the message: they wait in the popup's collapsed 詳細 / Details.
    expect(failed.error?.detail).toMatch(/SEC_ERROR|pk12util/);
    expect(failed.error?.message).not.toContain(failed.error!.detail!);
    await screenshot(page, `fault-nss-read-only-${locale}`);
    const popup = await world.newPage();
    await popup.setViewportSize({ width: 380, height: 900 });
    await popup.goto(`chrome-extension://${world.extensionId}/popup.html`);
    const details = popup.getByTestId('error-detail');
    await details.waitFor({ timeout: 20_000 });
    expect(await details.getAttribute('open')).toBeNull();
    expect(await details.locator('summary').innerText()).toBe(locale === 'ja' ? '詳細' : 'Details');
    expect(await details.locator('pre').isVisible()).toBe(false);
    if (locale === 'en') expect(await popup.locator('body').innerText()).not.toMatch(JAPANESE);
    await screenshot(popup, `fault-nss-read-only-popup-details-closed-${locale}`);
    await details.locator('summary').click();
    await expect.poll(() => details.locator('pre').isVisible()).toBe(true);
    expect(await details.locator('pre').innerText()).toBe(failed.error!.detail);
    await screenshot(popup, `fault-nss-read-only-popup-details-open-${locale}`);
    execFileSync('chattr', ['-i', ...files]);
    immutable = false;
    expect(await countUserCertificates(world.nssDb)).toBe(1);
    expect(backups(world)).toEqual([world.sim.issued.at(-1)!.fileName]);
    await expectOldCertificateStillWorks(world);
  });
});
