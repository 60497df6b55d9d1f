/**
 * Firefox for real: Debian's Firefox ESR (headless, Japanese UI) runs the Firefox build of the extension
 * (background.scripts event page, gecko id) as a temporary add-on, and
 *  (a) detection: on the simulator's WebORCA master menu, with the clinic's certificate in its expiry window
 *      (presented from the profile's own NSS database), our inline button appears right after 更新; outside the window
 *      it does not;
 *  (b) the native host: Firefox starts the real dist/native-host/weborca-cert.mjs from
 *      $HOME/.mozilla/native-messaging-hosts/ with Firefox's arguments (manifest path + add-on id); it answers `hello`,
 *      the popup says it is installed, and its `list` finds the certificate in Firefox's own profile — with the
 *      bundled .mjs and, when built (`npm run build:sea`), with the single executable.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFirefoxWorld, FIREFOX_EXTENSION_DIR, type FirefoxWorld } from './firefox-harness';
import { FIREFOX_ADDON_ID } from '../../native-host/src/build-info';

const SCREENSHOTS = fileURLToPath(new URL('../../dist/test-artifacts/screenshots', import.meta.url));
const POLL = { timeout: 15_000, interval: 200 };

async function saveScreenshot(world: FirefoxWorld, context: string, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  writeFileSync(path, await world.bidi.screenshot(context));
  return path;
}

/** Our element in the page, read from the page: the button's label and its neighbour in WebORCA's bar. */
const INLINE_BUTTON = `JSON.stringify((() => {
  const host = document.querySelector('weborca-cert-companion');
  return {
    title: document.title,
    bar: document.querySelector('.infobar')?.textContent ?? null,
    // The page's scripts cannot see inside our widget (closed shadow root): the label is read through BiDi.
    pageSeesInside: host ? host.shadowRoot !== null : null,
    previous: host?.previousElementSibling?.textContent?.trim() ?? null,
    parentClass: host?.parentElement?.className ?? null,
  };
})())`;
interface InlineButton {
  title: string;
  bar: string | null;
  pageSeesInside: boolean | null;
  previous: string | null;
  parentClass: string | null;
}

async function openMasterMenu(world: FirefoxWorld): Promise<string> {
  const tab = await world.bidi.newTab();
  await world.bidi.navigate(tab, `${world.sim.weborcaOrigin}/client.html`);
  await expect.poll(async () => (await world.bidi.evaluateJson<InlineButton>(tab, INLINE_BUTTON)).title, POLL).toContain('(M00)');
  return tab;
}

/**
 * The popup (an extension page) shows the host as installed, the background kept the host's hello reply, the host's
 * `list` found the certificate in Firefox's own profile, and the host's log says Firefox started it with its own
 * arguments (manifest path + add-on id). Returns the popup's tab.
 */
