/** Steps of the renewal as a user takes them, and what the tests read back, shared by the renewal e2e files. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RenewalView } from '../../src/lib/renewal-view';
import type { World } from './harness';

/** Counts what the user does, as the manual counts steps: clicks and keystrokes. */
export class UserActions {
  clicks = 0;
  keystrokes = 0;
  async click(locator: Locator): Promise<void> {
    this.clicks++;
    await locator.click();
  }
}

/** The background's current view (storage.session), read through the live service worker. */
export async function renewalView(world: World): Promise<RenewalView | undefined> {
  const worker = world.context.serviceWorkers().find((w) => w.url().includes(world.extensionId)) ?? world.serviceWorker;
  return worker.evaluate(async () => (await chrome.storage.session.get('view')).view as RenewalView | undefined);
}

export async function openMasterMenu(world: World): Promise<Page> {
  const page = await world.newPage();
  await page.goto(`${world.sim.weborcaOrigin}/client.html`);
  return page;
}

export function inlineStartButton(page: Page): Locator {
  return page.getByRole('button', { name: /ワンクリックで更新|Renew in one click/ });
}

export function confirmButton(page: Page): Locator {
  return page.getByRole('button', { name: /^(取り込む|Import)$/ });
}

/** Files in the host's backup folder of this world's HOME. */
export function backups(world: World): string[] {
  try {
    return readdirSync(join(world.home, '.local', 'share', 'weborca-cert', 'backups')).filter((name) => !name.endsWith('.json'));
  } catch {
    return [];
  }
}
