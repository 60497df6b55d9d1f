/**
 * The expiry watch wired to the browser: a daily alarm, the host's `list`, the summary and notified stages in
 * storage.local, and Japanese notifications (90, 30, 7, 1 days, expiry) that open WebORCA when clicked.
 */
import browser from 'webextension-polyfill';
import type { WatchedIdentity, WatchThreshold } from '../lib/expiry-watch';
import { t } from './i18n';
import type { LastRenewal } from './after-restart';
import { callHost } from './native-host';
import { notificationDate, notify } from './notify';
import { loadSettings } from './settings-store';
import { ExpiryWatch, WATCH_ALARM, WATCH_PERIOD_MINUTES, type WatchRecord } from './watch';

export const EXPIRY_NOTIFICATION_ID = 'weborca-expiry';

export function expiryMessage(stage: WatchThreshold, identity: WatchedIdentity, now = Date.now()): string {
  const subject = [identity.subjectCN, identity.serialNumber].filter(Boolean).join(' / ');
  if (stage > 0) return t('watchNotifyDays', [String(identity.daysLeft), notificationDate(identity.notAfter), subject]);
  return Date.parse(identity.notAfter) < now ? t('watchNotifyExpired', [notificationDate(identity.notAfter), subject]) : t('watchNotifyToday', [subject]);
}

export const expiryWatch = new ExpiryWatch({
  now: () => new Date(),
  async list() {
    const result = await callHost({ type: 'list' });
    if (!result.ok) return { ok: false, code: result.error.code, message: result.error.message };
    const reply = result.value.reply;
    return { ok: true, identities: reply.identities, errors: reply.errors.map((error) => `${error.store.label}: ${error.message}`) };
  },
  subjects: async () => (await loadSettings()).watchSubjects,
  async barSeen() {
    const { lastBar } = (await browser.storage.local.get('lastBar')) as { lastBar?: { daysLeft: number; at: number } };
    return lastBar ?? null;
  },
  async verifiedSerial() {
    const { lastRenewal } = (await browser.storage.local.get('lastRenewal')) as { lastRenewal?: LastRenewal };
    return lastRenewal?.serialNumber ?? null;
  },
  async load() {
    const { watch } = (await browser.storage.local.get('watch')) as { watch?: WatchRecord };
    return watch ?? { summary: null, notified: {} };
  },
  async save(record) {
    await browser.storage.local.set({ watch: record });
  },
  async notify(stage, identity) {
    await notify(EXPIRY_NOTIFICATION_ID, t('watchNotifyTitle'), expiryMessage(stage, identity), stage <= 7 ? 2 : 0);
  },
});

/** Once a day, first a minute after install or browser start; an existing alarm is kept (its schedule too). */
export async function scheduleWatch(): Promise<void> {
  if (await browser.alarms.get(WATCH_ALARM)) return;
  await browser.alarms.create(WATCH_ALARM, { delayInMinutes: 1, periodInMinutes: WATCH_PERIOD_MINUTES });
}
