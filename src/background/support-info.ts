/**
 * The support file (調査用の情報): for the day the real WebORCA or ORCAMO differs from what our page readers expect.
 * A sanitized picture of the page (src/lib/page-snapshot.ts: structure and labels; never an input value, a password,
 * an identifier, a number of five digits or more, a query string) plus the extension's last events (phases, codes,
 * screens: never a secret), saved as one text file the clinic sends to its IT vendor.
 *
 * Pictures are taken when the automation cannot find what it needs on ORCAMO (before its tab closes), and on demand
 * from the options page (every open WebORCA and ORCAMO tab). The picture script is injected only then
 * (src/inject/snapshot.ts): the content scripts stay small.
 */
import browser from 'webextension-polyfill';
import snapshotScript from '../inject/snapshot.ts?script&iife';
import { renderSnapshotText, type PageSnapshot } from '../lib/page-snapshot';
import type { HostStatus } from '../lib/messages';
import { t } from './i18n';

const EVENTS_KEY = 'supportEvents';
const MAX_EVENTS = 100;
/** The picture taken when the automation stopped (storage.session: gone with the browser session). */
const FAILURE_KEY = 'supportFailure';

/** One line of the extension's own history: what happened, never with a secret or page content. */
export interface SupportEvent {
  at: string;
  event: string;
  code?: string;
  phase?: string;
  step?: string;
  screen?: string;
}

export interface TabPicture {
  /** Why it was taken: at a failure (the code), or on demand. */
  reason: string;
  takenAt: string;
  snapshot: PageSnapshot;
}

/** Appends an event (storage.local, the last MAX_EVENTS): the support file's history. Never throws. */
export async function logEvent(event: Omit<SupportEvent, 'at'>): Promise<void> {
  try {
    const stored = (await browser.storage.local.get(EVENTS_KEY)) as { [EVENTS_KEY]?: SupportEvent[] };
    const events = [...(stored[EVENTS_KEY] ?? []), { at: new Date().toISOString(), ...event }].slice(-MAX_EVENTS);
    await browser.storage.local.set({ [EVENTS_KEY]: events });
  } catch {
    // A full storage must not stop anything else.
  }
}

/** The sanitized picture of a tab's page, or null when it cannot be taken (tab gone, page not scriptable). */
export async function captureTab(tabId: number): Promise<PageSnapshot | null> {
  try {
    await chrome.scripting.executeScript({ target: { tabId }, files: [snapshotScript] });
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: () => {
        const world = globalThis as { __weborcaCertSnapshot?: unknown };
        const taken = world.__weborcaCertSnapshot ?? null;
        delete world.__weborcaCertSnapshot;
        return taken;
      },
    });
    const snapshot = result?.result as PageSnapshot | null | undefined;
    return snapshot && snapshot.kind === 'weborca-cert-companion/page-snapshot' ? snapshot : null;
  } catch {
    return null;
  }
}

/** The automation stopped on ORCAMO: keep a picture of that page for the support file (before its tab closes). */
export async function keepFailurePicture(tabId: number, code: string): Promise<boolean> {
  const snapshot = await captureTab(tabId);
  if (!snapshot) return false;
  const picture: TabPicture = { reason: code, takenAt: new Date().toISOString(), snapshot };
  await browser.storage.session.set({ [FAILURE_KEY]: picture });
  return true;
}

/** Every open tab of WebORCA or ORCAMO (as the sender checks define them), most recent first. */
async function siteTabs(isSite: (url: string) => boolean): Promise<number[]> {
  const tabs = await browser.tabs.query({});
  return tabs
    .filter((tab) => tab.id !== undefined && tab.url !== undefined && isSite(tab.url))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    .map((tab) => tab.id!);
}

export interface SaveOptions {
  /** Take pictures of the open WebORCA and ORCAMO tabs now (the options page); else only the failure's. */
  captureOpenTabs: boolean;
  isSite(url: string): boolean;
  host: HostStatus;
}

export type SaveResult = { ok: true; fileName: string; pages: number } | { ok: false; code: 'NOTHING_TO_SAVE' | 'SAVE_FAILED' };

/** Writes the support file to the Downloads folder. */
export async function saveSupportInfo(options: SaveOptions): Promise<SaveResult> {
  const pictures: TabPicture[] = [];
  const stored = (await browser.storage.session.get(FAILURE_KEY)) as { [FAILURE_KEY]?: TabPicture };
  if (stored[FAILURE_KEY]) pictures.push(stored[FAILURE_KEY]);
  if (options.captureOpenTabs) {
    for (const tabId of await siteTabs(options.isSite)) {
      const snapshot = await captureTab(tabId);
      if (snapshot) pictures.push({ reason: 'onDemand', takenAt: new Date().toISOString(), snapshot });
    }
  }
  const events = ((await browser.storage.local.get(EVENTS_KEY)) as { [EVENTS_KEY]?: SupportEvent[] })[EVENTS_KEY] ?? [];
  if (pictures.length === 0 && events.length === 0) return { ok: false, code: 'NOTHING_TO_SAVE' };
  const now = new Date();
  const text = supportText({ pictures, events, host: options.host, now, version: browser.runtime.getManifest().version, userAgent: navigator.userAgent });
  const fileName = `weborca-support-${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.txt`;
  try {
    const id = await browser.downloads.download({
      url: `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`,
      filename: fileName,
      saveAs: false,
      conflictAction: 'uniquify',
    });
    return id === undefined ? { ok: false, code: 'SAVE_FAILED' } : { ok: true, fileName, pages: pictures.length };
  } catch {
    return { ok: false, code: 'SAVE_FAILED' };
  }
}

/** The file's text: a readable outline of each page and the history first, the same as JSON at the end. */
export function supportText(input: {
  pictures: TabPicture[];
  events: SupportEvent[];
  host: HostStatus;
  now: Date;
  version: string;
  userAgent: string;
}): string {
  const host =
    input.host.state === 'ready'
      ? `${input.host.state} ${input.host.version} ${input.host.platform}`
      : input.host.state === 'unknown'
        ? 'unknown'
        : `${input.host.state} ${input.host.code}`;
  const lines = [
    t('supportFileTitle'),
    `${t('supportFileCreated')}: ${input.now.toISOString()}`,
    `${t('supportFileExtension')}: ${input.version} — ${input.userAgent}`,
    `${t('supportFileHelper')}: ${host}`,
    t('supportFileNoSecrets'),
    '',
  ];
  input.pictures.forEach((picture, index) => {
    const why = picture.reason === 'onDemand' ? t('supportFileOnDemand') : t('supportFileAtFailure', picture.reason);
    lines.push(
      `== ${t('supportFilePage', String(index + 1))}: ${picture.snapshot.url ?? ''} (${why}, ${picture.takenAt})`,
      renderSnapshotText(picture.snapshot),
      '',
    );
  });
  lines.push(`== ${t('supportFileEvents')}`);
  for (const event of input.events) {
    lines.push([event.at, event.event, event.phase, event.step, event.code, event.screen].filter(Boolean).join(' '));
  }
  lines.push('', '== JSON', JSON.stringify({ pictures: input.pictures, events: input.events }, null, 1));
  return `${lines.join('\n')}\n`;
}
