/**
 * The expiry watch, as pure functions of the host's listing and a clock: which stored identities are WebORCA's,
 * which one is in use, which are superseded by a verified renewal, what the badge says, and which notification
 * (90, 30, 7, 1 days, expiry) is due. No browser API here, so every threshold is tested with an injected `now`.
 */
import type { StoredIdentity } from './native-protocol';
import { WEBORCA_ISSUER_CN } from './site';

const DAY_MS = 86_400_000;
/** Notification stages, latest first: 90, 30, 7 and 1 days left, then 0 = expired. */
export const WATCH_THRESHOLDS = [90, 30, 7, 1, 0] as const;
export type WatchThreshold = (typeof WATCH_THRESHOLDS)[number];
/** The badge counts down from here. */
export const BADGE_FROM_DAYS = 90;

export interface WatchedIdentity {
  thumbprint: string;
  subjectCN: string | null;
  subjectO: string | null;
  serialNumber: string;
  notAfter: string;
  daysLeft: number;
  /** Every store that holds it (a Chrome DB, Firefox profiles, the Windows store…). */
  stores: string[];
  /**
   * The certificate in use: proven by a TLS handshake (the host's record, or this extension's verified renewal) or
   * presented by the browser (its days left are what WebORCA's bar said). Never merely the one that expires last:
   * a look-alike someone put in the store must not hide the real one's days.
   */
  inUse: boolean;
  /** Replaced by a newer identity of the same subject whose renewal was verified: safe to remove. */
  superseded: boolean;
}

export interface WatchSummary {
  checkedAt: number;
  identities: WatchedIdentity[];
  /** Stores that could not be read (the others are still listed). */
  errors: string[];
}

export interface WatchContext {
  now: Date;
  /** Subject O or CN values to watch; empty = all WebORCA identities. */
  subjects: readonly string[];
  /** Serial of the last renewal this extension verified (storage.local lastRenewal), if any. */
  verifiedSerial: string | null;
  /** What WebORCA's bar last said (the certificate the browser presented): its days left, and when it said so. */
  barSeen?: { daysLeft: number; at: number } | null;
}

/** Whole days left, as `inspect` and the host count them (floor; negative once expired). */
export function daysUntil(notAfter: string, now: Date): number {
  return Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY_MS);
}

