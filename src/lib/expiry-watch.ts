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

function isWatched(identity: StoredIdentity, subjects: readonly string[]): boolean {
  if (!identity.hasPrivateKey || first(identity.issuer.CN) !== WEBORCA_ISSUER_CN) return false;
  if (subjects.length === 0) return true;
  const names = [first(identity.subject.O), first(identity.subject.CN)];
  return subjects.some((subject) => names.includes(subject));
}

/**
 * Groups the listing by thumbprint (one identity, several stores), keeps WebORCA's, and decides which is in use:
 * the verified renewal's when present, else the valid one expiring last (what a browser picking "the newest" uses).
 */
export function summarize(listed: readonly StoredIdentity[], context: WatchContext, errors: string[] = []): WatchSummary {
  const byThumbprint = new Map<string, WatchedIdentity>();
  for (const identity of listed) {
    if (!isWatched(identity, context.subjects)) continue;
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
  const verified = context.verifiedSerial === null ? undefined : identities.find((identity) => identity.serialNumber === context.verifiedSerial);
  const inUse = verified ?? identities.find((identity) => identity.daysLeft >= 0) ?? identities[0];
  if (inUse) inUse.inUse = true;
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

export function inUseIdentity(summary: WatchSummary | null): WatchedIdentity | null {
  return summary?.identities.find((identity) => identity.inUse) ?? null;
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
  const identity = inUseIdentity(summary);
  if (!identity || identity.daysLeft > BADGE_FROM_DAYS) return null;
  return Math.max(0, identity.daysLeft);
}

/** The notified-stage record keeps only certificates still listed, so it cannot grow without bound. */
export function pruneNotified(lastNotified: Readonly<Record<string, number>>, summary: WatchSummary): Record<string, number> {
  const listed = new Set(summary.identities.map((identity) => identity.thumbprint));
  return Object.fromEntries(Object.entries(lastNotified).filter(([thumbprint]) => listed.has(thumbprint)));
}
