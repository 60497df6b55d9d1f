/**
 * The expiry watch's worker side: once a day (an alarm) and when the popup opens, ask the host for the identities
 * in every store, keep a summary in storage.local (certificate facts only, never a secret) so the badge can count
 * down without WebORCA open, and raise the notification that is due. No browser API here: the wiring in index.ts
 * passes them in, so tests run it with a fake clock, listing and notifier.
 */
import {
  dueNotification,
  pruneNotified,
  summarize,
  watchedIdentity,
  type WatchedIdentity,
  type WatchInput,
  type WatchSummary,
  type WatchThreshold,
} from '../lib/expiry-watch';

export const WATCH_ALARM = 'expiry-watch';
export const WATCH_PERIOD_MINUTES = 24 * 60;

export type Listing = { ok: true; identities: WatchInput[]; errors: string[] } | { ok: false; code: string; message: string };

export interface WatchRecord {
  summary: WatchSummary | null;
  /** Thumbprint → the last stage notified for it. */
  notified: Record<string, number>;
}

export interface WatchDeps {
  now(): Date;
  list(): Promise<Listing>;
  subjects(): Promise<string[]>;
  verifiedSerial(): Promise<string | null>;
  /** What WebORCA's bar last said (the certificate the browser presented), when it was seen. */
  barSeen(): Promise<{ daysLeft: number; at: number } | null>;
  load(): Promise<WatchRecord>;
  save(record: WatchRecord): Promise<void>;
  notify(stage: WatchThreshold, identity: WatchedIdentity): Promise<void>;
}

export type WatchResult = { ok: true; summary: WatchSummary; notified: WatchThreshold | null } | { ok: false; code: string; message: string };

export class ExpiryWatch {
  private running: Promise<WatchResult> | null = null;

  constructor(private readonly deps: WatchDeps) {}

  async latest(): Promise<WatchSummary | null> {
    return (await this.deps.load()).summary;
  }

  /** One check; concurrent callers (alarm and popup at once) share it. */
  run(): Promise<WatchResult> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async check(): Promise<WatchResult> {
    const listing = await this.deps.list();
    // Without the host there is nothing to watch: keep the last summary, say nothing.
    if (!listing.ok) return listing;
    const [subjects, verifiedSerial, barSeen, record] = await Promise.all([
      this.deps.subjects(),
      this.deps.verifiedSerial(),
      this.deps.barSeen(),
      this.deps.load(),
    ]);
    const summary = summarize(listing.identities, { now: this.deps.now(), subjects, verifiedSerial, barSeen }, listing.errors);
    const notified = pruneNotified(record.notified, summary);
    const identity = watchedIdentity(summary);
    const due = dueNotification(identity, notified);
    if (due !== null && identity) {
      await this.deps.notify(due, identity);
      notified[identity.thumbprint] = due;
    }
    await this.deps.save({ summary, notified });
    return { ok: true, summary, notified: due };
  }
}

/** Only a superseded identity may be removed through the popup: never the one in use, never anything unlisted. */
export function removable(summary: WatchSummary | null, thumbprint: string): WatchedIdentity | null {
  return summary?.identities.find((identity) => identity.thumbprint === thumbprint && identity.superseded && !identity.inUse) ?? null;
}
