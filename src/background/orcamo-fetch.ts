/**
 * Getting the replacement from ORCAMO: open its page in a background tab, wait for our content script there to
 * recognise it, ask it for the file and the password (it fetches in the page's own context, so the browser presents
 * the client certificate and cookies, and reads the password from the page, never from the clipboard), close the tab.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import {
  ClaimDownloadReply,
  ClickDownloadReply,
  FetchReplacementReply,
  ReadPasswordReply,
  type ClaimDownloadCommand,
  type ClickDownloadCommand,
  type FetchReplacementCommand,
  type ReadPasswordCommand,
} from '../lib/messages';
import type { FailureLike } from './errors';
import { keepFailurePicture, logEvent } from './support-info';
import { followDownload } from './downloads';
import { callHost } from './native-host';

/**
 * The file and the password, or — when the browser saved the file where neither the extension nor a helper can read
 * it — the saved file's path and the password (`p12: null`): the user imports it by hand, the checks not run.
 */
export type FetchResult =
  | { ok: true; fileName: string; p12: string; password: string; savedPath?: string }
  | { ok: true; fileName: string; p12: null; savedPath: string; password: string }
  | ({ ok: false } & FailureLike);

const READY_TIMEOUT_MS = 20_000;
const DOWNLOAD_TIMEOUT_MS = 30_000;
/** The fallback: how long the browser's own download may take, from the click to the completed file. */
const BROWSER_DOWNLOAD_TIMEOUT_MS = 60_000;
const CLICK_TIMEOUT_MS = 10_000;
const PASSWORD_TIMEOUT_MS = 15_000;
const READ_DOWNLOAD_HOST_TIMEOUT_MS = 20_000;
const CLAIM_TIMEOUT_MS = 8_000;
/** A download's startTime comes from the browser's clock, as does ours; a little slack for rounding. */
const START_SLACK_MS = 1_000;

type ReadyWaiter = { tabId: number; resolve: (recognised: boolean) => void };
const readyWaiters = new Set<ReadyWaiter>();

/** Called by the message router for every `orcamo:ready` from a trusted ORCAMO content script. */
export function orcamoReady(tabId: number, recognised: boolean): void {
  for (const waiter of readyWaiters) {
    if (waiter.tabId !== tabId) continue;
    // An unrecognised first render may become recognised (single-page app): only a recognised page ends the wait.
    if (recognised) {
      readyWaiters.delete(waiter);
      waiter.resolve(true);
    }
  }
}

function waitForReady(tabId: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const waiter: ReadyWaiter = {
      tabId,
      resolve: (recognised) => {
        clearTimeout(timer);
        resolve(recognised);
      },
    };
    const timer = setTimeout(() => {
      readyWaiters.delete(waiter);
      resolve(false);
    }, timeoutMs);
    readyWaiters.add(waiter);
  });
}

export interface FetchOptions {
  /** The native host answered hello: it may read the browser's download (the fallback needs it). */
  hostAvailable: boolean;
}

/** Failures where the page was not what our reader expects: a picture of it is kept for the support file. */
const PAGE_FAILURES = new Set(['PAGE_NOT_RECOGNISED', 'DOWNLOAD_LINK_NOT_FOUND', 'PASSWORD_NOT_FOUND']);

export async function fetchReplacement(
  runId: string,
  orcamoUrl: string,
  onTab: (tabId: number) => Promise<void>,
  options: FetchOptions = { hostAvailable: false },
): Promise<FetchResult> {
  let tabId: number | undefined;
  try {
    const result = await fetchInTab(runId, orcamoUrl, onTab, options, (id) => (tabId = id));
    if (!result.ok && tabId !== undefined && PAGE_FAILURES.has(result.code)) {
      // Before the tab closes: what the page looked like, for whoever supports the clinic (never a secret).
      const kept = await keepFailurePicture(tabId, result.code);
      await logEvent({ event: 'orcamo.pageNotAsExpected', code: result.code });
      return kept ? { ...result, support: true } : result;
    }
    return result;
  } finally {
    if (tabId !== undefined) await browser.tabs.remove(tabId).catch(() => {});
  }
}

