/**
 * The bench's busy page (test/simulator/busy-page.ts) in jsdom: the workload is the same every run, does thousands
 * of DOM changes and its screen swaps, ends on M00 with a bar our own detector finds, and sees (or misses) our
 * element the way the bench relies on. The timings themselves are the bench's business, never asserted here.
 */
import { JSDOM } from 'jsdom';
import { installCheckVisibility } from '../../setup/check-visibility';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { detectExpiryBar } from '../../../src/lib/detection';
import { BUSY_BAR_DAYS_LEFT, type BusyRunOptions, type BusyRunResult, type Simulator, startSimulator } from '../../simulator/index';
import { weborcaBusyHtml } from '../../simulator/busy-page';
import { simRequest } from './helpers';

const RENEWAL_URL = 'https://orcamo.localhost:4443/cloud/certificate';

let dom: JSDOM | undefined;
afterEach(() => {
  dom?.window.close();
  dom = undefined;
});

interface BusyWindow {
  __simBusy: { ready: boolean; run(options?: BusyRunOptions): Promise<BusyRunResult> };
  __simWork?: BusyRunResult;
}

/** jsdom has no MessageChannel: one that delivers on the next macrotask, as the browser's does. */
class TaskChannel {
  port1: { onmessage: ((event: { data: unknown }) => void) | null } = { onmessage: null };
  port2 = { postMessage: (data: unknown): void => void setTimeout(() => this.port1.onmessage?.({ data }), 0) };
}

function load(): { window: JSDOM['window'] & BusyWindow; document: Document } {
  dom = new JSDOM(weborcaBusyHtml(RENEWAL_URL), {
    url: 'https://weborca.localhost:4443/__sim/busy',
    runScripts: 'dangerously',
    pretendToBeVisual: true,
    beforeParse(window) {
      installCheckVisibility(window);
      Object.assign(window, { MessageChannel: TaskChannel });
    },
  });
  const window = dom.window as JSDOM['window'] & BusyWindow;
  return { window, document: window.document };
}

const SMALL: BusyRunOptions = { chunks: 60, mutationsPerChunk: 25, swapEvery: 10, barDelayMs: 0, waitForWidgetMs: 0 };

describe('busy page', () => {
  test('opens on M00 like client.html and is ready to run', () => {
    const { window, document } = load();
    expect(window.__simBusy.ready).toBe(true);
    expect(document.title).toBe('(M00)マスターメニュー - オルカ医院 [ormaster]');
    expect(document.getElementById('M00')!.classList.contains('hidden')).toBe(false);
    expect(document.querySelector('.infobar')).toBeNull();
  });

  test('the same work every run: thousands of changes, screen swaps, then M00 with a bar our detector finds', async () => {
    const runs: Array<{ result: BusyRunResult; table: string }> = [];
    for (let i = 0; i < 2; i++) {
      const { window, document } = load();
      const result = await window.__simBusy.run(SMALL);
      runs.push({ result, table: document.querySelector('#U02 tbody')!.textContent ?? '' });

      expect(result.chunks).toBe(60);
      expect(result.mutations).toBeGreaterThanOrEqual(60 * 25);
      expect(result.swaps).toBe(7); // 6 on the way (every 10th task) and the final return to M00
      expect(window.__simWork).toEqual(result);
      expect(document.title.startsWith('(M00)')).toBe(true);
      expect(result.barRenderedAt).toBeGreaterThanOrEqual(result.barInsertedAt);
      expect(result.widgetAt).toBeNull();

      const found = detectExpiryBar(document);
      expect(found).not.toBeNull();
      expect(found!.screen).toBe('M00');
      expect(found!.daysLeft).toBe(BUSY_BAR_DAYS_LEFT);
      expect(found!.orcamoUrl).toBe(RENEWAL_URL);
      // The bar is the only one: the news trap stays a news item.
      expect(document.querySelectorAll('.infobar')).toHaveLength(1);
    }
    expect(runs[1]!.result.mutations).toBe(runs[0]!.result.mutations);
    expect(runs[1]!.table).toBe(runs[0]!.table);
  });

  test('the default workload is thousands of DOM changes', async () => {
    const { window } = load();
    const result = await window.__simBusy.run({ barDelayMs: 0, waitForWidgetMs: 0 });
    expect(result.mutations).toBeGreaterThanOrEqual(5000);
    expect(result.swaps).toBeGreaterThanOrEqual(20);
  });

  test('sees our element appear after the bar, as the content script would put it', async () => {
    const { window, document } = load();
    // A stand-in for the content script: once the bar is there, our element goes beside its 更新.
    const observer = new window.MutationObserver(() => {
      const link = document.querySelector('.infobar-action');
      if (!link || document.querySelector('weborca-cert-companion')) return;
      observer.disconnect();
      window.setTimeout(() => link.after(document.createElement('weborca-cert-companion')), 20);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const result = await window.__simBusy.run({ ...SMALL, waitForWidgetMs: 2000 });
    expect(result.widgetAt).not.toBeNull();
    expect(result.widgetAt!).toBeGreaterThan(result.barInsertedAt);
  });

  test('without our element, it gives up after waitForWidgetMs and says null', async () => {
    const { window } = load();
    const result = await window.__simBusy.run({ ...SMALL, waitForWidgetMs: 100 });
    expect(result.widgetAt).toBeNull();
  });

  test('one run per page load', async () => {
    const { window } = load();
    await window.__simBusy.run(SMALL);
    await expect(window.__simBusy.run(SMALL)).rejects.toThrow(/one run per page load/);
  });
});

describe('GET /__sim/busy', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  test('is served on the WebORCA host, with the bar linking to the simulator’s ORCAMO page', async () => {
    const res = await simRequest(sim, 'weborca', '/__sim/busy');
    expect(res.status).toBe(200);
    const html = res.text();
    expect(html).toContain('window.__simBusy');
    expect(html).toContain(JSON.stringify(sim.renewalUrl));
    expect(html).toContain('id="M00"');
  });

  test('not on ORCAMO’s', async () => {
    expect((await simRequest(sim, 'orcamo', '/__sim/busy')).status).toBe(404);
  });
});
