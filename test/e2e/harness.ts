/**
 * The real-browser test world: the simulator, a temp HOME with an NSS database that trusts the test root and holds
 * the clinic's current client certificate, a Chromium profile with the native host registered and certificate
 * auto-selection for the simulator, and Debian's Chromium running the built extension (dist/extension-test).
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type StartOptions, type IssuedIdentity } from '../simulator/index';
import { chromiumArgs, chromiumPath } from './chromium-path';
import { createNssDb, importP12, trustRoot } from './nss';
import { developmentExtensionId } from '../../scripts/extension-id';
import { writeHostConfig } from '../helpers/host-process';
import { NATIVE_HOST_NAME } from '../../src/lib/native-protocol';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EXTENSION_DIR = process.env.WEBORCA_EXTENSION_DIR || join(ROOT, 'dist', 'extension-test');
export const HOST_PATH = join(ROOT, 'dist', 'native-host', 'weborca-cert.mjs');
export const ARTIFACTS = join(ROOT, 'dist', 'test-artifacts');
export const EXTENSION_ID = developmentExtensionId();

/** Every navigation gets a timeout: a client-certificate prompt in headless Chromium would otherwise hang forever. */
export const NAVIGATION_TIMEOUT_MS = 15_000;

export interface WorldOptions {
  /** Days left on the clinic's current certificate (default 60: inside the 90-day window, so the bar shows). */
  daysLeft?: number;
  /** Register the native host in the profile (default true). */
  withHost?: boolean;
  /** Browser UI language (default ja). */
  locale?: 'ja' | 'en';
  simulator?: StartOptions;
  /** Default: headless unless HEADED is set (and a display is there). */
  headless?: boolean;
  /** A folder put first on the browser's PATH (so on the host's): tests use it to slow a real tool down. */
  pathPrefix?: string;
  /**
   * Let the browser save downloads as a user's browser does (under their own names, in `World.downloadsDir`)
   * instead of Playwright's default (GUID-named files in a temp folder). Default false: the other tests keep the
   * existing behaviour.
   */
  browserDownloads?: boolean;
}

export interface World {
  sim: Simulator;
  home: string;
  profile: string;
  /** Where the browser saves downloads when `browserDownloads` is set (else null). */
  downloadsDir: string | null;
  nssDb: string;
  current: IssuedIdentity;
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Closes the browser and starts it again on the same profile and HOME (Chromium re-reads certificates then). */
  restartBrowser(): Promise<void>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export function assertBuilt(): void {
  for (const path of [join(EXTENSION_DIR, 'manifest.json'), HOST_PATH]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:test\` first (npm run test:e2e does).`);
  }
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  assertBuilt();
  const root = mkdtempSync(join(tmpdir(), 'weborca-e2e-'));
  const home = join(root, 'home');
  const profile = join(root, 'profile');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  mkdirSync(join(profile, 'Default'), { recursive: true, mode: 0o700 });

