/** Steps of the renewal as a user takes them, and what the tests read back, shared by the renewal e2e files. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RenewalView } from '../../src/lib/renewal-view';
import type { World } from './harness';
import { pageControl, widgetButton, type Control } from './widget';

/** Counts what the user does, as the manual counts steps: clicks and keystrokes. */
export class UserActions {
  clicks = 0;
  keystrokes = 0;
  async click(control: Pick<Control, 'click'>): Promise<void> {
    this.clicks++;
    await control.click();
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

/** Our button on WebORCA's bar (in its closed shadow root: see widget.ts). */
export function inlineStartButton(page: Page): Control {
  return widgetButton(page, /ワンクリックで更新|Renew in one click/);
}

/** 取り込む: in the inline widget on WebORCA, or in the popup (an ordinary extension page). */
export function confirmButton(page: Page): Control {
  const name = /^(取り込む|Import)$/;
  return page.url().startsWith('chrome-extension://') ? pageControl(page.getByRole('button', { name })) : widgetButton(page, name);
}

/** Files in the host's backup folder of this world's HOME. */
export function backups(world: World): string[] {
  try {
    return readdirSync(join(world.home, '.local', 'share', 'weborca-cert', 'backups')).filter((name) => !name.endsWith('.json'));
  } catch {
    return [];
  }
}
