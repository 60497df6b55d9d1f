/**
 * The service worker's wiring, and nothing else: it creates the parts (renewal, watch, auto-renewal, router) and
 * connects them to the browser's events. The only place that talks to the native host is the worker; messages are
 * accepted only from our own content scripts (on the allowed origins) and our own pages, and only when they match
 * their schema exactly. State lives in storage.session, so a restarted worker resumes.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { OrcamoToBackground, PopupToBackground, VIEW_PORT, WebOrcaToBackground, type ViewUpdate } from '../lib/messages';
import type { RenewalView } from '../lib/renewal-view';
import { badgeDays } from '../lib/expiry-watch';
import { RestartConfirmation } from './after-restart';
import { AutoRenewal } from './auto-renewal';
import { showBadge } from './badge';
import { EXPIRY_NOTIFICATION_ID, expiryWatch, scheduleWatch } from './expiry';
import { checkHost } from './host-status';
import { t } from './i18n';
import { notify } from './notify';
import { orcamoReady } from './orcamo-fetch';
import { RenewalController } from './renewal';
import { loadApprovedOrcamo, renewalPorts, sessionState } from './renewal-ports';
import { MessageRouter } from './router';
import { Senders } from './senders';
import { logEvent } from './support-info';
import { applySiteTextPolicy } from './site-text-policy';
import { WATCH_ALARM } from './watch';

const AUTO_NOTIFICATION_ID = 'weborca-auto-renewal';
/** The linkage offer keeps the file and password in memory this long at most. */
const LINKAGE_OFFER_ALARM = 'linkage-offer';
const LINKAGE_OFFER_MINUTES = 30;

const ports = new Set<browser.Runtime.Port>();
/** The watch's countdown for the badge when no renewal is on screen (kept from the last check). */
let watchBadgeDays: number | null = null;

const senders = new Senders({ id: browser.runtime.id, baseUrl: browser.runtime.getURL('') });
const hostReady = async (): Promise<boolean> => (await checkHost()).state === 'ready';

/** The last phase logged: the support file's history records each change of phase once (never the view itself). */
let loggedPhase: string | null = null;

function publish(view: RenewalView): void {
  const update: ViewUpdate = { type: 'background:view', view };
  if (view.phase !== loggedPhase) {
    loggedPhase = view.phase;
    void logEvent({
      event: 'renewal',
      phase: view.phase,
      ...(view.error ? { code: view.error.code, ...(view.error.step ? { step: view.error.step } : {}) } : {}),
    });
  }
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

async function loadExtraOrigins(): Promise<void> {
  const stored = (await browser.storage.local.get('extraOrigins')) as { extraOrigins?: { weborca?: string[]; orcamo?: string[] } };
  senders.setExtraOrigins({ weborca: stored.extraOrigins?.weborca ?? [], orcamo: stored.extraOrigins?.orcamo ?? [] });
}
/** Every wake-up of the worker reads the added and approved origins: nothing decides about an address before. */
const originsLoaded = Promise.all([loadExtraOrigins(), loadApprovedOrcamo(senders)]).then(() => undefined);

const renewal = new RenewalController(
  renewalPorts({ senders, originsLoaded, hostAvailable: hostReady, publish, finished: (view) => void renewalFinished(view) }),
);
const restartConfirmation = new RestartConfirmation();
const autoRenewal = new AutoRenewal({ renewal, senders, originsLoaded, hostReady, latestWatch: () => expiryWatch.latest() });
const router = new MessageRouter({ renewal, senders, restartConfirmation, autoRenewal, runWatch, latestWatch: () => expiryWatch.latest() });

/** Opens (or brings forward) WebORCA: where every notification of ours leads. */
async function openWebOrca(): Promise<void> {
  const { weborcaPage } = (await browser.storage.local.get('weborcaPage')) as { weborcaPage?: string };
  const lastPage = await sessionState.loadLastPage();
  const url = weborcaPage ?? (lastPage ? `${lastPage.origin}/` : null);
  if (url) await browser.tabs.create({ url, active: true }).catch(() => {});
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  const roles = senders.roles(sender);
  if (roles.extensionPage) {
    const parsed = v.safeParse(PopupToBackground, message);
    return parsed.success ? router.fromPopup(parsed.output) : Promise.resolve({ ok: false, error: { code: 'BAD_MESSAGE', message: t('errorBadMessage') } });
  }
  if (roles.weborca) {
    const parsed = v.safeParse(WebOrcaToBackground, message);
    if (parsed.success) return router.fromWebOrca(parsed.output, sender);
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
  const roles = senders.roles(port.sender);
  if (!roles.extensionPage && !roles.weborca) return port.disconnect();
  ports.add(port);
  port.onDisconnect.addListener(() => ports.delete(port));
  void renewal.view().then((view) => port.postMessage({ type: 'background:view', view } satisfies ViewUpdate));
});

browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed' && 'siteTexts' in changes) void applySiteTextPolicy();
  if (area === 'local' && 'extraOrigins' in changes) void loadExtraOrigins();
  if (area === 'local' && 'approvedOrcamoOrigins' in changes) void loadApprovedOrcamo(senders);
});

browser.runtime.onInstalled.addListener((details) => {
  void checkHost().then(scheduleWatch);
  // Once, after installation: is the helper there, and what will happen at the next renewal (welcome.html).
  if (details.reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('welcome.html') }).catch(() => {});
});
browser.runtime.onStartup.addListener(() => void checkHost().then(scheduleWatch));

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === LINKAGE_OFFER_ALARM) void renewal.expireLinkageOffer();
  if (alarm.name !== WATCH_ALARM) return;
  void runWatch()
    .then(() => autoRenewal.watchChecked())
    .catch(() => {});
});

browser.notifications.onClicked.addListener((id) => {
  if (id === EXPIRY_NOTIFICATION_ID || id === AUTO_NOTIFICATION_ID) void openWebOrca();
});

// Every wake-up of the worker: restore the badge, re-read the site texts' policy, and resume a renewal a stopped
// worker left mid-step.
void refreshBadge();
void applySiteTextPolicy().catch(() => {});
void renewal.resume();
