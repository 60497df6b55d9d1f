/**
 * The Firefox test world: Debian's Firefox ESR, headless, with a temp profile and HOME; the Firefox build of the test
 * extension (dist/extension-test → dist/extension-test-firefox, the manifest transform `npm run package` uses),
 * installed as a temporary add-on; the real native host registered in $HOME/.mozilla/native-messaging-hosts/; the
 * simulator, whose client certificate sits in the profile's own NSS database (Firefox does not read ~/.pki/nssdb).
 *
 * Firefox is driven over WebDriver BiDi, which it serves itself (`--remote-debugging-port`): a few commands over one
 * WebSocket, no geckodriver, no Playwright (whose Firefox is a patched build we never download).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSimulator, type IssuedIdentity, type Simulator, type StartOptions } from '../simulator/index';
import { importP12, trustRoot } from './nss';
import { writeHostConfig } from '../helpers/host-process';
import { writeFirefoxBuild } from '../../scripts/firefox-build';
import { FIREFOX_ADDON_ID } from '../../native-host/src/build-info';
import { NATIVE_HOST_NAME } from '../../src/lib/native-protocol';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HOST_PATH = join(ROOT, 'dist', 'native-host', 'weborca-cert.mjs');
export const FIREFOX_EXTENSION_DIR = join(ROOT, 'dist', 'extension-test-firefox');
const CHROME_TEST_BUILD = join(ROOT, 'dist', 'extension-test');
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr'];
const BIDI_TIMEOUT_MS = 20_000;
const run = promisify(execFile);

/** Debian's Firefox ESR (never a downloaded browser); FIREFOX_PATH overrides. Fails loudly when missing. */
export function firefoxPath(): string {
  const override = process.env.FIREFOX_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`FIREFOX_PATH=${override} does not exist`);
    return override;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'Firefox ESR was not found (looked for /usr/bin/firefox-esr). Install the system dependencies: `sudo sh scripts/system-deps.sh` (Debian: apt-get install -y --no-install-recommends firefox-esr).',
    );
  }
  return found;
}

/** BiDi's serialized values (the subset script.evaluate returns for our expressions). */
interface RemoteValue {
  type: string;
  value?: unknown;
}
/** A DOM node as BiDi serialises it (with its children and shadow root, to maxDomDepth). */
interface SerializedNode {
  nodeType?: number;
  localName?: string;
  nodeValue?: string;
  children?: Array<{ value?: SerializedNode }>;
  shadowRoot?: { value?: SerializedNode } | null;
}

function findNode(node: SerializedNode, match: (node: SerializedNode) => boolean): SerializedNode | null {
  if (match(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoot ? [node.shadowRoot] : [])]) {
    const found = child.value ? findNode(child.value, match) : null;
    if (found) return found;
  }
  return null;
}

function nodeText(node: SerializedNode): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  return (node.children ?? []).map((child) => (child.value ? nodeText(child.value) : '')).join('');
}

type EvaluateResult = { type: 'success'; result: RemoteValue } | { type: 'exception'; exceptionDetails: { text: string } };

