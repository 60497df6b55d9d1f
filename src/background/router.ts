/**
 * What each message asks of the background, once its sender and its schema were checked (index.ts): the WebORCA
 * content script reports the page and the user's clicks in the inline button; the popup and the options page ask
 * for the status and act on the renewal.
 */
import type {
  ActionReply,
  CopyPasswordReply,
  PopupToBackground,
  RemoveIdentityResult,
  RevealPasswordReply,
  SaveSupportInfoReply,
  StatusReply,
  WebOrcaToBackground,
} from '../lib/messages';
import type { WatchSummary } from '../lib/expiry-watch';
import browser from 'webextension-polyfill';
import type { RestartConfirmation } from './after-restart';
import type { AutoRenewal } from './auto-renewal';
import { copyForAMinute } from './clipboard';
import { failureMessage } from './errors';
import { checkHost } from './host-status';
import { t } from './i18n';
import { callHost } from './native-host';
import type { RenewalController } from './renewal';
import { sessionState } from './renewal-ports';
import { loadSettings } from './settings-store';
import { removable } from './watch';
import { saveSupportInfo } from './support-info';
import type { Senders } from './senders';

export interface RouterDeps {
  renewal: RenewalController;
  senders: Senders;
  restartConfirmation: RestartConfirmation;
  autoRenewal: AutoRenewal;
  /** A fresh check of every store (the badge follows); the last summary when the host cannot list. */
  runWatch(): Promise<WatchSummary | null>;
  latestWatch(): Promise<WatchSummary | null>;
}

export class MessageRouter {
  /** The last WebORCA page address written to storage.local (written again only when it changes). */
  private knownWeborcaPage: string | null = null;

  constructor(private readonly deps: RouterDeps) {}

  async fromWebOrca(message: WebOrcaToBackground, sender: { tab?: { id?: number }; url?: string }): Promise<unknown> {
    const { renewal } = this.deps;
    const tabId = sender.tab?.id ?? null;
    const url = new URL(sender.url!);
    const origin = url.origin;
    switch (message.type) {
      case 'content:pageSeen':
        await sessionState.saveLastPage({ origin, screen: message.screen, title: message.title, at: Date.now() });
        if (message.screen === 'M00') {
          // Remembered for the watch: where to open WebORCA (origin and path only: no query, no fragment).
          const weborcaPage = `${origin}${url.pathname}`;
          if (weborcaPage !== this.knownWeborcaPage) {
            this.knownWeborcaPage = weborcaPage;
            await browser.storage.local.set({ weborcaPage });
          }
          await this.deps.restartConfirmation.masterMenuSeen(origin);
        }
        return { ok: true };
      case 'content:barDetected':
        this.deps.restartConfirmation.barSeen(origin);
        // What the browser presented (the bar counts its days): the watch takes that certificate as the one in use.
        if (message.daysLeft !== null) await browser.storage.local.set({ lastBar: { daysLeft: message.daysLeft, at: Date.now() } });
        if (tabId !== null) {
          await renewal.barDetected({ tabId, origin, daysLeft: message.daysLeft, expiresOn: message.expiresOn, orcamoUrl: message.orcamoUrl });
          await this.deps.autoRenewal.barShown({ tabId, origin, daysLeft: message.daysLeft, orcamoUrl: message.orcamoUrl });
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

  async fromPopup(
    message: PopupToBackground,
  ): Promise<StatusReply | ActionReply | RevealPasswordReply | CopyPasswordReply | RemoveIdentityResult | SaveSupportInfoReply> {
    const { renewal } = this.deps;
    switch (message.type) {
      case 'popup:getStatus': {
        // Opening the popup is also a watch check (the host lists every store), so it always shows today's state.
        const watch = message.refreshHost && (await checkHost()).state === 'ready' ? await this.deps.runWatch() : await this.deps.latestWatch();
        const [host, lastPage, view, settings] = await Promise.all([
          sessionState.loadHostStatus(),
          sessionState.loadLastPage(),
          renewal.view(),
          loadSettings(),
        ]);
        return { ok: true, status: { host, lastPage, renewal: view, watch, autoRenew: settings.autoRenew } };
      }
      case 'popup:removeIdentity': {
        // Only what the watch marked superseded (a verified renewal replaced it); never the identity in use.
        // Decided on a fresh listing, not on a summary that may be days old. The host checks it again itself.
        const identity = removable(await this.deps.runWatch(), message.thumbprint);
        if (!identity) return { ok: false, error: { code: 'NOT_REMOVABLE', message: t('watchNotRemovable') } };
        const result = await callHost({ type: 'removeIdentity', thumbprint: identity.thumbprint });
        if (!result.ok) return { ok: false, error: { code: result.error.code, message: failureMessage(result.error, t) } };
        return { ok: true, watch: await this.deps.runWatch() };
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
      case 'popup:approveOrcamo':
        return { ok: true, view: await renewal.approveOrcamo(message.runId) };
      case 'popup:saveSupportInfo': {
        const saved = await saveSupportInfo({
          captureOpenTabs: message.captureOpenTabs,
          isSite: (url) => this.deps.senders.isSiteUrl(url),
          host: await sessionState.loadHostStatus(),
        });
        if (saved.ok) return saved;
        return { ok: false, error: { code: saved.code, message: t(saved.code === 'NOTHING_TO_SAVE' ? 'supportNothing' : 'supportSaveFailed') } };
      }
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
}
