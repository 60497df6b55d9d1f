/**
 * The service worker: the only place that talks to the native host, and the owner of the renewal.
 * Messages are accepted only from our own content scripts (on the allowed origins) and our own pages, and only
 * when they match their schema exactly. State lives in storage.session, so a restarted worker resumes.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import {
  OrcamoToBackground,
  PopupToBackground,
  VIEW_PORT,
  WebOrcaToBackground,
  type ActionReply,
  type CopyPasswordReply,
  type HostStatus,
  type RemoveIdentityResult,
  type RevealPasswordReply,
  type StatusReply,
  type ViewUpdate,
} from '../lib/messages';
import type { RenewalView } from '../lib/renewal-view';
import { badgeDays, inUseIdentity } from '../lib/expiry-watch';
import { t } from './i18n';
import { showBadge } from './badge';
import { callHost } from './native-host';
import { RestartConfirmation, type LastRenewal } from './after-restart';
import { autoRenewDecision } from './auto-renew';
import { EXPIRY_NOTIFICATION_ID, expiryWatch, scheduleWatch } from './expiry';
import { notify } from './notify';
import { loadSettings } from './settings-store';
import { removable, WATCH_ALARM } from './watch';
import { copyForAMinute } from './clipboard';
import { orcamoReady } from './orcamo-fetch';
import { RenewalController } from './renewal';
import { isOrcamoUrl, senderRoles, setExtraOrigins } from './senders';
import { loadHostStatus, loadLastPage, saveHostStatus, saveLastPage } from './state';

const AUTO_NOTIFICATION_ID = 'weborca-auto-renewal';
/** The linkage offer keeps the file and password in memory this long at most. */
const LINKAGE_OFFER_ALARM = 'linkage-offer';
const LINKAGE_OFFER_MINUTES = 30;
/** The watch opens WebORCA for auto-renewal at most this often. */
const WATCH_REOPEN_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
const ports = new Set<browser.Runtime.Port>();
/** The watch's countdown for the badge when no renewal is on screen (kept from the last check). */
let watchBadgeDays: number | null = null;
/** The last WebORCA page address written to storage.local (written again only when it changes). */
let knownWeborcaPage: string | null = null;
/** Set synchronously while an auto-renewal decides and starts: two bars at once start one renewal. */
let autoStarting = false;

function publish(view: RenewalView): void {
  const update: ViewUpdate = { type: 'background:view', view };
  for (const port of ports) {
    try {
      port.postMessage(update);
    } catch {
      ports.delete(port);
    }
  }
  void showBadge(view, watchBadgeDays);
  // Set once, when the offer is made: later publishes of the same view must not push the limit back.
  if (view.linkage?.state === 'offered') {
    void browser.alarms.get(LINKAGE_OFFER_ALARM).then(async (alarm) => {
      if (!alarm) await browser.alarms.create(LINKAGE_OFFER_ALARM, { delayInMinutes: LINKAGE_OFFER_MINUTES });
    });
  }
}

async function refreshBadge(): Promise<void> {
  watchBadgeDays = badgeDays(await expiryWatch.latest());
  await showBadge(await renewal.view(), watchBadgeDays);
}

/** A daily or on-demand check of every store; the badge follows it. Returns the summary (the last one if none). */
async function runWatch() {
  const result = await expiryWatch.run();
  await refreshBadge();
  return result.ok ? result.summary : expiryWatch.latest();
}

/** Asks the host who it is; the answer (or why there is none) is kept for the popup. */
async function checkHost(): Promise<HostStatus> {
  const result = await callHost({ type: 'hello' });
  const checkedAt = Date.now();
  const host: HostStatus = result.ok
    ? { state: 'ready', version: result.value.hello.version, platform: result.value.hello.platform, stores: result.value.hello.stores, checkedAt }
    : { state: result.error.code === 'HOST_NOT_INSTALLED' ? 'missing' : 'error', code: result.error.code, message: result.error.message, checkedAt };
  await saveHostStatus(host);
  return host;
}

const restartConfirmation = new RestartConfirmation();
const renewal = new RenewalController({ publish, hostAvailable: async () => (await checkHost()).state === 'ready', finished: (view) => void renewalFinished(view) });

/** Auto-renewal ends with one notification either way; every finished renewal re-lists the stores. */
async function renewalFinished(view: RenewalView): Promise<void> {
  if (view.auto) {
    const [title, message] =
      view.phase === 'done'
        ? [t('autoDoneTitle'), t('autoDoneMessage')]
        : view.phase === 'confirming'
          ? [t('autoAskTitle'), t('autoAskMessage')]
          : [t('autoStoppedTitle'), t('autoStoppedMessage', view.error?.message ?? '')];
    await notify(AUTO_NOTIFICATION_ID, title, message, 2);
  }
  if (view.phase === 'done') await runWatch().catch(() => {});
}

