/** Our notifications: one look (the extension's icon), and dates written the way the UI language writes them. */
import browser from 'webextension-polyfill';

/** Shows (or replaces) notification `id`. A browser that refuses notifications loses nothing else. */
export async function notify(id: string, title: string, message: string, priority: 0 | 1 | 2 = 0): Promise<void> {
  await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message, priority }).catch(() => {});
}

/** `2027年1月23日` / `January 23, 2027`. */
export function notificationDate(iso: string): string {
  return new Date(iso).toLocaleDateString(browser.i18n.getUILanguage(), { year: 'numeric', month: 'long', day: 'numeric' });
}