interface PendingCommand {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** WebSocket: global from Node 22; Node 20 has it only behind a flag, so undici's (the same implementation). */
async function webSocketClass(): Promise<typeof WebSocket> {
  if (typeof globalThis.WebSocket === 'function') return globalThis.WebSocket;
  const undici = (await import('undici')) as unknown as { WebSocket: typeof WebSocket };
  return undici.WebSocket;
}

/** The few WebDriver BiDi commands the tests need, over one WebSocket. */
export class Bidi {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCommand>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; type: string; result?: unknown; error?: string; message?: string };
      if (message.id === undefined) return; // events: not subscribed to any
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.type === 'success') waiter.resolve(message.result);
      else waiter.reject(new Error(`BiDi ${message.error ?? 'error'}: ${message.message ?? ''}`));
    });
    socket.addEventListener('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('BiDi connection closed'));
      this.pending.clear();
    });
  }

  static async connect(url: string): Promise<Bidi> {
    const Socket = await webSocketClass();
    const socket = new Socket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), { once: true });
    });
    const bidi = new Bidi(socket);
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: false } } });
    return bidi;
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown>, timeoutMs = BIDI_TIMEOUT_MS): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`BiDi ${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Opens a new tab and returns its browsing-context id. */
  async newTab(): Promise<string> {
    const { context } = await this.send<{ context: string }>('browsingContext.create', { type: 'tab' });
    return context;
  }

  async navigate(context: string, url: string): Promise<void> {
    await this.send('browsingContext.navigate', { context, url, wait: 'complete' });
  }

  /** Evaluates `expression` (awaited) in the tab's page and returns its JSON-decoded value: pass JSON.stringify(…). */
  async evaluateJson<T>(context: string, expression: string): Promise<T> {
    const outcome = await this.send<EvaluateResult>('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
    if (outcome.type === 'exception') throw new Error(`evaluate failed: ${outcome.exceptionDetails.text}`);
    if (outcome.result.type !== 'string' || typeof outcome.result.value !== 'string')
      throw new Error(`evaluate: expected a JSON string, got ${outcome.result.type}`);
    return JSON.parse(outcome.result.value) as T;
  }

  /**
   * The text of the first <button> inside `selector`'s shadow root — closed roots included: BiDi serialises them
   * for the test (includeShadowTree: 'all') while the page's own scripts get nothing. Null without the element.
   */
  async shadowButtonText(context: string, selector: string): Promise<string | null> {
    const outcome = await this.send<EvaluateResult>('script.evaluate', {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
      target: { context },
      awaitPromise: false,
      resultOwnership: 'none',
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: 40 },
    });
    if (outcome.type === 'exception') throw new Error(`evaluate failed: ${outcome.exceptionDetails.text}`);
    if (outcome.result.type !== 'node') return null;
    const root = (outcome.result.value as SerializedNode).shadowRoot;
    const button = root ? findNode(root.value ?? {}, (node) => node.localName === 'button') : null;
    return button ? nodeText(button) : null;
  }

  /** A PNG screenshot of the tab's viewport. */
  async screenshot(context: string): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>('browsingContext.captureScreenshot', { context });
    return Buffer.from(data, 'base64');
  }

  close(): void {
    this.socket.close();
  }
}

export interface FirefoxWorldOptions {
  /** Days left on the clinic's current certificate (default 60: the bar shows). */
  daysLeft?: number;
  simulator?: StartOptions;
  /** The program Firefox starts as the native host (default: dist/native-host/weborca-cert.mjs). */
  hostPath?: string;
}

export interface FirefoxWorld {
  sim: Simulator;
  home: string;
  profile: string;
  current: IssuedIdentity;
  bidi: Bidi;
  /** The add-on id Firefox reports for the installed extension. */
  addonId: string;
  /** moz-extension://UUID: the extension's pages (the UUID is pinned by a pref, Firefox otherwise picks one). */
  extensionBase: string;
  /** Opens one of the extension's pages (e.g. popup.html) in a new tab; returns the tab's browsing context. */
  openExtensionPage(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Firefox preferences for the test profile: each one a step a real clinic PC would take another way. */
function userPrefs(sim: Simulator, extensionUuid: string): Record<string, string | boolean | number> {
  return {
    // The simulator's *.localhost hosts on loopback (a clinic's WebORCA is a real DNS name).
    'network.dns.localDomains': `${new URL(sim.weborcaOrigin).hostname},${new URL(sim.orcamoOrigin).hostname}`,
    // Present the client certificate without the picker (the test's counterpart of Chromium's auto-select policy).
    'security.default_personal_cert': 'Select Automatically',
    // The extension's moz-extension:// UUID, so the tests can open its popup.
    'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: extensionUuid }),
    // Quiet, offline start.
    'browser.shell.checkDefaultBrowser': false,
    'browser.aboutwelcome.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'extensions.update.enabled': false,
    'intl.locale.requested': 'ja',
    'intl.accept_languages': 'ja,en',
  };
}

function writeUserJs(profile: string, prefs: Record<string, string | boolean | number>): void {
  const lines = Object.entries(prefs).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`);
  writeFileSync(join(profile, 'user.js'), `${lines.join('\n')}\n`);
}

