/**
 * The watch as the worker runs it, day by day with an injected clock: one notification per stage (90, 30, 7, 1,
 * expiry), the badge countdown, silence when the host is missing or nothing is due, and only superseded identities
 * removable.
 */
import { describe, expect, test } from 'vitest';
import { badgeDays } from '../../../src/lib/expiry-watch';
import type { StoredIdentity } from '../../../src/lib/native-protocol';
import { ExpiryWatch, removable, type Listing, type WatchRecord } from '../../../src/background/watch';

const DAY = 86_400_000;
const NOT_AFTER = new Date('2027-03-01T00:00:00Z');
const store = { id: 'nss:chrome', kind: 'nss' as const, label: 'Chrome / Chromium', browsers: ['chrome'] };

function stored(serialNumber: string, notAfter: Date): StoredIdentity {
  return {
    store,
    subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
    issuer: { CN: 'Intermediate CA' },
    serialNumber,
    notBefore: '2024-03-01T00:00:00.000Z',
    notAfter: notAfter.toISOString(),
    daysLeft: 0,
    thumbprint: serialNumber.padStart(40, '0'),
    sha256: serialNumber.padStart(64, '0'),
    hasPrivateKey: true,
    certificate: '',
  };
}

function world(listing: () => Listing) {
  let now = new Date(NOT_AFTER.getTime() - 200 * DAY);
  let record: WatchRecord = { summary: null, notified: {} };
  let verifiedSerial: string | null = null;
  const notifications: Array<{ stage: number; daysLeft: number }> = [];
  let lists = 0;
  const watch = new ExpiryWatch({
    now: () => now,
    list: async () => {
      lists++;
      return listing();
    },
    subjects: async () => [],
    verifiedSerial: async () => verifiedSerial,
    barSeen: async () => null,
    load: async () => record,
    save: async (next) => {
      record = structuredClone(next);
    },
    notify: async (stage, identity) => {
      notifications.push({ stage, daysLeft: identity.daysLeft });
    },
  });
  return {
    watch,
    notifications,
    setDaysLeft(days: number) {
      now = new Date(NOT_AFTER.getTime() - days * DAY);
    },
    verify(serial: string) {
      verifiedSerial = serial;
    },
    record: () => record,
    lists: () => lists,
  };
}

describe('the daily watch', () => {
  test('a year of daily checks: one notification at 90, 30, 7 and 1 days and on expiry, badge from 90 down', async () => {
    const w = world(() => ({ ok: true, identities: [stored('0659', NOT_AFTER)], errors: [] }));
    const badges: Array<[number, number | null]> = [];
    for (let days = 200; days >= -3; days--) {
      w.setDaysLeft(days);
      const result = await w.watch.run();
      expect(result.ok).toBe(true);
      badges.push([days, badgeDays(w.record().summary)]);
    }
    expect(w.notifications).toEqual([
      { stage: 90, daysLeft: 90 },
      { stage: 30, daysLeft: 30 },
      { stage: 7, daysLeft: 7 },
      { stage: 1, daysLeft: 1 },
      { stage: 0, daysLeft: 0 },
    ]);
    expect(badges.find(([days]) => days === 91)?.[1]).toBeNull();
    expect(badges.find(([days]) => days === 90)?.[1]).toBe(90);
    expect(badges.find(([days]) => days === 12)?.[1]).toBe(12);
    expect(badges.find(([days]) => days === -3)?.[1]).toBe(0);
  });

  test('a browser that was off for weeks says the current stage once, not every stage it missed', async () => {
    const w = world(() => ({ ok: true, identities: [stored('0659', NOT_AFTER)], errors: [] }));
    w.setDaysLeft(120);
    await w.watch.run();
    w.setDaysLeft(5);
    await w.watch.run();
    await w.watch.run();
    expect(w.notifications).toEqual([{ stage: 7, daysLeft: 5 }]);
  });

  test('after a verified renewal: nothing due, no badge, and the old identity is removable (only it)', async () => {
    const renewed = new Date(NOT_AFTER.getTime() + 1095 * DAY);
    const w = world(() => ({ ok: true, identities: [stored('0659', NOT_AFTER), stored('114F', renewed)], errors: [] }));
    w.verify('114F');
    w.setDaysLeft(40);
    const result = await w.watch.run();
    expect(w.notifications).toEqual([]);
    expect(result.ok && badgeDays(result.summary)).toBeNull();
    const summary = w.record().summary;
    expect(removable(summary, '0659'.padStart(40, '0'))?.serialNumber).toBe('0659');
    expect(removable(summary, '114F'.padStart(40, '0'))).toBeNull();
    expect(removable(summary, 'F'.repeat(40))).toBeNull();
  });

  test('no host: silent, and the last summary is kept', async () => {
    let hostThere = true;
    const w = world(() =>
      hostThere ? { ok: true, identities: [stored('0659', NOT_AFTER)], errors: [] } : { ok: false, code: 'HOST_NOT_INSTALLED', message: '…' },
    );
    w.setDaysLeft(100);
    await w.watch.run();
    const before = w.record().summary;
    hostThere = false;
    w.setDaysLeft(20);
    expect((await w.watch.run()).ok).toBe(false);
    expect(w.record().summary).toEqual(before);
    expect(w.notifications).toEqual([]);
  });

  test('the alarm and the popup at the same moment share one listing', async () => {
    const w = world(() => ({ ok: true, identities: [stored('0659', NOT_AFTER)], errors: [] }));
    w.setDaysLeft(50);
    await Promise.all([w.watch.run(), w.watch.run()]);
    expect(w.lists()).toBe(1);
    expect(w.notifications).toHaveLength(1);
  });
});
