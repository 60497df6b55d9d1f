import { describe, expect, test } from 'vitest';
import {
  badgeDays,
  daysUntil,
  dueNotification,
  inUseIdentity,
  stageFor,
  summarize,
  watchedIdentity,
  type WatchedIdentity,
  type WatchInput,
} from '../../../src/lib/expiry-watch';
import { effectiveSettings, parseSubjects } from '../../../src/lib/settings';

const NOW = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
const chrome = { id: 'nss:chrome', kind: 'nss' as const, label: 'Chrome / Chromium', browsers: ['chrome'] };
const firefox = { id: 'nss:ff', kind: 'nss' as const, label: 'Firefox (default)', browsers: ['firefox'] };

function identity(serialNumber: string, daysLeft: number, extra: Partial<WatchInput> = {}): WatchInput {
  const notAfter = new Date(NOW.getTime() + daysLeft * DAY + 3_600_000).toISOString();
  return {
    store: chrome,
    subject: { C: 'JP', O: 'u00000126', CN: 'client1210' },
    issuer: { CN: 'Intermediate CA' },
    serialNumber,
    notBefore: '2024-01-01T00:00:00.000Z',
    notAfter,
    daysLeft: 9999, // the host's own count is ignored: the watch counts with its own clock
    thumbprint: serialNumber.padStart(40, '0'),
    sha256: serialNumber.padStart(64, '0'),
    hasPrivateKey: true,
    certificate: '',
    ...extra,
  };
}

const context = { now: NOW, subjects: [], verifiedSerial: null };

describe('summarize', () => {
  test('keeps only WebORCA identities with a key, grouped by thumbprint across stores', () => {
    const summary = summarize(
      [
        identity('0659', 60),
        identity('0659', 60, { store: firefox }),
        identity('0AAA', 400, { issuer: { CN: 'Some Other CA' } }),
        identity('0BBB', 500, { hasPrivateKey: false }),
      ],
      context,
    );
    expect(summary.identities).toHaveLength(1);
    // Not proven nor presented yet: not marked in use, but it is the one the badge and notifications follow.
    expect(summary.identities[0]).toMatchObject({
      serialNumber: '0659',
      daysLeft: 60,
      stores: ['Chrome / Chromium', 'Firefox (default)'],
      inUse: false,
      superseded: false,
    });
    expect(watchedIdentity(summary)?.serialNumber).toBe('0659');
  });

  test('days are counted with the injected clock', () => {
    expect(daysUntil(new Date(NOW.getTime() + 30 * DAY + 1).toISOString(), NOW)).toBe(30);
    expect(daysUntil(new Date(NOW.getTime() - 1).toISOString(), NOW)).toBe(-1);
  });

  test('nothing proven or presented: none is in use, nothing superseded, and the watch follows the one expiring FIRST (a look-alike expiring last cannot hide it)', () => {
    const summary = summarize([identity('0659', 20), identity('114F', 1095)], context);
    expect(summary.identities.map((i) => [i.serialNumber, i.inUse, i.superseded])).toEqual([
      ['114F', false, false],
      ['0659', false, false],
    ]);
    expect(watchedIdentity(summary)?.serialNumber).toBe('0659');
    expect(badgeDays(summary)).toBe(20);
  });

  test('the look-alike of the issue: 1095 days, never proven; the real one was proven by the host, or presented by the bar', () => {
    const proven = summarize([identity('0659', 60, { verified: true }), identity('FAKE', 1095)], context);
    expect(inUseIdentity(proven)?.serialNumber).toBe('0659');
    expect(badgeDays(proven)).toBe(60);
    expect(proven.identities.find((i) => i.serialNumber === 'FAKE')?.superseded).toBe(false);
    const presented = summarize([identity('0659', 60), identity('FAKE', 1095)], { ...context, barSeen: { daysLeft: 60, at: NOW.getTime() } });
    expect(inUseIdentity(presented)?.serialNumber).toBe('0659');
  });

  test('after a renewal the host proved, the new one is in use and the presented old one superseded', () => {
    const summary = summarize([identity('0659', 20), identity('114F', 1095, { verified: true })], { ...context, barSeen: { daysLeft: 20, at: NOW.getTime() } });
    expect(summary.identities.map((i) => [i.serialNumber, i.inUse, i.superseded])).toEqual([
      ['114F', true, false],
      ['0659', false, true],
    ]);
  });

  test('after a verified renewal the older identities of the same subject are superseded', () => {
    const summary = summarize(
      [identity('0659', 20), identity('0123', -5), identity('114F', 1095), identity('0777', 10, { subject: { O: 'u00000999', CN: 'client0001' } })],
      { ...context, verifiedSerial: '114F' },
    );
    const flags = Object.fromEntries(summary.identities.map((i) => [i.serialNumber, { inUse: i.inUse, superseded: i.superseded }]));
    expect(flags).toEqual({
      '114F': { inUse: true, superseded: false },
      '0659': { inUse: false, superseded: true },
      '0123': { inUse: false, superseded: true },
      '0777': { inUse: false, superseded: false },
    });
  });

  test('an old identity is not superseded in a store the new one did not reach (removal would leave it empty)', () => {
    const summary = summarize([identity('0659', 20), identity('0659', 20, { store: firefox }), identity('114F', 1095)], { ...context, verifiedSerial: '114F' });
    expect(summary.identities.find((i) => i.serialNumber === '0659')).toMatchObject({ superseded: false, stores: ['Chrome / Chromium', 'Firefox (default)'] });
  });

  test('configured subjects narrow the watch (O or CN)', () => {
    const listed = [identity('0659', 20), identity('0777', 10, { subject: { O: 'u00000999', CN: 'client0001' } })];
    expect(summarize(listed, { ...context, subjects: ['u00000999'] }).identities.map((i) => i.serialNumber)).toEqual(['0777']);
    expect(summarize(listed, { ...context, subjects: ['client1210'] }).identities.map((i) => i.serialNumber)).toEqual(['0659']);
  });

  test('only expired identities: the latest is still the one followed', () => {
    const summary = summarize([identity('0659', -3), identity('0123', -400)], context);
    expect(watchedIdentity(summary)?.serialNumber).toBe('0659');
  });
});