/** Starts a renewal without a click when the settings ask for it and it is safe (see auto-renew.ts). */
async function maybeAutoRenew(from: { tabId: number; origin: string; daysLeft: number | null; orcamoUrl: string | null }): Promise<void> {
  // Without a click, we follow the bar's link only to an ORCAMO address we know (built in or added by the user).
  if (autoStarting || !from.orcamoUrl || !isOrcamoUrl(from.orcamoUrl)) return;
  autoStarting = true;
  try {
    await autoRenewIfDue(from);
  } finally {
    autoStarting = false;
  }
}

/** What auto-renewal did before (storage.local `autoRenewal`): when it last started, when the watch opened WebORCA. */
interface AutoRenewalRecord {
  lastAttemptAt?: number;
  watchOpenedAt?: number;
}

/** Whether auto-renewal may start now, from the settings, the renewal on screen and what it did before. */
async function decideAutoRenewal(daysLeft: number | null, hostReady: () => Promise<boolean>): Promise<{ start: boolean; record: AutoRenewalRecord; weborcaPage: string | null }> {
  const settings = await loadSettings();
  if (!settings.autoRenew) return { start: false, record: {}, weborcaPage: null };
  const [view, stored] = await Promise.all([renewal.view(), browser.storage.local.get(['autoRenewal', 'lastRenewal', 'weborcaPage'])]);
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

async function autoRenewIfDue(from: { tabId: number; origin: string; daysLeft: number | null }): Promise<void> {
  const { start, record } = await decideAutoRenewal(from.daysLeft, async () => (await checkHost()).state === 'ready');
  if (!start) return;
  await browser.storage.local.set({ autoRenewal: { ...record, lastAttemptAt: Date.now() } satisfies AutoRenewalRecord });
  await renewal.start({ tabId: from.tabId, origin: from.origin, auto: true });
}

/**
 * The daily watch found the certificate in use within the auto-renewal window: open the WebORCA page last seen in
 * a background tab; when it shows the bar, the renewal runs from there as above. Needs WebORCA to have been opened
 * once (its address is remembered), and a session that reaches the master menu.
 */
async function autoRenewFromWatch(): Promise<void> {
  const identity = inUseIdentity(await expiryWatch.latest());
  if (!identity) return;
  // The watch has just listed the stores through the host: it is there.
  const { start, record, weborcaPage } = await decideAutoRenewal(identity.daysLeft, async () => true);
  const now = Date.now();
  // A WebORCA that does not show the bar in that tab (e.g. it asks to log in) is not reopened every day.
  if (!start || !weborcaPage || now - (record.watchOpenedAt ?? 0) < WATCH_REOPEN_AFTER_MS) return;
  await browser.storage.local.set({ autoRenewal: { ...record, watchOpenedAt: now } satisfies AutoRenewalRecord });
  await browser.tabs.create({ url: weborcaPage, active: false }).catch(() => {});
}

/** Opens (or brings forward) WebORCA: where every notification of ours leads. */
async function openWebOrca(): Promise<void> {
  const { weborcaPage } = (await browser.storage.local.get('weborcaPage')) as { weborcaPage?: string };
  const lastPage = await loadLastPage();
  const url = weborcaPage ?? (lastPage ? `${lastPage.origin}/` : null);
  if (url) await browser.tabs.create({ url, active: true }).catch(() => {});
}

function badMessage(): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: 'BAD_MESSAGE', message: t('errorBadMessage') } };
}

async function onWebOrcaMessage(message: WebOrcaToBackground, sender: browser.Runtime.MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id ?? null;
  const origin = new URL(sender.url!).origin;
  switch (message.type) {
    case 'content:pageSeen':
      await saveLastPage({ origin, screen: message.screen, title: message.title, at: Date.now() });
      if (message.screen === 'M00') {
        // Remembered for the watch: where to open WebORCA (origin and path only: no query, no fragment).
        const weborcaPage = `${origin}${new URL(sender.url!).pathname}`;
        if (weborcaPage !== knownWeborcaPage) {
          knownWeborcaPage = weborcaPage;
          await browser.storage.local.set({ weborcaPage });
        }
        await restartConfirmation.masterMenuSeen(origin);
      }
      return { ok: true };
    case 'content:barDetected':
      restartConfirmation.barSeen(origin);
      if (tabId !== null) {
        await renewal.barDetected({ tabId, origin, daysLeft: message.daysLeft, expiresOn: message.expiresOn, orcamoUrl: message.orcamoUrl });
        await maybeAutoRenew({ tabId, origin, daysLeft: message.daysLeft, orcamoUrl: message.orcamoUrl });
      }
      return { ok: true };
    case 'content:barGone':
      await renewal.barGone(origin);
      return { ok: true };
    case 'content:start':
      return { ok: true, view: await renewal.start({ tabId, origin }) } satisfies ActionReply;
    case 'content:confirm':
      return { ok: true, view: await renewal.confirm(message.runId) } satisfies ActionReply;
    case 'content:cancel':
      return { ok: true, view: await renewal.cancel(message.runId) } satisfies ActionReply;
  }
}

