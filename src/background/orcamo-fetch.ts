/**
 * Getting the replacement from ORCAMO: open its page in a background tab, wait for our content script there to
 * recognise it, ask it for the file and the password (it fetches in the page's own context, so the browser presents
 * the client certificate and cookies, and reads the password from the page, never from the clipboard), close the tab.
 */
import browser from 'webextension-polyfill';
import * as v from 'valibot';
import { FetchReplacementReply, type FetchReplacementCommand } from '../lib/messages';

export type FetchResult = { ok: true; fileName: string; p12: string; password: string } | { ok: false; code: string };

const READY_TIMEOUT_MS = 20_000;
const DOWNLOAD_TIMEOUT_MS = 30_000;

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

export async function fetchReplacement(runId: string, orcamoUrl: string, onTab: (tabId: number) => Promise<void>): Promise<FetchResult> {
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
    if (!parsed.output.ok) return { ok: false, code: parsed.output.error.code };
    return { ok: true, fileName: parsed.output.fileName, p12: parsed.output.p12, password: parsed.output.password };
  } catch {
    // The tab was closed, navigated away, or the content script is gone.
    return { ok: false, code: 'ORCAMO_TAB_LOST' };
  } finally {
    if (tabId !== undefined) await browser.tabs.remove(tabId).catch(() => {});
  }
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
