/**
 * The ORCAMO content script's logic: announce whether this is the replacement page, and answer the background's
 * `background:fetchReplacement` with the file (fetched in the page's context) and the password the page reveals.
 *
 * It touches the page in one way only: a click on `確認する` when the password is not shown yet. It never reads the
 * clipboard, never logs the password or the file, never writes to storage. Everything takes `chrome` and the
 * document as arguments so tests can drive it with fakes.
 */
import * as v from 'valibot';
import { watchFor } from '../lib/dom-watch';
import {
  BackgroundToOrcamo,
  type ClaimDownloadCommand,
  type ClaimDownloadReply,
  type ClickDownloadCommand,
  type ClickDownloadReply,
  type FetchReplacementCommand,
  type FetchReplacementReply,
  type OrcamoReply,
  type OrcamoToBackground,
  type ReadPasswordCommand,
  type ReadPasswordReply,
} from '../lib/messages';
import { findShownPassword, recogniseReplacementPage } from '../lib/orcamo-page';
import type { OrcamoTexts } from '../lib/site-texts';
import { downloadReplacement, toBase64, type DownloadErrorCode, type FetchLike } from './orcamo-download';

export type OrcamoErrorCode =
  DownloadErrorCode | 'PAGE_NOT_RECOGNISED' | 'DOWNLOAD_LINK_NOT_FOUND' | 'DOWNLOAD_NEEDS_BROWSER' | 'PASSWORD_NOT_FOUND' | 'INTERNAL_ERROR';

/** What we need of a runtime message's sender (a subset of chrome.runtime.MessageSender). */
export interface SenderLike {
  id?: string | undefined;
  tab?: unknown;
}

/** The part of `chrome` the script uses: the real one in the browser, a fake in tests. */
export interface ChromeLike {
  runtime: {
    readonly id: string;
    sendMessage(message: OrcamoToBackground): Promise<unknown>;
    onMessage: {
      addListener(listener: (message: unknown, sender: SenderLike, sendResponse: (reply: OrcamoReply) => void) => boolean): void;
      removeListener(listener: (message: unknown, sender: SenderLike, sendResponse: (reply: OrcamoReply) => void) => boolean): void;
    };
  };
}

export interface AutomationOptions {
  fetch?: FetchLike;
  /** How long after load a page that is not (yet) the replacement page is watched for becoming it (SPA). */
  readyWaitMs?: number;
  /** How long a command waits for the page to be recognised when it is not yet. */
  recogniseWaitMs?: number;
  /** How long the password may take to show after `確認する` (the page asks its server first). */
  passwordWaitMs?: number;
  /** The texts to look for: built-in ones plus an administrator's additions (site-texts.ts). */
  texts?: OrcamoTexts;
}

export const READY_WAIT_MS = 15_000;
export const RECOGNISE_WAIT_MS = 3_000;
export const PASSWORD_WAIT_MS = 10_000;
/** Reading a blob: or data: URL is a memory copy: a few seconds means it will not happen. */
const CLAIM_READ_MS = 5_000;
const POLL_MS = 250;

/**
 * Starts the script on `doc`: sends `orcamo:ready` now (and once more if the page becomes the replacement page
 * within READY_WAIT_MS) and answers fetchReplacement commands. `stop()` releases the listener and the watch.
 */
export function startOrcamoAutomation(chromeLike: ChromeLike, doc: Document, opts: AutomationOptions = {}): { stop(): void } {
  const lifetime = new AbortController();
  const texts = opts.texts;
  const announce = (recognised: boolean): void => {
    chromeLike.runtime.sendMessage({ type: 'orcamo:ready', recognised }).catch(() => {
      // The service worker is restarting or the extension was reloaded: it asks the tab again when it needs it.
    });
  };

  const recognised = recogniseReplacementPage(doc, texts) !== null;
  announce(recognised);
  if (!recognised) {
    void watchFor(doc, () => (recogniseReplacementPage(doc, texts) ? true : null), {
      signal: lifetime.signal,
      timeoutMs: opts.readyWaitMs ?? READY_WAIT_MS,
    }).then((found) => {
      if (found) announce(true);
    });
  }

  // The blob:/data: links this page clicked (its script's temporary <a download>, or the user): what "the page made
  // this download" means for a data: URL, which carries no origin. Capture phase, so the page cannot hide it from us.
  const pageLinks = new Set<string>();
  doc.addEventListener(
    'click',
    (event) => {
      const anchor = (event.composedPath()[0] as Element | undefined)?.closest?.('a[href]') as HTMLAnchorElement | null | undefined;
      const href = anchor?.href ?? '';
      if (href.startsWith('blob:') || href.startsWith('data:')) pageLinks.add(href);
    },
    { capture: true, signal: lifetime.signal },
  );

  // One run per command and runId: a background that asks again (service-worker restart) gets the same answer, not a
  // second click.
  const running = new Map<string, Promise<OrcamoReply>>();
  const listener = (message: unknown, sender: SenderLike, sendResponse: (reply: OrcamoReply) => void): boolean => {
    if (!isFromOwnExtension(sender, chromeLike.runtime.id)) return false;
    const parsed = v.safeParse(BackgroundToOrcamo, message);
    if (!parsed.success) return false;
    const command = parsed.output;
    const key = `${command.type} ${command.runId}`;
    let run = running.get(key);
    if (!run) {
      const started: Promise<OrcamoReply> =
        command.type === 'background:fetchReplacement'
          ? handleFetchReplacement(command, doc, opts)
          : command.type === 'background:clickDownload'
            ? handleClickDownload(command, doc, opts)
            : command.type === 'background:claimDownload'
              ? handleClaimDownload(command, doc, pageLinks, opts)
              : handleReadPassword(command, doc, opts);
      run = started.finally(() => running.delete(key));
      running.set(key, run);
    }
    void run.then(sendResponse);
    // Keeps the message channel open for the asynchronous sendResponse.
    return true;
  };
  chromeLike.runtime.onMessage.addListener(listener);

  return {
    stop(): void {
      lifetime.abort();
      chromeLike.runtime.onMessage.removeListener(listener);
    },
  };
}