/** A name attribute's value (the first, when the attribute repeats), or null. */
export function first(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** A listed identity: the host says whether a handshake proved it (older hosts do not say). */
export type WatchInput = StoredIdentity & { verified?: boolean };

function isWatched(identity: WatchInput, subjects: readonly string[]): boolean {
  if (!identity.hasPrivateKey || first(identity.issuer.CN) !== WEBORCA_ISSUER_CN) return false;
  if (subjects.length === 0) return true;
  const names = [first(identity.subject.O), first(identity.subject.CN)];
  return subjects.some((subject) => names.includes(subject));
}

/**
 * Groups the listing by thumbprint (one identity, several stores), keeps WebORCA's, and decides which is in use:
 * the newest one that was proven (a handshake: the host's record or our verified renewal) or presented by the
 * browser (its days match what the bar said). Nothing proven or presented: none is marked in use — the badge and
 * the notifications then follow the one expiring first (watchedIdentity), which can only warn early, never late.
 */
export function summarize(listed: readonly WatchInput[], context: WatchContext, errors: string[] = []): WatchSummary {
  const proven = new Set<string>();
  const byThumbprint = new Map<string, WatchedIdentity>();
  for (const identity of listed) {
    if (!isWatched(identity, context.subjects)) continue;
    if (identity.verified || identity.serialNumber === context.verifiedSerial || presented(identity, context)) proven.add(identity.thumbprint);
    const known = byThumbprint.get(identity.thumbprint);
    if (known) {
      if (!known.stores.includes(identity.store.label)) known.stores.push(identity.store.label);
      continue;
    }
    byThumbprint.set(identity.thumbprint, {
      thumbprint: identity.thumbprint,
      subjectCN: first(identity.subject.CN),
      subjectO: first(identity.subject.O),
      serialNumber: identity.serialNumber,
      notAfter: identity.notAfter,
      daysLeft: daysUntil(identity.notAfter, context.now),
      stores: [identity.store.label],
      inUse: false,
      superseded: false,
    });
  }
  const identities = [...byThumbprint.values()].sort((a, b) => b.notAfter.localeCompare(a.notAfter));
  // Newest first: the newest proven identity is the one in use (a renewal proves the new one; the old one stays
  // proven until it is removed).
  const verified = identities.find((identity) => proven.has(identity.thumbprint));
  if (verified) verified.inUse = true;
  if (verified) {
    for (const identity of identities) {
      const sameSubject = identity.subjectCN === verified.subjectCN && identity.subjectO === verified.subjectO;
      // Removal takes it out of every store: only safe where the new identity is there to take its place (an
      // import that failed in one browser's store must not leave that browser with nothing).
      const replacedEverywhere = identity.stores.every((store) => verified.stores.includes(store));
      identity.superseded = identity !== verified && sameSubject && identity.notAfter < verified.notAfter && replacedEverywhere;
    }
  }
  return { checkedAt: context.now.getTime(), identities, errors };
}

/** What the bar said matches this identity's days then (±1 for the day boundary). */
function presented(identity: StoredIdentity, context: WatchContext): boolean {
  const bar = context.barSeen;
  return bar != null && Math.abs(daysUntil(identity.notAfter, new Date(bar.at)) - bar.daysLeft) <= 1;
}

export function inUseIdentity(summary: WatchSummary | null): WatchedIdentity | null {
  return summary?.identities.find((identity) => identity.inUse) ?? null;
}

/**
 * The identity the badge, the notifications and the status card follow: the one in use, else — nothing proven or
 * presented yet — the valid one expiring first (a look-alike that expires last cannot hide it), else the newest.
 */
export function watchedIdentity(summary: WatchSummary | null): WatchedIdentity | null {
  if (!summary) return null;
  const inUse = inUseIdentity(summary);
  if (inUse) return inUse;
  const valid = summary.identities.filter((identity) => identity.daysLeft >= 0);
  return valid.length > 0 ? valid.reduce((soonest, identity) => (identity.notAfter < soonest.notAfter ? identity : soonest)) : (summary.identities[0] ?? null);
}

/** The stage a number of days left falls in: the smallest threshold at or above it (0 once expired), or null. */
export function stageFor(daysLeft: number): WatchThreshold | null {
  if (daysLeft <= 0) return 0;
  let stage: WatchThreshold | null = null;
  for (const threshold of WATCH_THRESHOLDS) if (threshold > 0 && daysLeft <= threshold) stage = threshold;
  return stage;
}

/**
 * The notification due for the identity in use, if any: each stage once per certificate, and only a stage later
 * than the last one shown (a first check at 25 days says "30 days" once, not "90" and then "30").
 */
export function dueNotification(identity: WatchedIdentity | null, lastNotified: Readonly<Record<string, number>>): WatchThreshold | null {
  if (!identity) return null;
  const stage = stageFor(identity.daysLeft);
  if (stage === null) return null;
  const previous = lastNotified[identity.thumbprint];
  return previous === undefined || stage < previous ? stage : null;
}

/** The badge's countdown (days left of the identity in use, from 90 down; 0 when expired), or null. */
export function badgeDays(summary: WatchSummary | null): number | null {
  const identity = watchedIdentity(summary);
  if (!identity || identity.daysLeft > BADGE_FROM_DAYS) return null;
  return Math.max(0, identity.daysLeft);
}

/** The notified-stage record keeps only certificates still listed, so it cannot grow without bound. */
export function pruneNotified(lastNotified: Readonly<Record<string, number>>, summary: WatchSummary): Record<string, number> {
  const listed = new Set(summary.identities.map((identity) => identity.thumbprint));
  return Object.fromEntries(Object.entries(lastNotified).filter(([thumbprint]) => listed.has(thumbprint)));
}
