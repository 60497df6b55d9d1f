/**
 * Getting the replacement from ORCAMO: open its page in a background tab, wait for our content script there to
 * recognise it, ask it for the file and the password (it fetches in the page's own context, so the browser presents
 * the client certificate and cookies, and reads the password from the page, never from the clipboard), close the tab.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import {
  ClickDownloadReply,
  FetchReplacementReply,
  ReadPasswordReply,
  type ClickDownloadCommand,
  type FetchReplacementCommand,
  type ReadPasswordCommand,
} from '../lib/messages';
import type { FailureLike } from './errors';
import { followDownload, type DownloadEnd } from './downloads';
import { callHost } from './native-host';

export type FetchResult = { ok: true; fileName: string; p12: string; password: string } | ({ ok: false } & FailureLike);

const READY_TIMEOUT_MS = 20_000;
const DOWNLOAD_TIMEOUT_MS = 30_000;
/** The fallback: how long the browser's own download may take, from the click to the completed file. */
const BROWSER_DOWNLOAD_TIMEOUT_MS = 60_000;
const CLICK_TIMEOUT_MS = 10_000;
const PASSWORD_TIMEOUT_MS = 15_000;
const READ_DOWNLOAD_HOST_TIMEOUT_MS = 20_000;
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

export async function fetchReplacement(
  runId: string,
  orcamoUrl: string,
  onTab: (tabId: number) => Promise<void>,
  options: FetchOptions = { hostAvailable: false },
): Promise<FetchResult> {
  let tabId: number | undefined;
  try {
    const tab = await browser.tabs.create({ url: orcamoUrl, active: false });
    tabId = tab.id;
    if (tabId === undefined) return { ok: false, code: 'ORCAMO_TAB_FAILED' };
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
  } finally {
    if (tabId !== undefined) await browser.tabs.remove(tabId).catch(() => {});
  }
}

/**
 * Fallback when `こちら` is script- or form-driven: the content script clicks it, the browser downloads the file (to
 * the user's Downloads folder, where it stays: nothing downloaded is lost), and the host reads exactly that finished
 * file. Without the host the file is left there and the user is told how to import it.
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

  const watch = watchDownload(origins, Date.now() - START_SLACK_MS, BROWSER_DOWNLOAD_TIMEOUT_MS);
  try {
    const click: ClickDownloadCommand = { type: 'background:clickDownload', runId };
    const clickReply = await withTimeout(browser.tabs.sendMessage(tabId, click), CLICK_TIMEOUT_MS);
    const clicked = v.safeParse(ClickDownloadReply, clickReply);
    if (!clicked.success) return { ok: false, code: clickReply === TIMEOUT ? 'DOWNLOAD_TIMEOUT' : 'ORCAMO_PROTOCOL' };
    if (!clicked.output.ok) return { ok: false, code: clicked.output.error.code };

    const download = await watch.done;
    if (!download.ok) return download;
    const savedName = baseName(download.path);

    if (!options.hostAvailable) {
      return { ok: false, code: 'DOWNLOAD_SAVED_BY_BROWSER', params: { file: savedName } };
    }
    const read = await callHost({ type: 'readDownload', path: download.path }, READ_DOWNLOAD_HOST_TIMEOUT_MS);
    if (!read.ok) return { ok: false, ...read.error };

    const ask: ReadPasswordCommand = { type: 'background:readPassword', runId, timeoutMs: PASSWORD_TIMEOUT_MS };
    const passwordReply = await withTimeout(browser.tabs.sendMessage(tabId, ask), PASSWORD_TIMEOUT_MS + 5_000);
    const password = v.safeParse(ReadPasswordReply, passwordReply);
    if (!password.success) return { ok: false, code: passwordReply === TIMEOUT ? 'PASSWORD_NOT_FOUND' : 'ORCAMO_PROTOCOL' };
    if (!password.output.ok) return { ok: false, code: password.output.error.code };
    return { ok: true, fileName: read.value.reply.fileName, p12: read.value.reply.p12, password: password.output.password };
  } finally {
    watch.stop();
  }
}

/**
 * The first download created from one of `origins` at or after `since`, followed to its end (see followDownload),
 * all within `timeoutMs` of now.
 */
function watchDownload(origins: Set<string>, since: number, timeoutMs: number): { done: Promise<DownloadEnd>; stop(): void } {
  const deadline = Date.now() + timeoutMs;
  const fromOrcamo = (item: browser.Downloads.DownloadItem): boolean => {
    const urls = [item.url, (item as { finalUrl?: string }).finalUrl];
    const started = Date.parse(item.startTime);
    return (Number.isNaN(started) || started >= since) && urls.some((url) => {
      try {
        return url !== undefined && origins.has(new URL(url).origin);
      } catch {
        return false;
      }
    });
  };
  let onCreated: (item: browser.Downloads.DownloadItem) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const created = new Promise<number | null>((resolve) => {
    onCreated = (item) => {
      if (fromOrcamo(item)) resolve(item.id);
    };
    browser.downloads.onCreated.addListener(onCreated);
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const stop = (): void => {
    clearTimeout(timer);
    browser.downloads.onCreated.removeListener(onCreated);
  };
  const done = created.then((id): Promise<DownloadEnd> | DownloadEnd => {
    stop();
    return id === null ? { ok: false, code: 'DOWNLOAD_TIMEOUT' } : followDownload(id, Math.max(0, deadline - Date.now()));
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
