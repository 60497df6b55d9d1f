/**
 * Runtime messages inside the extension, named by direction (content→background, popup→background,
 * background→content), each with a strict schema (exact key sets): the background validates every incoming message
 * and checks its sender before it looks at it; content scripts validate what the background sends them.
 */
import * as v from 'valibot';
import type { RenewalView } from './renewal-view';
import type { WatchSummary } from './expiry-watch';

const screenCode = v.nullable(v.pipe(v.string(), v.regex(/^[A-Z][0-9]{2}[A-Z0-9]?$/)));
const runId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{8,64}$/));
const isoDate = v.nullable(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)));
const httpsUrl = v.nullable(v.pipe(v.string(), v.maxLength(2048), v.url(), v.startsWith('https://')));

// ── WebORCA content script → background ────────────────────────────────────────────────────────────────────────

/** Which screen is showing (the popup says WebORCA is open). */
export const ContentPageSeen = v.strictObject({
  type: v.literal('content:pageSeen'),
  screen: screenCode,
  title: v.pipe(v.string(), v.maxLength(200)),
});
/** The expiry bar is on screen, with what it says. */
export const ContentBarDetected = v.strictObject({
  type: v.literal('content:barDetected'),
  daysLeft: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(-3650), v.maxValue(3650))),
  expiresOn: isoDate,
  orcamoUrl: httpsUrl,
  screen: screenCode,
});
/** The bar is no longer on screen (another screen, or the renewal took effect after a restart). */
export const ContentBarGone = v.strictObject({ type: v.literal('content:barGone') });
/** The user pressed our inline button. */
export const ContentStart = v.strictObject({ type: v.literal('content:start') });
export const ContentConfirm = v.strictObject({ type: v.literal('content:confirm'), runId });
export const ContentCancel = v.strictObject({ type: v.literal('content:cancel'), runId });

export const WebOrcaToBackground = v.variant('type', [ContentPageSeen, ContentBarDetected, ContentBarGone, ContentStart, ContentConfirm, ContentCancel]);
export type WebOrcaToBackground = v.InferOutput<typeof WebOrcaToBackground>;

// ── ORCAMO content script ↔ background ─────────────────────────────────────────────────────────────────────────

/** The ORCAMO content script is loaded and recognised the replacement page (or not). */
export const OrcamoReady = v.strictObject({ type: v.literal('orcamo:ready'), recognised: v.boolean() });
export const OrcamoToBackground = v.variant('type', [OrcamoReady]);
export type OrcamoToBackground = v.InferOutput<typeof OrcamoToBackground>;

/** Background → ORCAMO tab: fetch the replacement file and read its password from the page. */
export const FetchReplacementCommand = v.strictObject({
  type: v.literal('background:fetchReplacement'),
  runId,
  timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(300_000)),
});
export type FetchReplacementCommand = v.InferOutput<typeof FetchReplacementCommand>;

const base64 = v.pipe(v.string(), v.maxLength(2 * 1024 * 1024), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const errorBody = v.strictObject({ code: v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]*$/)), message: v.pipe(v.string(), v.maxLength(1000)) });

export const FetchReplacementReply = v.union([
  v.strictObject({
    ok: v.literal(true),
    /** The server's file name (Content-Disposition), kept for the backup. */
    fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(255)),
    p12: base64,
    password: v.pipe(v.string(), v.maxLength(1024)),
  }),
  v.strictObject({ ok: v.literal(false), error: errorBody }),
]);
export type FetchReplacementReply = v.InferOutput<typeof FetchReplacementReply>;

/**
 * Background → ORCAMO tab, fallback when `こちら` is script- or form-driven: click it (a real click), so that the
 * browser downloads the file. The reply says only whether the click happened.
 */
export const ClickDownloadCommand = v.strictObject({ type: v.literal('background:clickDownload'), runId });
export type ClickDownloadCommand = v.InferOutput<typeof ClickDownloadCommand>;
export const ClickDownloadReply = v.union([v.strictObject({ ok: v.literal(true) }), v.strictObject({ ok: v.literal(false), error: errorBody })]);
export type ClickDownloadReply = v.InferOutput<typeof ClickDownloadReply>;

/** Background → ORCAMO tab, after the browser's download: click `確認する` if needed and read the password shown. */
export const ReadPasswordCommand = v.strictObject({
  type: v.literal('background:readPassword'),
  runId,
  timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(300_000)),
});
export type ReadPasswordCommand = v.InferOutput<typeof ReadPasswordCommand>;
export const ReadPasswordReply = v.union([
  v.strictObject({ ok: v.literal(true), password: v.pipe(v.string(), v.maxLength(1024)) }),
  v.strictObject({ ok: v.literal(false), error: errorBody }),
]);
export type ReadPasswordReply = v.InferOutput<typeof ReadPasswordReply>;

/**
 * Background → ORCAMO tab, when the browser downloaded a `blob:` or `data:` URL after our click: did this page make
 * it (a `blob:` URL of the page's own origin, or a `data:` link the page clicked), and, if the page can still read
 * it, its bytes (so the file is checked even without the helper). `seen: false` means the download is not ORCAMO's.
 */
