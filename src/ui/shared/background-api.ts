/**
 * The popup's (and options page's) only door to the background. The UI takes this interface, so it renders against a
 * mock background (tests, screenshots) exactly as against the real one (real-background.ts).
 */
import type { ActionReply, RemoveIdentityResult, SaveSupportInfoReply, StatusReply } from '../../lib/messages';
import type { RenewalView } from '../../lib/renewal-view';

export interface BackgroundApi {
  /** Host status, last WebORCA page seen, and the renewal view. `refreshHost` asks the host again first. */
  getStatus(refreshHost: boolean): Promise<StatusReply>;
  start(): Promise<ActionReply>;
  confirm(runId: string): Promise<ActionReply>;
  cancel(runId: string): Promise<ActionReply>;
  /** Clears a finished or failed renewal from view. */
  dismiss(runId: string): Promise<ActionReply>;
  /** Every view the background pushes over the VIEW_PORT port, until the returned function is called. */
  subscribe(listener: (view: RenewalView) => void): () => void;
  /**
   * Guided mode: the replacement's password, on demand. Not in the message contract yet: when absent, the popup says
   * where to see the password instead (ORCAMO's 確認する).
   */
  /** Copies the password (guided mode); the background wipes the clipboard a minute later. */
  copyPassword?(runId: string): Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>;
  /** The renewal stopped at an ORCAMO address not approved yet: the user approves it (the background knows which). */
  approveOrcamo?(runId: string): Promise<ActionReply>;
  /** After a verified renewal: update the linkage tools' configs (the view's offer). */
  updateLinkage?(runId: string): Promise<ActionReply>;
  /** Removes a superseded identity (the watch marked it) from every store. */
  removeIdentity?(thumbprint: string): Promise<RemoveIdentityResult>;
  /** Saves the support file (調査用の情報); `captureOpenTabs`: with pictures of the open WebORCA/ORCAMO tabs. */
  saveSupportInfo?(captureOpenTabs: boolean): Promise<SaveSupportInfoReply>;
  revealPassword?(runId: string): Promise<{ ok: true; password: string } | { ok: false; error: { code: string; message: string } }>;
}