  const sim = await startSimulator({ requireLogin: false, ...options.simulator });
  try {
    const current = await sim.issueClient({ daysLeft: options.daysLeft ?? 60 });
    const nssDb = await createNssDb(home);
    await trustRoot(nssDb, sim.pki.rootCertPem);
    await importP12(nssDb, current.p12, current.password);

    if (options.withHost !== false) registerHost(profile);
    // The host's own config: a test setup (so it may reach *.localhost) whose WebORCA is the simulator (where an
    // import proves the new identity before writing it).
    writeHostConfig(home, { weborcaOrigins: [sim.weborcaOrigin] });
    // The host verifies the new login with Node's TLS, which trusts the test root through NODE_EXTRA_CA_CERTS
    // (inherited from the browser that starts it), as a clinic PC trusts WebORCA's real server certificate.
    const rootPemPath = join(root, 'simulator-root.pem');
    writeFileSync(rootPemPath, sim.pki.rootCertPem);
    writeAutoSelectPreference(profile, [sim.weborcaOrigin, sim.orcamoOrigin]);

    const locale = options.locale ?? 'ja';
    const headless = options.headless ?? !(process.env.HEADED && process.env.DISPLAY);
    const launchEnv: Record<string, string> = { HOME: home, NODE_EXTRA_CA_CERTS: rootPemPath };
    if (options.pathPrefix) launchEnv.PATH = `${options.pathPrefix}:${process.env.PATH ?? ''}`;
    const downloadsDir = options.browserDownloads ? join(home, 'Downloads') : null;
    if (downloadsDir) mkdirSync(downloadsDir, { recursive: true, mode: 0o700 });
    const start = async (): Promise<BrowserContext> => {
      const started = await launch(profile, launchEnv, locale, headless);
      if (downloadsDir) await allowBrowserDownloads(started, downloadsDir);
      return started;
    };
    let context = await start();
    let serviceWorker = await extensionWorker(context);

    const world: World = {
      sim,
      home,
      profile,
      downloadsDir,
      nssDb,
      current,
      get context() {
        return context;
      },
      get serviceWorker() {
        return serviceWorker;
      },
      extensionId: EXTENSION_ID,
      async restartBrowser() {
        await context.close();
        context = await start();
        serviceWorker = await extensionWorker(context);
      },
      async newPage() {
        const page = await context.newPage();
        page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
        page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
        return page;
      },
      async close() {
        await context.close().catch(() => {});
        await sim.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
    return world;
  } catch (error) {
    await sim.close();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** The host manifest in the profile's NativeMessagingHosts/: hermetic, nothing written to the real user's config. */
function registerHost(profile: string): void {
  const dir = join(profile, 'NativeMessagingHosts');
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: NATIVE_HOST_NAME,
    description: 'WebORCA Cert Companion native host (test)',
    path: HOST_PATH,
    type: 'stdio',
    allowed_origins: [`chrome-extension://${EXTENSION_ID}/`],
  };
  writeFileSync(join(dir, `${NATIVE_HOST_NAME}.json`), JSON.stringify(manifest, null, 2));
}

/**
 * Chromium picks a client certificate without a dialog when the profile says so for the origin; we filter on the
 * issuer, as a clinic's IT vendor would with the AutoSelectCertificateForUrls policy.
 */
function writeAutoSelectPreference(profile: string, origins: string[]): void {
  const exceptions: Record<string, unknown> = {};
  for (const origin of origins) {
    exceptions[`${origin},*`] = { last_modified: '13300000000000000', setting: { filters: [{ ISSUER: { CN: 'Intermediate CA' } }] } };
  }
  const preferences = { profile: { content_settings: { exceptions: { auto_select_certificate: exceptions } } } };
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences));
}

async function launch(profile: string, extraEnv: Record<string, string>, locale: 'ja' | 'en', headless: boolean): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless,
    locale: locale === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1280, height: 800 },
    env: { ...process.env, ...extraEnv, LANGUAGE: locale, LANG: locale === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8' },
    args: chromiumArgs(locale, EXTENSION_DIR),
  });
}

/**
 * Playwright names every download by a GUID in its own temp folder; a user's browser keeps the server's file name in
 * the Downloads folder. `allow` (not `allowAndName`) through the DevTools protocol restores the latter.
 */
async function allowBrowserDownloads(context: BrowserContext, downloadsDir: string): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloadsDir });
  } finally {
    await cdp.detach();
  }
}

async function extensionWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((worker) => worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`));
  if (existing) return existing;
  return context.waitForEvent('serviceworker', {
    predicate: (worker) => worker.url().startsWith(`chrome-extension://${EXTENSION_ID}/`),
    timeout: 20_000,
  });
}

export interface Presented {
  authorized: boolean;
  presented: { serialHex: string; subject: Record<string, string>; notAfter: string; daysLeft: number } | null;
}

/** Asks the simulator, through the browser itself, which client certificate the browser presented. */
export async function presentedCertificate(world: World, origin = world.sim.weborcaOrigin): Promise<Presented> {
  const page = await world.newPage();
  try {
    await page.goto(`${origin}/__sim/whoami`);
    return JSON.parse((await page.locator('body').innerText()).trim()) as Presented;
  } finally {
    await page.close();
  }
}

/** Stops the extension's service worker through the DevTools protocol, as Chrome does to an idle worker. */
export async function stopServiceWorker(world: World): Promise<void> {
  const page = await world.newPage();
  try {
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    const cdp = await world.context.newCDPSession(page);
    const versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (event: { versions: typeof versions }) => versions.push(...event.versions));
    await cdp.send('ServiceWorker.enable');
    const deadline = Date.now() + 5_000;
    let running: (typeof versions)[number] | undefined;
    while (!running && Date.now() < deadline) {
      running = versions.find((version) => version.scriptURL.startsWith(`chrome-extension://${EXTENSION_ID}/`) && version.runningStatus === 'running');
      if (!running) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!running) throw new Error('the extension service worker is not running');
    await cdp.send('ServiceWorker.stopWorker', { versionId: running.versionId });
    await cdp.detach();
  } finally {
    await page.close();
  }
}

/** Saves a screenshot under dist/test-artifacts/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ARTIFACTS, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
