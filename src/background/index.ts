/**
 * The service worker: the only place that talks to the native host and (in later issues) drives the renewal.
 * State lives in storage.session so a service-worker restart loses nothing; no secret ever goes to storage.local.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { ContentToBackground, PopupToBackground, type HostStatus, type PageSeen, type Status, type StatusReply } from '../lib/messages';
import { HelloReply } from '../lib/native-protocol';
import { callHost } from './native-host';
import { classifySender } from './senders';
import { t } from '../lib/i18n';

const HELLO_TIMEOUT_MS = 5_000;

async function readStatus(): Promise<Status> {
  const stored = (await browser.storage.session.get(['host', 'lastPage'])) as { host?: HostStatus; lastPage?: PageSeen };
  return { host: stored.host ?? { state: 'unknown' }, lastPage: stored.lastPage ?? null };
}

/** Asks the host who it is; the answer (or why there is none) is kept for the popup. */
export async function checkHost(): Promise<HostStatus> {
  const result = await callHost({ type: 'hello' }, HelloReply, HELLO_TIMEOUT_MS);
  const checkedAt = Date.now();
  const host: HostStatus = result.ok
    ? { state: 'ready', version: result.value.hello.version, platform: result.value.hello.platform, stores: result.value.hello.stores, checkedAt }
    : { state: result.error.code === 'HOST_NOT_INSTALLED' ? 'missing' : 'error', code: result.error.code, message: result.error.message, checkedAt };
  await browser.storage.session.set({ host });
  return host;
}

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  const kind = classifySender(sender);
  if (kind === 'weborca') {
    const parsed = v.safeParse(ContentToBackground, message);
    if (!parsed.success) return undefined;
    const page: PageSeen = { origin: new URL(sender.url!).origin, screen: parsed.output.screen, title: parsed.output.title, at: Date.now() };
    return browser.storage.session.set({ lastPage: page }).then(() => ({ ok: true }));
  }
  if (kind === 'extensionPage') {
    const parsed = v.safeParse(PopupToBackground, message);
    if (!parsed.success) return Promise.resolve<StatusReply>({ ok: false, error: { code: 'BAD_MESSAGE', message: t('errorBadMessage') } });
    return (async (): Promise<StatusReply> => {
      if (parsed.output.refreshHost) await checkHost();
      return { ok: true, status: await readStatus() };
    })();
  }
  return undefined;
});

browser.runtime.onInstalled.addListener(() => {
  void checkHost();
});
browser.runtime.onStartup.addListener(() => {
  void checkHost();
});