async function onPopupMessage(message: PopupToBackground): Promise<StatusReply | ActionReply | RevealPasswordReply | CopyPasswordReply | RemoveIdentityResult> {
  switch (message.type) {
    case 'popup:getStatus': {
      // Opening the popup is also a watch check (the host lists every store), so it always shows today's state.
      const watch = message.refreshHost && (await checkHost()).state === 'ready' ? await runWatch() : await expiryWatch.latest();
      const [host, lastPage, view, settings] = await Promise.all([loadHostStatus(), loadLastPage(), renewal.view(), loadSettings()]);
      return { ok: true, status: { host, lastPage, renewal: view, watch, autoRenew: settings.autoRenew } };
    }
    case 'popup:removeIdentity': {
      // Only what the watch marked superseded (a verified renewal replaced it); never the identity in use.
      // Decided on a fresh listing, not on a summary that may be days old.
      const identity = removable(await runWatch(), message.thumbprint);
      if (!identity) return { ok: false, error: { code: 'NOT_REMOVABLE', message: t('watchNotRemovable') } };
      const result = await callHost({ type: 'removeIdentity', thumbprint: identity.thumbprint });
      if (!result.ok) return { ok: false, error: result.error };
      return { ok: true, watch: await runWatch() };
    }
    case 'popup:start':
      return { ok: true, view: await renewal.start({ tabId: null, origin: null }) };
    case 'popup:confirm':
      return { ok: true, view: await renewal.confirm(message.runId) };
    case 'popup:cancel':
      return { ok: true, view: await renewal.cancel(message.runId) };
    case 'popup:dismiss':
      return { ok: true, view: await renewal.dismiss(message.runId) };
    case 'popup:updateLinkage':
      return { ok: true, view: await renewal.updateLinkage(message.runId) };
    case 'popup:copyPassword': {
      const password = await renewal.revealPassword(message.runId);
      if (password === null) return { ok: false, error: { code: 'NO_SECRET', message: t('guidedPasswordUnavailable') } };
      return (await copyForAMinute(password)) ? { ok: true } : { ok: false, error: { code: 'CLIPBOARD_FAILED', message: t('guidedCopyFailed') } };
    }
    case 'popup:revealPassword': {
      const password = await renewal.revealPassword(message.runId);
      return password === null ? { ok: false, error: { code: 'NO_SECRET', message: t('guidedPasswordUnavailable') } } : { ok: true, password };
    }
  }
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  const roles = senderRoles(sender);
  if (roles.extensionPage) {
    const parsed = v.safeParse(PopupToBackground, message);
    return parsed.success ? onPopupMessage(parsed.output) : Promise.resolve(badMessage());
  }
  if (roles.weborca) {
    const parsed = v.safeParse(WebOrcaToBackground, message);
    if (parsed.success) return onWebOrcaMessage(parsed.output, sender);
  }
  if (roles.orcamo && sender.tab?.id !== undefined) {
    const parsed = v.safeParse(OrcamoToBackground, message);
    if (parsed.success) {
      orcamoReady(sender.tab.id, parsed.output.recognised);
      return Promise.resolve({ ok: true });
    }
  }
  // Unknown sender or malformed message: no answer at all.
  return undefined;
});

/** UIs (inline button, popup) hold a port and get every view as it changes. */
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== VIEW_PORT || !port.sender) return port.disconnect();
  const roles = senderRoles(port.sender);
  if (!roles.extensionPage && !roles.weborca) return port.disconnect();
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
  void renewal.view().then((view) => port.postMessage({ type: 'background:view', view } satisfies ViewUpdate));
});

async function loadExtraOrigins(): Promise<void> {
  const stored = (await browser.storage.local.get('extraOrigins')) as { extraOrigins?: { weborca?: string[]; orcamo?: string[] } };
  setExtraOrigins({ weborca: stored.extraOrigins?.weborca ?? [], orcamo: stored.extraOrigins?.orcamo ?? [] });
}
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && 'extraOrigins' in changes) void loadExtraOrigins();
});

browser.runtime.onInstalled.addListener(() => void checkHost().then(scheduleWatch));
browser.runtime.onStartup.addListener(() => void checkHost().then(scheduleWatch));

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === LINKAGE_OFFER_ALARM) void renewal.expireLinkageOffer();
  if (alarm.name !== WATCH_ALARM) return;
  void runWatch()
    .then(autoRenewFromWatch)
    .catch(() => {});
});

browser.notifications.onClicked.addListener((id) => {
  if (id === EXPIRY_NOTIFICATION_ID || id === AUTO_NOTIFICATION_ID) void openWebOrca();
});

// Every wake-up of the worker: restore settings, badge, and resume a renewal a stopped worker left mid-step.
void loadExtraOrigins();
void refreshBadge();
void renewal.resume();