async function fetchInTab(
  runId: string,
  orcamoUrl: string,
  onTab: (tabId: number) => Promise<void>,
  options: FetchOptions,
  opened: (tabId: number) => void,
): Promise<FetchResult> {
  let tabId: number | undefined;
  try {
    const tab = await browser.tabs.create({ url: orcamoUrl, active: false });
    tabId = tab.id;
    if (tabId === undefined) return { ok: false, code: 'ORCAMO_TAB_FAILED' };
    opened(tabId);
    await onTab(tabId);
    const recognised = await waitForReady(tabId, READY_TIMEOUT_MS);
    if (!recognised) return { ok: false, code: 'PAGE_NOT_RECOGNISED' };
    const command: FetchReplacementCommand = { type: 'background:fetchReplacement', runId, timeoutMs: DOWNLOAD_TIMEOUT_MS };
    const reply = await withTimeout(browser.tabs.sendMessage(tabId, command), DOWNLOAD_TIMEOUT_MS + 15_000);
    const parsed = v.safeParse(FetchReplacementReply, reply);
    if (!parsed.success) return { ok: false, code: reply === TIMEOUT ? 'DOWNLOAD_TIMEOUT' : 'ORCAMO_PROTOCOL' };
    if (!parsed.output.ok) {
      if (parsed.output.error.code !== 'DOWNLOAD_NEEDS_BROWSER') return { ok: false, code: parsed.output.error.code };
      return await downloadThroughBrowser(runId, tabId, orcamoUrl, options);
    }
    return { ok: true, fileName: parsed.output.fileName, p12: parsed.output.p12, password: parsed.output.password };
  } catch {
    // The tab was closed, navigated away, or the content script is gone.
    return { ok: false, code: 'ORCAMO_TAB_LOST' };
  }
}

/**
 * Fallback when `こちら` is script- or form-driven: the content script clicks it, the browser downloads the file (to
 * the user's Downloads folder, where it stays: nothing downloaded is lost), and we get its bytes from whoever can
 * read them: the page itself for a `blob:`/`data:` download it made (the content script reads it back), else the
 * helper, which reads exactly that finished file. Without either, the renewal goes on in guided mode with the saved
 * file and the password: never a dead end.
 */
async function downloadThroughBrowser(runId: string, tabId: number, orcamoUrl: string, options: FetchOptions): Promise<FetchResult> {
  const origins = new Set<string>();
  const addOrigin = (url: string | undefined): void => {
    try {
      if (url) origins.add(new URL(url).origin);
    } catch {
      // Not a URL: nothing to add.
    }
  };
  addOrigin(orcamoUrl);
  addOrigin((await browser.tabs.get(tabId).catch(() => undefined))?.url);

  // A blob:/data: download counts only when the ORCAMO page made it; its bytes are read back at once, before the page
  // may revoke the blob: URL.
  const claim = async (url: string): Promise<{ seen: boolean; p12: string | null }> => {
    const command: ClaimDownloadCommand = { type: 'background:claimDownload', runId, url };
    const parsed = v.safeParse(ClaimDownloadReply, await withTimeout(browser.tabs.sendMessage(tabId, command), CLAIM_TIMEOUT_MS).catch(() => null));
    return parsed.success && parsed.output.ok ? { seen: parsed.output.seen, p12: parsed.output.p12 } : { seen: false, p12: null };
  };

  const watch = watchDownload(origins, Date.now() - START_SLACK_MS, BROWSER_DOWNLOAD_TIMEOUT_MS, claim);
  try {
    const click: ClickDownloadCommand = { type: 'background:clickDownload', runId };
    const clickReply = await withTimeout(browser.tabs.sendMessage(tabId, click), CLICK_TIMEOUT_MS);
    const clicked = v.safeParse(ClickDownloadReply, clickReply);
    if (!clicked.success) return { ok: false, code: clickReply === TIMEOUT ? 'DOWNLOAD_TIMEOUT' : 'ORCAMO_PROTOCOL' };
    if (!clicked.output.ok) return { ok: false, code: clicked.output.error.code };

    const download = await watch.done;
    if (!download.ok) return download;
    const savedName = baseName(download.path);

    let file: { p12: string; fileName: string } | null = download.p12 ? { p12: download.p12, fileName: savedName } : null;
    if (!file && options.hostAvailable) {
      const read = await callHost({ type: 'readDownload', path: download.path }, READ_DOWNLOAD_HOST_TIMEOUT_MS);
      if (!read.ok) return { ok: false, ...read.error };
      file = { p12: read.value.reply.p12, fileName: read.value.reply.fileName };
    }

    const ask: ReadPasswordCommand = { type: 'background:readPassword', runId, timeoutMs: PASSWORD_TIMEOUT_MS };
    const passwordReply = await withTimeout(browser.tabs.sendMessage(tabId, ask), PASSWORD_TIMEOUT_MS + 5_000);
    const password = v.safeParse(ReadPasswordReply, passwordReply);
    if (!password.success) return { ok: false, code: passwordReply === TIMEOUT ? 'PASSWORD_NOT_FOUND' : 'ORCAMO_PROTOCOL' };
    if (!password.output.ok) return { ok: false, code: password.output.error.code };
    if (!file) return { ok: true, fileName: savedName, p12: null, savedPath: download.path, password: password.output.password };
    // The browser's copy is where the user will find it (guided mode imports that one; nothing is saved twice).
    return { ok: true, fileName: file.fileName, p12: file.p12, password: password.output.password, savedPath: download.path };
  } finally {
    watch.stop();
  }
}

