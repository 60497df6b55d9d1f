/**
 * What our WebORCA content script costs a busy page, and how soon our button follows the blue bar — in real Chromium,
 * on the simulator's busy page (test/simulator/busy-page.ts: client.html's screens driven by a fixed workload of
 * thousands of DOM changes and screen swaps, then the bar at a known moment).
 *
 * Two browsers, the same in every way but one: each has its own profile and HOME with an NSS database that trusts the
 * simulator's root and holds a client certificate, certificate auto-selection for the simulator, the same flags; one
 * of them loads the extension (test build, host registered, as a clinic PC has it), the other does not. Runs
 * alternate between them (a fresh page load each), medians are compared:
 *   - page work: the page's own timing of its work loop, with the extension against without (target ratio 1.02);
 *   - detection: our element's appearance (seen by the page's own MutationObserver — the content script lives in an
 *     isolated world but the DOM is shared) minus the moment the bar had been rendered (first task after the next
 *     animation frame). Reference: the page's own time from inserting the bar to that moment — what the browser
 *     itself takes to put the bar on screen, so the ratio says how many of those our button lags behind.
 */
import { chromium, type BrowserContext } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromiumArgs, chromiumPath } from '../../test/e2e/chromium-path';
import { createNssDb, importP12, trustRoot } from '../../test/e2e/nss';
import { startSimulator, type BusyRunOptions, type BusyRunResult, type Simulator } from '../../test/simulator/index';
import { NATIVE_HOST_NAME } from '../../src/lib/native-protocol';
import { developmentExtensionId } from '../extension-id';
import { type BenchResult, median, result, round } from './measure';
import { writeHostConfig } from '../../test/helpers/host-process';

export const PAGE_WORK_TARGET_RATIO = 1.02;
export const DETECTION_TARGET_MS = 50;

/** After the page loads, before its work starts: the content script attaches at document_idle and takes its first look. */
const SETTLE_MS = 600;
const NAVIGATION_TIMEOUT_MS = 15_000;

export const PAGE_WORK_FIGURES = ['page work, busy WebORCA page (with extension vs without)', 'detection: bar rendered → our button'];

interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A profile as the e2e harness makes one (its helpers are private to it, so the few lines are repeated here): HOME
 * with an NSS database trusting the test root and holding `identity`, auto-selection of a client certificate issued
 * by "Intermediate CA" for the simulator's origins, and with the extension, the native host registered.
 */
