/** Date arithmetic shared by the PKI and the servers. All times are UTC. */

export const DAY_MS = 86_400_000;

/** The window in which WebORCA shows the renewal bar (manual: "有効期限が残り90日前になった時点で"). */
export const RENEWAL_WINDOW_DAYS = 90;

/** Certificates carry whole seconds only; truncating keeps the Date we return equal to what is in the DER. */
export function toWholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function addYears(date: Date, years: number): Date {
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/**
 * Whole days left before `notAfter` (negative once expired). Floor, so "60 days left" stays 60 for
 * the whole first day; the PKI adds a little slack to `now + N days` so a fresh "N days left"
 * certificate reads exactly N.
 */
export function daysLeft(notAfter: Date, now: Date = new Date()): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}
