import { describe, expect, test } from 'vitest';
import { AUTO_RETRY_AFTER_MS, autoRenewDecision, RECENT_RENEWAL_MS, type AutoRenewInput } from '../../../src/background/auto-renew';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const base: AutoRenewInput = {
  settings: { autoRenew: true, autoRenewDays: 60 },
  daysLeft: 60,
  phase: 'detected',
  hostReady: true,
  lastAttemptAt: null,
  lastRenewalDoneAt: null,
  now: NOW,
};

describe('auto-renewal decision', () => {
  test('on, due, idle, host ready: starts', () => {
    expect(autoRenewDecision(base)).toEqual({ start: true });
    expect(autoRenewDecision({ ...base, phase: 'idle', daysLeft: null })).toEqual({ start: true });
    expect(autoRenewDecision({ ...base, daysLeft: -2 })).toEqual({ start: true });
  });

  test.each<[Partial<AutoRenewInput>, string]>([
    [{ settings: { autoRenew: false, autoRenewDays: 60 } }, 'off'],
    [{ daysLeft: 61 }, 'notDue'],
    [{ settings: { autoRenew: true, autoRenewDays: 30 }, daysLeft: 45 }, 'notDue'],
    [{ phase: 'confirming' }, 'busy'],
    [{ phase: 'fetching' }, 'busy'],
    [{ phase: 'failed' }, 'busy'],
    [{ phase: 'done' }, 'busy'],
    [{ hostReady: false }, 'noHost'],
    [{ lastAttemptAt: NOW - AUTO_RETRY_AFTER_MS + 1000 }, 'triedRecently'],
    [{ lastRenewalDoneAt: NOW - RECENT_RENEWAL_MS + 1000 }, 'renewedRecently'],
  ])('%o → does not start (%s)', (change, reason) => {
    expect(autoRenewDecision({ ...base, ...change })).toEqual({ start: false, reason });
  });

  test('tries again after the waiting time', () => {
    expect(autoRenewDecision({ ...base, lastAttemptAt: NOW - AUTO_RETRY_AFTER_MS - 1 })).toEqual({ start: true });
    expect(autoRenewDecision({ ...base, lastRenewalDoneAt: NOW - RECENT_RENEWAL_MS - 1 })).toEqual({ start: true });
  });
});