describe('thresholds', () => {
  test.each([
    [120, null],
    [91, null],
    [90, 90],
    [31, 90],
    [30, 30],
    [8, 30],
    [7, 7],
    [2, 7],
    [1, 1],
    [0, 0],
    [-10, 0],
  ])('%i days left → stage %s', (days, stage) => {
    expect(stageFor(days)).toBe(stage);
  });

  const watched = (daysLeft: number): WatchedIdentity => ({
    thumbprint: 'T',
    subjectCN: 'client1210',
    subjectO: 'u00000126',
    serialNumber: '0659',
    notAfter: '',
    daysLeft,
    stores: [],
    inUse: true,
    superseded: false,
  });

  test('each stage once, only later stages, and never a skipped earlier one', () => {
    expect(dueNotification(watched(95), {})).toBeNull();
    expect(dueNotification(watched(90), {})).toBe(90);
    expect(dueNotification(watched(60), { T: 90 })).toBeNull();
    expect(dueNotification(watched(25), {})).toBe(30);
    expect(dueNotification(watched(25), { T: 90 })).toBe(30);
    expect(dueNotification(watched(25), { T: 30 })).toBeNull();
    expect(dueNotification(watched(1), { T: 30 })).toBe(1);
    expect(dueNotification(watched(-1), { T: 1 })).toBe(0);
    expect(dueNotification(watched(-2), { T: 0 })).toBeNull();
    expect(dueNotification(null, {})).toBeNull();
  });

  test('the badge counts down from 90 days for the identity in use', () => {
    expect(badgeDays(summarize([identity('0659', 120)], context))).toBeNull();
    expect(badgeDays(summarize([identity('0659', 90)], context))).toBe(90);
    expect(badgeDays(summarize([identity('0659', 7)], context))).toBe(7);
    expect(badgeDays(summarize([identity('0659', -4)], context))).toBe(0);
    expect(badgeDays(summarize([identity('0659', 7), identity('114F', 1095)], { ...context, verifiedSerial: '114F' }))).toBeNull();
    expect(badgeDays(null)).toBeNull();
  });
});

describe('settings', () => {
  test('policy wins key by key; bad values fall back to the default', () => {
    expect(effectiveSettings({ autoRenew: true, autoRenewDays: 45 }, undefined)).toEqual({
      autoRenew: true,
      autoRenewDays: 45,
      watchSubjects: [],
      managed: [],
    });
    expect(effectiveSettings({ autoRenew: true, autoRenewDays: 45 }, { autoRenew: false })).toEqual({
      autoRenew: false,
      autoRenewDays: 45,
      watchSubjects: [],
      managed: ['autoRenew'],
    });
    expect(effectiveSettings({ autoRenew: 'yes', autoRenewDays: 400 }, { autoRenewDays: 0.5, extra: 1 })).toEqual({
      autoRenew: false,
      autoRenewDays: 60,
      watchSubjects: [],
      managed: [],
    });
    expect(effectiveSettings(null, 'x').autoRenew).toBe(false);
  });

  test('subjects field: commas, Japanese commas and spaces; control characters refused', () => {
    expect(parseSubjects('u00000126, client1210、u00000126')).toEqual(['u00000126', 'client1210']);
    expect(parseSubjects('')).toEqual([]);
    expect(parseSubjects('a'.repeat(65))).toBeNull();
  });
});
