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
  type RevealPasswordReply,
  type StatusReply,
  type ViewUpdate,
} from '../lib/messages';
import { HelloReply } from '../lib/native-protocol';
import type { RenewalView } from '../lib/renewal-view';
import { t } from '../lib/i18n';
import { showBadge } from './badge';
import { callHost } from './native-host';
import { RestartConfirmation } from './after-restart';
import { copyForAMinute } from './clipboard';
import { orcamoReady } from './orcamo-fetch';
import { RenewalController } from './renewal';
import { senderRoles, setExtraOrigins } from './senders';
import { loadHostStatus, loadLastPage, saveHostStatus, saveLastPage } from './state';

const HELLO_TIMEOUT_MS = 5_000;
const ports = new Set<browser.Runtime.Port>();

function publish(view: RenewalView): void {
  const update: ViewUpdate = { type: 'background:view', view };
  for (const port of ports) {
    try {
      port.postMessage(update);
    } catch {
      ports.delete(port);
    }
  }
  void showBadge(view);
}

/** Asks the host who it is; the answer (or why there is none) is kept for the popup. */
async function checkHost(): Promise<HostStatus> {
  const result = await callHost({ type: 'hello' }, HelloReply, HELLO_TIMEOUT_MS);
  const checkedAt = Date.now();
  const host: HostStatus = result.ok
    ? { state: 'ready', version: result.value.hello.version, platform: result.value.hello.platform, stores: result.value.hello.stores, checkedAt }
    : { state: result.error.code === 'HOST_NOT_INSTALLED' ? 'missing' : 'error', code: result.error.code, message: result.error.message, checkedAt };
  await saveHostStatus(host);
  return host;
}

const restartConfirmation = new RestartConfirmation();
const renewal = new RenewalController({ publish, hostAvailable: async () => (await checkHost()).state === 'ready' });

function badMessage(): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: 'BAD_MESSAGE', message: t('errorBadMessage') } };
}

async function onWebOrcaMessage(message: WebOrcaToBackground, sender: browser.Runtime.MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id ?? null;
  const origin = new URL(sender.url!).origin;
  switch (message.type) {
    case 'content:pageSeen':
      await saveLastPage({ origin, screen: message.screen, title: message.title, at: Date.now() });
      if (message.screen === 'M00') await restartConfirmation.masterMenuSeen(origin);
      return { ok: true };
    case 'content:barDetected':
      restartConfirmation.barSeen(origin);
      if (tabId !== null) await renewal.barDetected({ tabId, origin, daysLeft: message.daysLeft, expiresOn: message.expiresOn, orcamoUrl: message.orcamoUrl });
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

async function onPopupMessage(message: PopupToBackground): Promise<StatusReply | ActionReply | RevealPasswordReply | CopyPasswordReply> {
  switch (message.type) {
    case 'popup:getStatus': {
      if (message.refreshHost) await checkHost();
      const [host, lastPage, view] = await Promise.all([loadHostStatus(), loadLastPage(), renewal.view()]);
      return { ok: true, status: { host, lastPage, renewal: view } };
    }
    case 'popup:start':
      return { ok: true, view: await renewal.start({ tabId: null, origin: null }) };
    case 'popup:confirm':
      return { ok: true, view: await renewal.confirm(message.runId) };
    case 'popup:cancel':
      return { ok: true, view: await renewal.cancel(message.runId) };
    case 'popup:dismiss':
      return { ok: true, view: await renewal.dismiss(message.runId) };
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

browser.runtime.onInstalled.addListener(() => void checkHost());
browser.runtime.onStartup.addListener(() => void checkHost());

// Every wake-up of the worker: restore settings, badge, and resume a renewal a stopped worker left mid-step.
void loadExtraOrigins();
void renewal.view().then(showBadge);
void renewal.resume();
