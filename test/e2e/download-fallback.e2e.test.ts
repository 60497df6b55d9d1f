/**
 * ORCAMO's `こちら` is a form button (no URL a script could fetch): the content script clicks it, the browser saves
 * the file in its Downloads folder, the host reads exactly that finished file, and the renewal goes on as usual —
 * checks, confirmation, import, verified login. The downloaded file stays in the Downloads folder and is in the
 * backup folder too.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createWorld, screenshot, type World } from './harness';
import { countUserCertificates } from './nss';
import { backups, confirmButton, inlineStartButton, openMasterMenu, renewalView } from './flow';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

test('form-driven こちら: the browser downloads, the host reads that file, the renewal completes', async () => {
  world = await createWorld({ daysLeft: 60, simulator: { downloadVia: 'form' }, browserDownloads: true });
  const page = await openMasterMenu(world);
  await inlineStartButton(page).click();
  await confirmButton(page).waitFor({ timeout: 90_000 });
  const confirming = (await renewalView(world))!;
  expect(confirming.phase).toBe('confirming');
  expect(confirming.steps).toMatchObject({ fetch: 'done', check: 'done' });
  await confirmButton(page).click();
  await expect.poll(async () => (await renewalView(world!))?.phase, { timeout: 120_000 }).toBe('done');
  await screenshot(page, 'download-fallback-done');

  const issued = world.sim.issued.at(-1)!;
  // The browser's download, under the server's name, in the Downloads folder: kept, not deleted.
  const downloaded = join(world.downloadsDir!, issued.fileName);
  expect(readdirSync(world.downloadsDir!)).toEqual([issued.fileName]);
  expect(existsSync(downloaded)).toBe(true);
  expect(readFileSync(downloaded).equals(issued.p12)).toBe(true);
  // …and a copy in the backup folder.
  expect(backups(world)).toEqual([issued.fileName]);
  expect(world.sim.issued).toHaveLength(1);
  expect(await countUserCertificates(world.nssDb)).toBe(2);
  const secret = await world.serviceWorker.evaluate(async () => (await chrome.storage.session.get('secret')).secret);
  expect(secret).toBeUndefined();
});