export const ClaimDownloadCommand = v.strictObject({
  type: v.literal('background:claimDownload'),
  runId,
  url: v.pipe(
    v.string(),
    v.maxLength(2 * 1024 * 1024),
    v.check((url) => url.startsWith('blob:') || url.startsWith('data:'), 'not a blob: or data: URL'),
  ),
});
export type ClaimDownloadCommand = v.InferOutput<typeof ClaimDownloadCommand>;
export const ClaimDownloadReply = v.union([
  v.strictObject({ ok: v.literal(true), seen: v.boolean(), p12: v.nullable(base64) }),
  v.strictObject({ ok: v.literal(false), error: errorBody }),
]);
export type ClaimDownloadReply = v.InferOutput<typeof ClaimDownloadReply>;

/** Every command the background sends to the ORCAMO content script. */
export const BackgroundToOrcamo = v.variant('type', [FetchReplacementCommand, ClickDownloadCommand, ReadPasswordCommand, ClaimDownloadCommand]);
export type BackgroundToOrcamo = v.InferOutput<typeof BackgroundToOrcamo>;
export type OrcamoReply = FetchReplacementReply | ClickDownloadReply | ReadPasswordReply | ClaimDownloadReply;

// ── popup / options → background ───────────────────────────────────────────────────────────────────────────────

export const PopupGetStatus = v.strictObject({ type: v.literal('popup:getStatus'), refreshHost: v.boolean() });
export const PopupStart = v.strictObject({ type: v.literal('popup:start') });
export const PopupConfirm = v.strictObject({ type: v.literal('popup:confirm'), runId });
export const PopupCancel = v.strictObject({ type: v.literal('popup:cancel'), runId });
/** Clears a finished or failed renewal from view. */
export const PopupDismiss = v.strictObject({ type: v.literal('popup:dismiss'), runId });
/** Guided mode only: the password of the saved file, shown when the user asks (never stored by the popup). */
export const PopupRevealPassword = v.strictObject({ type: v.literal('popup:revealPassword'), runId });
/** Guided mode only: copy the password to the clipboard; the background wipes it a minute later. */
export const PopupCopyPassword = v.strictObject({ type: v.literal('popup:copyPassword'), runId });
/** Removes a superseded identity (the watch marked it: a verified renewal replaced it) from every store. */
export const PopupRemoveIdentity = v.strictObject({ type: v.literal('popup:removeIdentity'), thumbprint: v.pipe(v.string(), v.regex(/^[0-9A-F]{40}$/)) });
/** After a verified renewal: point the linkage tools' configs at the new certificate (the offer in the view). */
export const PopupUpdateLinkage = v.strictObject({ type: v.literal('popup:updateLinkage'), runId });
/** The user approves the ORCAMO address the renewal stopped at (the background takes the address from the run). */
export const PopupApproveOrcamo = v.strictObject({ type: v.literal('popup:approveOrcamo'), runId });
/** Saves the support file (調査用の情報); from the options page also with pictures of the open WebORCA/ORCAMO tabs. */
export const PopupSaveSupportInfo = v.strictObject({ type: v.literal('popup:saveSupportInfo'), captureOpenTabs: v.boolean() });
export const PopupToBackground = v.variant('type', [
  PopupGetStatus,
  PopupStart,
  PopupConfirm,
  PopupCancel,
  PopupDismiss,
  PopupRevealPassword,
  PopupCopyPassword,
  PopupRemoveIdentity,
  PopupUpdateLinkage,
  PopupApproveOrcamo,
  PopupSaveSupportInfo,
]);
export type PopupToBackground = v.InferOutput<typeof PopupToBackground>;

// ── background → any UI (over a long-lived port named VIEW_PORT) ─────────────────────────────────────────────

export const VIEW_PORT = 'renewal-view';
export interface ViewUpdate {
  type: 'background:view';
  view: RenewalView;
}

/** What the background knows about the native host. */
export type HostStatus =
  | { state: 'unknown' }
  | { state: 'ready'; version: string; platform: string; stores: string[]; checkedAt: number }
  | { state: 'missing' | 'error'; code: string; message: string; checkedAt: number };

export interface PageSeen {
  origin: string;
  screen: string | null;
  title: string;
  at: number;
}

export interface Status {
  host: HostStatus;
  lastPage: PageSeen | null;
  renewal: RenewalView;
  /** The expiry watch's last check: every WebORCA identity in every store (null before the first check). */
  watch: WatchSummary | null;
  /** Auto-renewal is on (the popup says so). */
  autoRenew: boolean;
}

export type StatusReply = { ok: true; status: Status } | { ok: false; error: { code: string; message: string } };
/** Reply to start/confirm/cancel/dismiss: the view after the action. */
export type ActionReply = { ok: true; view: RenewalView } | { ok: false; error: { code: string; message: string } };
export type RemoveIdentityResult = { ok: true; watch: WatchSummary | null } | { ok: false; error: { code: string; message: string } };
export type CopyPasswordReply = { ok: true } | { ok: false; error: { code: string; message: string } };
export type SaveSupportInfoReply = { ok: true; fileName: string; pages: number } | { ok: false; error: { code: string; message: string } };
export type RevealPasswordReply = { ok: true; password: string } | { ok: false; error: { code: string; message: string } };