async function launchBrowser(sim: Simulator, identity: { p12: Buffer; password: string }, extensionDir: string | null, hostPath: string): Promise<Browser> {
  const root = mkdtempSync(join(tmpdir(), 'weborca-bench-browser-'));
  try {
    const home = join(root, 'home');
    const profile = join(root, 'profile');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    mkdirSync(join(profile, 'Default'), { recursive: true, mode: 0o700 });
    const nssDb = await createNssDb(home);
    await trustRoot(nssDb, sim.pki.rootCertPem);
    await importP12(nssDb, identity.p12, identity.password);
    const exceptions: Record<string, unknown> = {};
    for (const origin of [sim.weborcaOrigin, sim.orcamoOrigin]) {
      exceptions[`${origin},*`] = { last_modified: '13300000000000000', setting: { filters: [{ ISSUER: { CN: 'Intermediate CA' } }] } };
    }
    writeFileSync(
      join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { content_settings: { exceptions: { auto_select_certificate: exceptions } } } }),
    );
    const rootPem = join(root, 'simulator-root.pem');
    writeFileSync(rootPem, sim.pki.rootCertPem);
    if (extensionDir) {
      const dir = join(profile, 'NativeMessagingHosts');
      mkdirSync(dir, { recursive: true });
      const manifest = {
        name: NATIVE_HOST_NAME,
        description: 'bench',
        path: hostPath,
        type: 'stdio',
        allowed_origins: [`chrome-extension://${developmentExtensionId()}/`],
      };
      writeFileSync(join(dir, `${NATIVE_HOST_NAME}.json`), JSON.stringify(manifest));
      // The host's own config, as the e2e harness writes it: a test setup whose WebORCA is the simulator.
      writeHostConfig(home, { weborcaOrigins: [sim.weborcaOrigin] });
    }
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      locale: 'ja-JP',
      viewport: { width: 1280, height: 800 },
      env: { ...process.env, HOME: home, NODE_EXTRA_CA_CERTS: rootPem, LANGUAGE: 'ja', LANG: 'ja_JP.UTF-8' },
      args: chromiumArgs('ja', extensionDir),
    });
    if (extensionDir) {
      const id = developmentExtensionId();
      const mine = (url: string): boolean => url.startsWith(`chrome-extension://${id}/`);
      if (!context.serviceWorkers().some((w) => mine(w.url()))) {
        await context.waitForEvent('serviceworker', { predicate: (w) => mine(w.url()), timeout: 20_000 });
      }
    }
    return {
      context,
      async close() {
        await context.close().catch(() => {});
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** One page load of the busy page, one run of its workload. */
async function busyRun(browser: Browser, url: string, options: BusyRunOptions): Promise<BusyRunResult> {
  const page = await browser.context.newPage();
  try {
    page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
    await page.goto(url, { timeout: NAVIGATION_TIMEOUT_MS });
    await page.waitForFunction(() => (window as unknown as { __simBusy?: { ready: boolean } }).__simBusy?.ready === true);
    await sleep(SETTLE_MS);
    return await page.evaluate((opts) => (window as unknown as { __simBusy: { run(o: BusyRunOptions): Promise<BusyRunResult> } }).__simBusy.run(opts), options);
  } finally {
    await page.close();
  }
}

export async function benchPageWork(extensionDir: string, hostPath: string, runs: number, log: (line: string) => void): Promise<BenchResult[]> {
  const sim = await startSimulator({ requireLogin: false });
  const browsers: Browser[] = [];
  try {
    // More than 90 days left: nothing else on the simulator shows a bar; the busy page draws its own at its moment.
    const identity = await sim.issueClient({ daysLeft: 400 });
    const withExtension = await launchBrowser(sim, identity, extensionDir, hostPath);
    browsers.push(withExtension);
    const without = await launchBrowser(sim, identity, null, hostPath);
    browsers.push(without);
    const url = `${sim.weborcaOrigin}/__sim/busy`;

    const ext: BusyRunResult[] = [];
    const bare: BusyRunResult[] = [];
    // One unmeasured round first (caches, the worker's first start), then alternate so load drift hits both alike.
    for (let round = 0; round <= runs; round++) {
      const a = await busyRun(withExtension, url, {});
      const b = await busyRun(without, url, { waitForWidgetMs: 0 });
      if (a.widgetAt === null) throw new Error('our button did not appear on the busy page within 3 s (content script not running?)');
      if (b.widgetAt !== null) throw new Error('our button appeared in the browser without the extension');
      if (round > 0) {
        ext.push(a);
        bare.push(b);
      }
    }
    const first = ext[0]!;
    log(`  busy page: ${first.mutations} DOM changes, ${first.swaps} screen swaps in ${first.chunks} tasks; ${runs} runs each, alternating`);
    const workExt = median(ext.map((r) => r.workMs));
    const workBare = median(bare.map((r) => r.workMs));
    const taskExt = median(ext.map((r) => r.taskMs));
    const taskBare = median(bare.map((r) => r.taskMs));
    log(
      `  page work ${round(workExt, 1)} ms with, ${round(workBare, 1)} ms without; inside the page's own tasks ${round(taskExt, 1)} vs ${round(taskBare, 1)} ms`,
    );
    // The spread says how far to trust the ratio on a machine others are using too.
    const pairs = ext.map((r, i) => r.workMs / bare[i]!.workMs).sort((x, y) => x - y);
    const at = (q: number): number => round(pairs[Math.min(pairs.length - 1, Math.floor(q * pairs.length))]!, 2);
    log(`  with/without, run by run: lowest ${at(0)}, quartiles ${at(0.25)} / ${at(0.5)} / ${at(0.75)}, highest ${at(1)}`);
    // A button inserted before the frame that shows the bar was produced counts as 0: it is on screen with the bar.
    const latencies = ext.map((r) => Math.max(0, r.widgetAt! - r.barRenderedAt));
    const frames = ext.map((r) => r.barRenderedAt - r.barInsertedAt);
    log(`  our button after the bar was inserted, per run (ms): ${ext.map((r) => round(r.widgetAt! - r.barInsertedAt, 1)).join(', ')}`);
    log(`  the bar's frame after its insertion, per run (ms): ${frames.map((n) => round(n, 1)).join(', ')}`);
    return [
      result(PAGE_WORK_FIGURES[0]!, workExt, 'ms', { reference: workBare, target: round(workBare * PAGE_WORK_TARGET_RATIO) }),
      result('page tasks only (script + forced layout), with vs without', taskExt, 'ms', { reference: taskBare }),
      result(PAGE_WORK_FIGURES[1]!, median(latencies), 'ms', { reference: median(frames), target: DETECTION_TARGET_MS }),
    ];
  } finally {
    for (const browser of browsers) await browser.close();
    await sim.close();
  }
}