async function expectHostReady(world: FirefoxWorld): Promise<string> {
  const popup = await world.openExtensionPage('popup.html');
  const host = `JSON.stringify((() => { const card = document.querySelector('[data-testid=host]'); return { state: card?.dataset.state ?? null, text: card?.textContent ?? '' }; })())`;
  await expect.poll(async () => (await world.bidi.evaluateJson<{ state: string | null }>(popup, host)).state, POLL).toBe('ready');
  expect((await world.bidi.evaluateJson<{ text: string }>(popup, host)).text).toContain('インストール済み（バージョン 0.1.0）');
  // What the background kept from the host's hello reply (storage.session: extension pages only).
  const stored = await world.bidi.evaluateJson<{ host?: Record<string, unknown> }>(popup, `browser.storage.session.get('host').then(JSON.stringify)`);
  expect(stored.host).toMatchObject({ state: 'ready', version: '0.1.0', platform: 'linux', stores: ['nss'] });
  // The host's `list` read Firefox's own certificate database (found through profiles.ini).
  const identity = `JSON.stringify(document.querySelector('[data-testid=identity][data-serial="${world.current.serialHex}"]') !== null)`;
  await expect.poll(() => world.bidi.evaluateJson<boolean>(popup, identity), POLL).toBe(true);

  const log = readFileSync(join(world.home, '.local', 'state', 'weborca-cert', 'host.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(log).toContainEqual(expect.objectContaining({ event: 'host.caller', kind: 'firefox', id: FIREFOX_ADDON_ID, allowed: true }));
  expect(log).toContainEqual(expect.objectContaining({ event: 'request.done', type: 'hello', ok: true }));
  return popup;
}

describe('Firefox ESR: 60 days left', () => {
  let world: FirefoxWorld;
  beforeAll(async () => {
    world = await createFirefoxWorld({ daysLeft: 60 });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('the Firefox build (event page, gecko id, no offscreen) installs under its add-on id', () => {
    expect(world.addonId).toBe(FIREFOX_ADDON_ID);
    const manifest = JSON.parse(readFileSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      background: Record<string, unknown>;
      permissions: string[];
      content_scripts: Array<{ matches: string[] }>;
    };
    expect(manifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest).not.toHaveProperty('key');
    expect(manifest.content_scripts[0]!.matches).toContain('https://*.localhost/*');
  });

  test('the simulator sees the clinic’s certificate, presented by Firefox from its own profile', async () => {
    const tab = await openMasterMenu(world);
    // Asked from the page (Firefox would show a raw JSON URL in its JSON viewer), over the same TLS connection pool.
    const whoami = await world.bidi.evaluateJson<{ authorized: boolean; presented: { serialHex: string } | null }>(
      tab,
      `fetch('/__sim/whoami').then((r) => r.text())`,
    );
    expect(whoami.authorized).toBe(true);
    expect(whoami.presented?.serialHex).toBe(world.current.serialHex);
  });

  test('detection: the inline button appears right after 更新, in Japanese, with the days left (screenshot)', async () => {
    const tab = await openMasterMenu(world);
    await expect.poll(() => world.bidi.shadowButtonText(tab, 'weborca-cert-companion'), POLL).toContain('ワンクリックで更新（残り60日）');
    const seen = await world.bidi.evaluateJson<InlineButton>(tab, INLINE_BUTTON);
    expect(seen.bar).toContain('有効期限が近づいています');
    expect(seen).toMatchObject({ previous: '更新', parentClass: 'infobar', pageSeesInside: false });
    console.log(`screenshot: ${await saveScreenshot(world, tab, 'firefox-inline-button-ja')}`);
  });

  test('native host: Firefox starts the real host, which answers hello; the popup says it is installed and lists the profile’s certificate (screenshot)', async () => {
    const popup = await expectHostReady(world);
    console.log(`screenshot: ${await saveScreenshot(world, popup, 'firefox-popup-host-ready')}`);
  });
});

describe('Firefox ESR: 200 days left', () => {
  let world: FirefoxWorld;
  beforeAll(async () => {
    world = await createFirefoxWorld({ daysLeft: 200 });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('no bar, no button', async () => {
    const tab = await openMasterMenu(world);
    // The content script has run (it reports every WebORCA screen to the background) before we look for the button.
    const popup = await world.openExtensionPage('popup.html');
    await expect
      .poll(() => world.bidi.evaluateJson<string>(popup, `browser.storage.session.get('lastPage').then((v) => JSON.stringify(v.lastPage?.screen ?? ''))`), POLL)
      .toBe('M00');
    const seen = await world.bidi.evaluateJson<InlineButton>(tab, INLINE_BUTTON);
    expect(seen.bar).toBeNull();
    expect(seen.pageSeesInside).toBeNull();
    expect(await world.bidi.shadowButtonText(tab, 'weborca-cert-companion')).toBeNull();
  });
});

const SEA = fileURLToPath(new URL(`../../dist/native-host/weborca-cert-${process.platform}-${process.arch}`, import.meta.url));
if (!existsSync(SEA)) console.warn(`firefox.e2e: the single-executable case is skipped: ${SEA} is absent (npm run build:sea; npm test builds it).`);

describe.skipIf(!existsSync(SEA))('Firefox ESR with the single executable as its host', () => {
  let world: FirefoxWorld;
  beforeAll(async () => {
    world = await createFirefoxWorld({ daysLeft: 60, hostPath: SEA });
  });
  afterAll(async () => {
    await world?.close();
  });

  test('Firefox starts weborca-cert-linux-x64 (no Node, no launcher): hello, list, the popup says installed', async () => {
    await expectHostReady(world);
  });
});
