/**
 * Auto-renewal's orchestration (opt-in or policy): starting a renewal with no click when WebORCA shows the bar, or
 * when the daily watch finds the certificate in use within the window — then WebORCA is opened in a background tab
 * and the bar starts it from there. When it may start is decided by auto-renew.ts (pure); this module reads what
 * that decision needs and records what it did (storage.local `autoRenewal`: times only).
 */
import browser from 'webextension-polyfill';
import { watchedIdentity, type WatchSummary } from '../lib/expiry-watch';
import type { LastRenewal } from './after-restart';
import { autoRenewDecision } from './auto-renew';
import type { RenewalController } from './renewal';
import type { Senders } from './senders';
import { loadSettings } from './settings-store';

/** The watch opens WebORCA for auto-renewal at most this often. */
const WATCH_REOPEN_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/** What auto-renewal did before: when it last started, when the watch last opened WebORCA. */
interface AutoRenewalRecord {
  lastAttemptAt?: number;
  watchOpenedAt?: number;
}

export interface AutoRenewalDeps {
  renewal: RenewalController;
  senders: Senders;
  originsLoaded: Promise<void>;
  /** Asks the host whether it is there (starts it: only asked when nothing else already says no). */
  hostReady(): Promise<boolean>;
  latestWatch(): Promise<WatchSummary | null>;
}

export class AutoRenewal {
  /** Set synchronously while a decision is made and a renewal starts: two bars at once start one renewal. */
  private starting = false;

  constructor(private readonly deps: AutoRenewalDeps) {}

  /** WebORCA shows the bar: renew now when the settings ask for it and it is safe. */
  async barShown(from: { tabId: number; origin: string; daysLeft: number | null; orcamoUrl: string | null }): Promise<void> {
    if (this.starting || !from.orcamoUrl) return;
    this.starting = true;
    try {
      // Without a click, the bar's link is followed only to an ORCAMO address we know (never one to approve).
      await this.deps.originsLoaded;
      if (this.deps.senders.orcamoTrust(from.orcamoUrl) !== 'known') return;
      const { start, record } = await this.decide(from.daysLeft, this.deps.hostReady);
      if (!start) return;
      await browser.storage.local.set({ autoRenewal: { ...record, lastAttemptAt: Date.now() } satisfies AutoRenewalRecord });
      await this.deps.renewal.start({ tabId: from.tabId, origin: from.origin, auto: true });
    } finally {
      this.starting = false;
    }
  }

  /**
   * The daily watch found the certificate in use within the window: open the WebORCA page last seen in a background
   * tab; when it shows the bar, barShown() takes over. Needs WebORCA to have been opened once (its address is
   * remembered) and a session that reaches the master menu; a WebORCA that asks to log in is not reopened daily.
   */
  async watchChecked(): Promise<void> {
    const identity = watchedIdentity(await this.deps.latestWatch());
    if (!identity) return;
    // The watch has just listed the stores through the host: it is there.
    const { start, record, weborcaPage } = await this.decide(identity.daysLeft, async () => true);
    const now = Date.now();
    if (!start || !weborcaPage || now - (record.watchOpenedAt ?? 0) < WATCH_REOPEN_AFTER_MS) return;
    await browser.storage.local.set({ autoRenewal: { ...record, watchOpenedAt: now } satisfies AutoRenewalRecord });
    await browser.tabs.create({ url: weborcaPage, active: false }).catch(() => {});
  }

  private async decide(
    daysLeft: number | null,
    hostReady: () => Promise<boolean>,
  ): Promise<{ start: boolean; record: AutoRenewalRecord; weborcaPage: string | null }> {
    const settings = await loadSettings();
    if (!settings.autoRenew) return { start: false, record: {}, weborcaPage: null };
    const [view, stored] = await Promise.all([this.deps.renewal.view(), browser.storage.local.get(['autoRenewal', 'lastRenewal', 'weborcaPage'])]);
    const record = (stored.autoRenewal ?? {}) as AutoRenewalRecord;
    const decide = (ready: boolean) =>
      autoRenewDecision({
        settings,
        daysLeft,
        phase: view.phase,
        hostReady: ready,
        lastAttemptAt: record.lastAttemptAt ?? null,
        lastRenewalDoneAt: (stored.lastRenewal as LastRenewal | undefined)?.doneAt ?? null,
        now: Date.now(),
      });
    // The host is started (to ask whether it is there) only when nothing else already says no.
    const start = decide(true).start && decide(await hostReady()).start;
    return { start, record, weborcaPage: (stored.weborcaPage as string | undefined) ?? null };
  }
}
