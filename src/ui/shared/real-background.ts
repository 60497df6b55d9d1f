/**
 * The BackgroundApi over the real runtime: messages for requests, the VIEW_PORT port for pushed views.
 * chrome.* is promise-based in MV3; the popup does not need webextension-polyfill for these few calls.
 */
import {
  VIEW_PORT,
  type ActionReply,
  type CopyPasswordReply,
  type PopupToBackground,
  type RemoveIdentityResult,
  type RevealPasswordReply,
  type SaveSupportInfoReply,
  type StatusReply,
} from '../../lib/messages';
import { connectViews } from '../../lib/view-port';
import type { BackgroundApi } from './background-api';

async function ask<R>(message: PopupToBackground): Promise<R> {
  return (await chrome.runtime.sendMessage(message)) as R;
}

export const realBackground: BackgroundApi = {
  getStatus: (refreshHost) => ask<StatusReply>({ type: 'popup:getStatus', refreshHost }),
  start: () => ask<ActionReply>({ type: 'popup:start' }),
  confirm: (runId) => ask<ActionReply>({ type: 'popup:confirm', runId }),
  cancel: (runId) => ask<ActionReply>({ type: 'popup:cancel', runId }),
  dismiss: (runId) => ask<ActionReply>({ type: 'popup:dismiss', runId }),
  revealPassword: (runId) => ask<RevealPasswordReply>({ type: 'popup:revealPassword', runId }),
  copyPassword: (runId) => ask<CopyPasswordReply>({ type: 'popup:copyPassword', runId }),
  updateLinkage: (runId) => ask<ActionReply>({ type: 'popup:updateLinkage', runId }),
  approveOrcamo: (runId) => ask<ActionReply>({ type: 'popup:approveOrcamo', runId }),
  saveSupportInfo: (captureOpenTabs) => ask<SaveSupportInfoReply>({ type: 'popup:saveSupportInfo', captureOpenTabs }),
  removeIdentity: (thumbprint) => ask<RemoveIdentityResult>({ type: 'popup:removeIdentity', thumbprint }),
  subscribe(listener) {
    // The same reconnecting subscription as the inline button's: a stopped worker is woken again while we are open.
    const connection = connectViews(
      () => chrome.runtime.connect({ name: VIEW_PORT }),
      listener,
      () => {},
    );
    return () => connection.close();
  },
};
