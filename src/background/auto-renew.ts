/**
 * When auto-renewal may start by itself. Opt-in (options page) or set by policy (managed storage); like Windows
 * autoenrollment, but for a certificate the vendor issues. It never loops: one attempt per half day, none right
 * after a verified renewal (the browser keeps presenting the old certificate until it restarts, so the bar may still
 * show), none without the host (a manual import needs the user), none while another renewal is on screen.
 */
import type { RenewalPhase } from '../lib/renewal-view';
import type { Settings } from '../lib/settings';

/** After an attempt (whatever its outcome) the next one waits this long; the user can always click. */
export const AUTO_RETRY_AFTER_MS = 12 * 60 * 60 * 1000;
/** A renewal verified this recently is not redone because an old certificate still shows the bar. */
export const RECENT_RENEWAL_MS = 14 * 24 * 60 * 60 * 1000;

export interface AutoRenewInput {
  settings: Pick<Settings, 'autoRenew' | 'autoRenewDays'>;
  /** Days left as the bar or the watch reports them; null when the bar shows no number. */
  daysLeft: number | null;
  phase: RenewalPhase;
  hostReady: boolean;
  lastAttemptAt: number | null;
  lastRenewalDoneAt: number | null;
  now: number;
}

export type AutoRenewDecision = { start: true } | { start: false; reason: 'off' | 'notDue' | 'busy' | 'noHost' | 'triedRecently' | 'renewedRecently' };

export function autoRenewDecision(input: AutoRenewInput): AutoRenewDecision {
  if (!input.settings.autoRenew) return { start: false, reason: 'off' };
  // A bar without a number is still WebORCA saying "renew now".
  if (input.daysLeft !== null && input.daysLeft > input.settings.autoRenewDays) return { start: false, reason: 'notDue' };
  if (input.phase !== 'idle' && input.phase !== 'detected') return { start: false, reason: 'busy' };
  if (!input.hostReady) return { start: false, reason: 'noHost' };
  if (input.lastRenewalDoneAt !== null && input.now - input.lastRenewalDoneAt < RECENT_RENEWAL_MS) return { start: false, reason: 'renewedRecently' };
  if (input.lastAttemptAt !== null && input.now - input.lastAttemptAt < AUTO_RETRY_AFTER_MS) return { start: false, reason: 'triedRecently' };
  return { start: true };
}