/**
 * Only the extension's own background may command this script: same extension id, and no tab (a message from a
 * content script, ours in another tab included, carries `sender.tab`).
 */
export function isFromOwnExtension(sender: SenderLike, extensionId: string): boolean {
  return typeof extensionId === 'string' && extensionId !== '' && sender.id === extensionId && sender.tab === undefined;
}

/** Answers one command. Never rejects: every failure is an `{ok:false}` reply. */
export async function handleFetchReplacement(command: FetchReplacementCommand, doc: Document, opts: AutomationOptions = {}): Promise<FetchReplacementReply> {
  try {
    return await fetchReplacement(command, doc, opts);
  } catch (error) {
    return failure('INTERNAL_ERROR', `unexpected ${error instanceof Error ? error.name : 'error'}`);
  }
}

async function fetchReplacement(command: FetchReplacementCommand, doc: Document, opts: AutomationOptions): Promise<FetchReplacementReply> {
  const texts = opts.texts;
  const page = await waitForValue(doc, () => recogniseReplacementPage(doc, texts), opts.recogniseWaitMs ?? RECOGNISE_WAIT_MS);
  if (!page) return failure('PAGE_NOT_RECOGNISED', 'the replacement-certificate download line is not on this page');
  if (!page.downloadLink) return failure('DOWNLOAD_LINK_NOT_FOUND', 'the download line has no こちら control');
  if (!page.downloadUrl) return failure('DOWNLOAD_NEEDS_BROWSER', 'the こちら control is script- or form-driven');
  if (!sameOrigin(page.downloadUrl, doc.URL)) {
    // A credentialed cross-origin fetch needs CORS headers a download server does not send; the browser's own
    // download does not.
    return failure('DOWNLOAD_NEEDS_BROWSER', 'the こちら link points to another origin');
  }

  // Download first: when it fails there is no reason to reveal the password.
  const download = await downloadReplacement(page.downloadUrl, command.timeoutMs, opts.fetch);
  if (!download.ok) return { ok: false, error: download.error };

  const password = await revealPassword(doc, opts.passwordWaitMs ?? PASSWORD_WAIT_MS, texts);
  if (password === null) return failure('PASSWORD_NOT_FOUND', 'the page did not show the password after 確認する');
  return { ok: true, fileName: download.fileName, p12: toBase64(download.bytes), password };
}

/**
 * Fallback for a script- or form-driven `こちら`: one real click on it, so that the browser itself downloads the file
 * (the background watches chrome.downloads). Never rejects.
 */
export async function handleClickDownload(_command: ClickDownloadCommand, doc: Document, opts: AutomationOptions = {}): Promise<ClickDownloadReply> {
  const texts = opts.texts;
  try {
    const page = await waitForValue(doc, () => recogniseReplacementPage(doc, texts), opts.recogniseWaitMs ?? RECOGNISE_WAIT_MS);
    if (!page) return failure('PAGE_NOT_RECOGNISED', 'the replacement-certificate download line is not on this page');
    if (!page.downloadLink) return failure('DOWNLOAD_LINK_NOT_FOUND', 'the download line has no こちら control');
    clickElement(page.downloadLink);
    return { ok: true };
  } catch (error) {
    return failure('INTERNAL_ERROR', `unexpected ${error instanceof Error ? error.name : 'error'}`);
  }
}