type WatchedDownload = { ok: true; path: string; p12: string | null } | { ok: false; code: 'DOWNLOAD_FAILED' | 'DOWNLOAD_TIMEOUT' };

/**
 * The first download created at or after `since` that is ORCAMO's — from one of `origins`, or a `blob:`/`data:` URL
 * the page claims (blob: URLs carry their creator's origin; data: URLs must be a link the page clicked) — followed to
 * its end (see followDownload), all within `timeoutMs` of now. A claimed download brings its bytes when the page could
 * still read them.
 */
function watchDownload(
  origins: Set<string>,
  since: number,
  timeoutMs: number,
  claim: (url: string) => Promise<{ seen: boolean; p12: string | null }>,
): { done: Promise<WatchedDownload>; stop(): void } {
  const deadline = Date.now() + timeoutMs;
  const started = (item: browser.Downloads.DownloadItem): boolean => {
    const at = Date.parse(item.startTime);
    return Number.isNaN(at) || at >= since;
  };
  const fromOrcamo = (url: string | undefined): boolean => {
    try {
      return url !== undefined && /^https?:$/.test(new URL(url).protocol) && origins.has(new URL(url).origin);
    } catch {
      return false;
    }
  };
  let onCreated: (item: browser.Downloads.DownloadItem) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const created = new Promise<{ id: number; p12: string | null } | null>((resolve) => {
    onCreated = (item) => {
      if (!started(item)) return;
      const urls = [item.url, (item as { finalUrl?: string }).finalUrl];
      if (urls.some(fromOrcamo)) return resolve({ id: item.id, p12: null });
      const pageMade = urls.find((url) => url?.startsWith('blob:') || url?.startsWith('data:'));
      if (pageMade) {
        void claim(pageMade).then((claimed) => {
          if (claimed.seen) resolve({ id: item.id, p12: claimed.p12 });
        });
      }
    };
    browser.downloads.onCreated.addListener(onCreated);
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const stop = (): void => {
    clearTimeout(timer);
    browser.downloads.onCreated.removeListener(onCreated);
  };
  const done = created.then(async (found): Promise<WatchedDownload> => {
    stop();
    if (found === null) return { ok: false, code: 'DOWNLOAD_TIMEOUT' };
    const end = await followDownload(found.id, Math.max(0, deadline - Date.now()));
    return end.ok ? { ...end, p12: found.p12 } : end;
  });
  return { done, stop };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

const TIMEOUT = Symbol('timeout');
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMEOUT), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