/** The host manifest where Firefox on Linux looks for it (per user), naming our add-on in allowed_extensions. */
function registerHost(home: string, hostPath: string): string {
  const dir = join(home, '.mozilla', 'native-messaging-hosts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${NATIVE_HOST_NAME}.json`);
  const manifest = {
    name: NATIVE_HOST_NAME,
    description: 'WebORCA Cert Companion native host (Firefox test)',
    path: hostPath,
    type: 'stdio',
    allowed_extensions: [FIREFOX_ADDON_ID],
  };
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return path;
}

/** Starts Firefox and resolves with the BiDi WebSocket URL it prints on stderr. */
function launchFirefox(profile: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    firefoxPath(),
    ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', '--remote-allow-system-access', '--window-size=1280,800', 'about:blank'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Firefox did not start its WebDriver BiDi server within 30 s. Its output:\n${log}`));
    }, 30_000);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `${match[1]!.replace(/\/$/, '')}/session` });
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before BiDi was up. Its output:\n${log}`));
    });
  });
}

/**
 * The profile where a user's Firefox keeps it, listed in profiles.ini: the host's NSS discovery then finds the
 * profile's certificate database exactly as on a clinic PC (`weborca-cert list` reads it).
 */
function createProfileDir(home: string): string {
  const base = join(home, '.mozilla', 'firefox');
  const profile = join(base, 'weborca-test.default');
  mkdirSync(profile, { recursive: true, mode: 0o700 });
  writeFileSync(
    join(base, 'profiles.ini'),
    '[General]\nStartWithLastProfile=1\nVersion=2\n\n[Profile0]\nName=default\nIsRelative=1\nPath=weborca-test.default\nDefault=1\n',
  );
  return profile;
}

export async function createFirefoxWorld(options: FirefoxWorldOptions = {}): Promise<FirefoxWorld> {
  if (!existsSync(join(CHROME_TEST_BUILD, 'manifest.json')) || !existsSync(HOST_PATH)) {
    throw new Error('dist/extension-test or the host is missing: run `npm run build:test` first (npm run test:e2e does).');
  }
  writeFirefoxBuild(CHROME_TEST_BUILD, FIREFOX_EXTENSION_DIR);

  const root = mkdtempSync(join(tmpdir(), 'weborca-firefox-e2e-'));
  const home = join(root, 'home');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const profile = createProfileDir(home);
  const sim = await startSimulator({ requireLogin: false, ...options.simulator });
  let child: ChildProcess | undefined;
  try {
    const current = await sim.issueClient({ daysLeft: options.daysLeft ?? 60 });
    // Firefox keeps its certificates in the profile (cert9.db/key4.db), not in ~/.pki/nssdb.
    await run('certutil', ['-N', '-d', `sql:${profile}`, '--empty-password']);
    await trustRoot(profile, sim.pki.rootCertPem);
    await importP12(profile, current.p12, current.password);
    registerHost(home, options.hostPath ?? HOST_PATH);
    // The host's own config: a test setup (so it may reach *.localhost) whose WebORCA is the simulator.
    writeHostConfig(home, { weborcaOrigins: [sim.weborcaOrigin] });
    const rootPemPath = join(root, 'simulator-root.pem');
    writeFileSync(rootPemPath, sim.pki.rootCertPem);
    const extensionUuid = randomUUID();
    writeUserJs(profile, userPrefs(sim, extensionUuid));

    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NODE_EXTRA_CA_CERTS: rootPemPath, MOZ_CRASHREPORTER_DISABLE: '1', LANG: 'ja_JP.UTF-8' };
    delete env.DISPLAY; // headless, whatever the desktop
    const launched = await launchFirefox(profile, env);
    child = launched.child;
    const bidi = await Bidi.connect(launched.url);
    // A temporary add-on, as `about:debugging` or `web-ext run` would load it: unsigned is fine then.
    const { extension } = await bidi.send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION_DIR } });
    const firefox = child;
    const extensionBase = `moz-extension://${extensionUuid}`;
    return {
      sim,
      home,
      profile,
      current,
      bidi,
      addonId: extension,
      extensionBase,
      openExtensionPage: (path) => openTrustedTab(bidi, `${extensionBase}/${path}`),
      async close() {
        await bidi.send('browser.close', {}, 5_000).catch(() => {});
        bidi.close();
        await stopProcess(firefox);
        await sim.close();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child) await stopProcess(child);
    await sim.close();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Opens an extension page in a new tab. BiDi refuses to navigate a web tab to moz-extension:// (as a web page may
 * not), so the browser window itself opens it — the user's equivalent is the toolbar button or about:addons. This
 * needs `--remote-allow-system-access`, used for nothing else.
 */
async function openTrustedTab(bidi: Bidi, url: string): Promise<string> {
  const chromeTree = await bidi.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const window = chromeTree.contexts.find((context) => context.url === 'chrome://browser/content/browser.xhtml');
  if (!window) throw new Error('no Firefox browser window');
  await bidi.send('script.evaluate', {
    expression: `openTrustedLinkIn(${JSON.stringify(url)}, 'tab')`,
    target: { context: window.context },
    awaitPromise: false,
  });
  const deadline = Date.now() + BIDI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { contexts } = await bidi.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', { maxDepth: 0 });
    const tab = contexts.find((context) => context.url === url);
    if (tab) return tab.context;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not open`);
}

/** Waits for our own Firefox child to leave; kills it (by its pid, nothing else) if it lingers. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
