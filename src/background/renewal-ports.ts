/**
 * The renewal's ports wired to the browser and the native host: what renewal.ts needs, and nothing it may not
 * touch. The unit tests wire fakes instead (test/unit/background/).
 */
import browser from 'webextension-polyfill';
import type { RenewalView } from '../lib/renewal-view';
import { rememberRenewal } from './after-restart';
import { followDownload } from './downloads';
import { t } from './i18n';
import { callHost } from './native-host';
import { fetchReplacement } from './orcamo-fetch';
import type { HostPort, OrcamoPort, RenewalPorts } from './renewal';
import { checkReplacementFile } from './replacement';
import type { Senders } from './senders';
import { SessionState } from './state';

/** Saving a few kilobytes from memory: a minute means the browser refused (policy, full disk). */
const GUIDED_SAVE_TIMEOUT_MS = 60_000;
/** ORCAMO origins the user approved once (storage.local): not secret, a list of addresses. */
const APPROVED_ORCAMO_KEY = 'approvedOrcamoOrigins';

export const sessionState = new SessionState(browser.storage.session);

export function hostPort(available: () => Promise<boolean>): HostPort {
  return { available, call: (command) => callHost(command) };
}

export async function loadApprovedOrcamo(senders: Senders): Promise<void> {
  const stored = (await browser.storage.local.get(APPROVED_ORCAMO_KEY)) as Record<string, unknown>;
  const list = stored[APPROVED_ORCAMO_KEY];
  senders.setApprovedOrcamo(
    Array.isArray(list) ? list.filter((origin): origin is string => typeof origin === 'string' && /^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin)) : [],
  );
}

export function orcamoPort(senders: Senders, originsLoaded: Promise<void>): OrcamoPort {
  return {
    fetch: fetchReplacement,
    closeTab: (tabId) => browser.tabs.remove(tabId).catch(() => {}),
    async trust(url) {
      await originsLoaded;
      return senders.orcamoTrust(url);
    },
    async approve(origin) {
      const stored = (await browser.storage.local.get(APPROVED_ORCAMO_KEY)) as Record<string, unknown>;
      const list = Array.isArray(stored[APPROVED_ORCAMO_KEY]) ? (stored[APPROVED_ORCAMO_KEY] as string[]) : [];
      await browser.storage.local.set({ [APPROVED_ORCAMO_KEY]: [...new Set([...list, origin])] });
      await loadApprovedOrcamo(senders);
    },
  };
}

export function renewalPorts(options: {
  senders: Senders;
  /** Resolves once the added and approved origins are read (a woken worker must not decide before). */
  originsLoaded: Promise<void>;
  hostAvailable: () => Promise<boolean>;
  publish: (view: RenewalView) => void;
  finished: (view: RenewalView) => void;
}): RenewalPorts {
  return {
    host: hostPort(options.hostAvailable),
    orcamo: orcamoPort(options.senders, options.originsLoaded),
    state: sessionState,
    async saveForManualImport(p12, fileName) {
      const downloadId = await browser.downloads.download({
        url: `data:application/x-pkcs12;base64,${p12}`,
        filename: fileName,
        saveAs: false,
        conflictAction: 'uniquify',
      });
      return followDownload(downloadId, GUIDED_SAVE_TIMEOUT_MS);
    },
    check: (p12, password, listing, barDaysLeft) => checkReplacementFile(p12, password, listing, barDaysLeft, t),
    remember: rememberRenewal,
    publish: options.publish,
    finished: options.finished,
    t,
    now: () => Date.now(),
    newRunId: () => crypto.randomUUID(),
  };
}