/**
 * A blob:/data: download the browser made after our click: ours only if this page made it — a `blob:` URL carries
 * its creator's origin (no other site can make one for ORCAMO's), a `data:` URL must be a link this page clicked.
 * Its bytes when the page can still read them (a page often revokes its blob: URL at once: then null, and the
 * background takes the saved file instead). Never rejects.
 */
export async function handleClaimDownload(
  command: ClaimDownloadCommand,
  doc: Document,
  pageLinks: ReadonlySet<string>,
  opts: AutomationOptions = {},
): Promise<ClaimDownloadReply> {
  try {
    const seen = command.url.startsWith('blob:') ? sameOrigin(command.url, doc.URL) : pageLinks.has(command.url);
    if (!seen) return { ok: true, seen: false, p12: null };
    const read = await downloadReplacement(command.url, CLAIM_READ_MS, opts.fetch);
    return { ok: true, seen: true, p12: read.ok ? toBase64(read.bytes) : null };
  } catch (error) {
    return failure('INTERNAL_ERROR', `unexpected ${error instanceof Error ? error.name : 'error'}`);
  }
}

/** After the browser's download: the password the page shows (one click on `確認する` when needed). Never rejects. */
export async function handleReadPassword(command: ReadPasswordCommand, doc: Document, opts: AutomationOptions = {}): Promise<ReadPasswordReply> {
  const texts = opts.texts;
  try {
    const page = await waitForValue(doc, () => recogniseReplacementPage(doc, texts), opts.recogniseWaitMs ?? RECOGNISE_WAIT_MS);
    if (!page) return failure('PAGE_NOT_RECOGNISED', 'the replacement-certificate download line is not on this page');
    const password = await revealPassword(doc, Math.min(command.timeoutMs, opts.passwordWaitMs ?? command.timeoutMs), texts);
    if (password === null) return failure('PASSWORD_NOT_FOUND', 'the page did not show the password after 確認する');
    return { ok: true, password };
  } catch (error) {
    return failure('INTERNAL_ERROR', `unexpected ${error instanceof Error ? error.name : 'error'}`);
  }
}

/**
 * The password the page shows: read at once when it is already shown with certainty (no click), else after one click
 * on `確認する` (waiting for the button if the page renders it late). A token that was merely near the line before the
 * click (`strong: false`) is taken only when nothing new shows up after it: it may be an unrelated code. Null when
 * nothing shows up within `waitMs`.
 */
export async function revealPassword(doc: Document, waitMs: number, texts?: OrcamoTexts): Promise<string | null> {
  const deadline = Date.now() + waitMs;
  const before = findShownPassword(doc, texts);
  const first = await waitForValue(
    doc,
    (): { password: string } | { button: Element } | null => {
      const shown = findShownPassword(doc, texts);
      if (shown?.strong) return { password: shown.password };
      const button = recogniseReplacementPage(doc, texts)?.passwordButton;
      return button ? { button } : null;
    },
    waitMs,
  );
  if (!first) return before?.password ?? null;
  if ('password' in first) return first.password;
  clickElement(first.button);
  const after = await waitForValue(
    doc,
    () => {
      const shown = findShownPassword(doc, texts);
      return shown && (shown.strong || shown.password !== before?.password) ? shown.password : null;
    },
    Math.max(0, deadline - Date.now()),
  );
  return after ?? before?.password ?? null;
}

/** A real click, as the user's: handlers run, default actions (a link's navigation, a form submit) too. */
function clickElement(el: Element): void {
  const clickable = el as Partial<HTMLElement>;
  if (typeof clickable.click === 'function') {
    clickable.click();
    return;
  }
  const MouseEventCtor = el.ownerDocument.defaultView?.MouseEvent;
  if (MouseEventCtor) el.dispatchEvent(new MouseEventCtor('click', { bubbles: true, cancelable: true }));
}

/**
 * watchFor, plus a slow poll: a page may fill an existing input by setting its `value` property, which no
 * MutationObserver reports.
 */
function waitForValue<T>(doc: Document, probe: () => T | null, timeoutMs: number): Promise<T | null> {
  const controller = new AbortController();
  let polled: T | null = null;
  const poll = setInterval(() => {
    polled = probe();
    if (polled !== null) controller.abort();
  }, POLL_MS);
  return watchFor(doc, probe, { signal: controller.signal, timeoutMs }).then(
    (found) => {
      clearInterval(poll);
      return found ?? polled;
    },
    (error: unknown) => {
      clearInterval(poll);
      throw error;
    },
  );
}

function sameOrigin(url: string, pageUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(pageUrl).origin;
  } catch {
    return false;
  }
}

function failure(code: OrcamoErrorCode, message: string): { ok: false; error: { code: OrcamoErrorCode; message: string } } {
  return { ok: false, error: { code, message } };
}
