/**
 * Where each supported browser looks for a user-level native-messaging host, and how we tell it is present.
 *
 * Linux (Chrome/Chromium/Edge/Brave honour $XDG_CONFIG_HOME, default ~/.config):
 *   <config>/google-chrome/NativeMessagingHosts/, <config>/chromium/…, <config>/microsoft-edge/…,
 *   <config>/BraveSoftware/Brave-Browser/…; present when the browser's folder in <config> exists.
 *   Firefox reads ~/.mozilla/native-messaging-hosts/ ONLY: even the newer builds that keep profiles in
 *   ~/.config/mozilla/firefox force the legacy path for native manifests (Gecko's nsXREDirProvider,
 *   XRE_USER_NATIVE_MANIFESTS with aForceLegacy; its tests expect ~/.mozilla in every XDG case). So a Firefox with
 *   profiles in either place is registered in ~/.mozilla/native-messaging-hosts/. Snap and Flatpak Firefox reach
 *   hosts through the WebExtensions XDG portal, which also reads ~/.mozilla/native-messaging-hosts/ (works only where
 *   the portal exists: doctor says so).
 *   Snap Chromium and Flatpak Chrome/Chromium/Edge/Brave: unsupported. Their sandbox cannot start a host living
 *   outside it (no host `node`, no dot-folders of $HOME), so we do not write manifests there; doctor reports them.
 * macOS: ~/Library/Application Support/<Google/Chrome | Chromium | Microsoft Edge | BraveSoftware/Brave-Browser>/
 *   NativeMessagingHosts/; Firefox: ~/Library/Application Support/Mozilla/NativeMessagingHosts/ (present when
 *   ~/Library/Application Support/Firefox exists).
 * Windows: HKCU\Software\<vendor>\NativeMessagingHosts\weborca_cert_companion, default value = manifest path.
 *   Present when the profile folder (%LOCALAPPDATA%\…\User Data, %APPDATA%\Mozilla\Firefox) or the program exists,
 *   or else when `reg query` finds the browser's own key (BLBeacon, written by Chromium browsers when they run;
 *   "Mozilla Firefox"). Not the vendor key itself: our own registration creates it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { text } from '../i18n';
import type { SystemContext } from './context';
import { HOST_NAME } from './context';
import { regKeyExists } from './registry';

export type BrowserId = 'chrome' | 'chromium' | 'edge' | 'brave' | 'firefox';
export const BROWSER_IDS: readonly BrowserId[] = ['chrome', 'chromium', 'edge', 'brave', 'firefox'];

export const BROWSER_NAMES: Readonly<Record<BrowserId, string>> = {
  chrome: 'Google Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  brave: 'Brave',
  firefox: 'Mozilla Firefox',
};

export type ManifestFlavour = 'chrome' | 'firefox';

export function flavourOf(browser: BrowserId): ManifestFlavour {
  return browser === 'firefox' ? 'firefox' : 'chrome';
}

/** Where one browser's registration lives on this OS. */
export interface BrowserLocation {
  browser: BrowserId;
  name: string;
  flavour: ManifestFlavour;
  /** Linux/macOS: the manifest file; Windows: the manifest file in the host folder the registry value points to. */
  manifestPath: string;
  /** Windows only: the key whose default value is the manifest path. */
  registryKey?: string;
}

export interface Presence {
  present: boolean;
  /** Why we believe so (or which folder is missing): for people. */
  evidence: string;
  /** Set when a sandboxed variant exists that we cannot serve or serve only through a portal (current locale). */
  caveat?: string;
}

/** A sandboxed browser install we found but do not register (Linux). */
export interface UnsupportedVariant {
  id: string;
  name: string;
  path: string;
  /** Why, in the current locale (install and doctor print it). */
  message: string;
}

const CHROME_FAMILY_DIRS: Readonly<Record<Exclude<BrowserId, 'firefox'>, { linux: string[]; darwin: string[] }>> = {
  chrome: { linux: ['google-chrome'], darwin: ['Google', 'Chrome'] },
  chromium: { linux: ['chromium'], darwin: ['Chromium'] },
  edge: { linux: ['microsoft-edge'], darwin: ['Microsoft Edge'] },
  brave: { linux: ['BraveSoftware', 'Brave-Browser'], darwin: ['BraveSoftware', 'Brave-Browser'] },
};

const WINDOWS: Readonly<Record<BrowserId, { vendorKey: string; beaconKey: string; profile: string[]; program: string[] }>> = {
  chrome: {
    vendorKey: 'Software\\Google\\Chrome',
    beaconKey: 'Software\\Google\\Chrome\\BLBeacon',
    profile: ['LOCALAPPDATA', 'Google', 'Chrome', 'User Data'],
    program: ['Google', 'Chrome', 'Application', 'chrome.exe'],
  },
  chromium: {
    vendorKey: 'Software\\Chromium',
    beaconKey: 'Software\\Chromium\\BLBeacon',
    profile: ['LOCALAPPDATA', 'Chromium', 'User Data'],
    program: ['Chromium', 'Application', 'chrome.exe'],
  },
  edge: {
    vendorKey: 'Software\\Microsoft\\Edge',
    beaconKey: 'Software\\Microsoft\\Edge\\BLBeacon',
    profile: ['LOCALAPPDATA', 'Microsoft', 'Edge', 'User Data'],
    program: ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
  },
  brave: {
    vendorKey: 'Software\\BraveSoftware\\Brave-Browser',
    beaconKey: 'Software\\BraveSoftware\\Brave-Browser\\BLBeacon',
    profile: ['LOCALAPPDATA', 'BraveSoftware', 'Brave-Browser', 'User Data'],
    program: ['BraveSoftware', 'Brave-Browser', 'Application', 'brave.exe'],
  },
  firefox: {
    vendorKey: 'Software\\Mozilla',
    beaconKey: 'Software\\Mozilla\\Mozilla Firefox',
    profile: ['APPDATA', 'Mozilla', 'Firefox'],
    program: ['Mozilla Firefox', 'firefox.exe'],
  },
};

export function linuxConfigHome(ctx: Pick<SystemContext, 'env' | 'home'>): string {
  const xdg = ctx.env.XDG_CONFIG_HOME;
  // The XDG spec ignores relative values; so do the browsers.
  return xdg && xdg.startsWith('/') ? xdg : join(ctx.home, '.config');
}

function macSupport(home: string): string {
  return join(home, 'Library', 'Application Support');
}

/** The folder holding the Windows manifests, the launcher and config.json (paths.ts: %LOCALAPPDATA%\WebORCA Cert Companion). */
export function windowsManifestPath(hostFolder: string, flavour: ManifestFlavour): string {
  return join(hostFolder, flavour === 'firefox' ? `${HOST_NAME}.firefox.json` : `${HOST_NAME}.json`);
}

export function registryKeyFor(browser: BrowserId): string {
  return `HKCU\\${WINDOWS[browser].vendorKey}\\NativeMessagingHosts\\${HOST_NAME}`;
}

/** Where the host is registered for `browser` on ctx.platform; null on an unsupported OS. */
export function browserLocation(ctx: Pick<SystemContext, 'platform' | 'env' | 'home'>, browser: BrowserId, hostFolder: string): BrowserLocation | null {
  const base = { browser, name: BROWSER_NAMES[browser], flavour: flavourOf(browser) };
  const file = `${HOST_NAME}.json`;
  switch (ctx.platform) {
    case 'linux':
      if (browser === 'firefox') return { ...base, manifestPath: join(ctx.home, '.mozilla', 'native-messaging-hosts', file) };
      return { ...base, manifestPath: join(linuxConfigHome(ctx), ...CHROME_FAMILY_DIRS[browser].linux, 'NativeMessagingHosts', file) };
    case 'darwin':
      if (browser === 'firefox') return { ...base, manifestPath: join(macSupport(ctx.home), 'Mozilla', 'NativeMessagingHosts', file) };
      return { ...base, manifestPath: join(macSupport(ctx.home), ...CHROME_FAMILY_DIRS[browser].darwin, 'NativeMessagingHosts', file) };
    case 'win32':
      return { ...base, manifestPath: windowsManifestPath(hostFolder, base.flavour), registryKey: registryKeyFor(browser) };
    default:
      return null;
  }
}

export async function detectBrowser(ctx: SystemContext, browser: BrowserId): Promise<Presence> {
  if (ctx.platform === 'linux') return detectLinux(ctx, browser);
  if (ctx.platform === 'darwin') {
    const dir = browser === 'firefox' ? join(macSupport(ctx.home), 'Firefox') : join(macSupport(ctx.home), ...CHROME_FAMILY_DIRS[browser].darwin);
    return existsSync(dir) ? { present: true, evidence: dir } : { present: false, evidence: dir };
  }
  if (ctx.platform === 'win32') return detectWindows(ctx, browser);
  return { present: false, evidence: ctx.platform };
}

function detectLinux(ctx: SystemContext, browser: BrowserId): Presence {
  if (browser !== 'firefox') {
    const dir = join(linuxConfigHome(ctx), ...CHROME_FAMILY_DIRS[browser].linux);
    return existsSync(dir) ? { present: true, evidence: dir } : { present: false, evidence: dir };
  }
  const classic = [join(ctx.home, '.mozilla', 'firefox'), join(linuxConfigHome(ctx), 'mozilla', 'firefox')];
  const found = classic.find((dir) => existsSync(dir));
  if (found) return { present: true, evidence: found };
  const sandboxed = [join(ctx.home, 'snap', 'firefox'), join(ctx.home, '.var', 'app', 'org.mozilla.firefox')].find((dir) => existsSync(dir));
  if (sandboxed) {
    return {
      present: true,
      evidence: sandboxed,
      caveat: text('install.firefoxThroughPortal'),
    };
  }
  return { present: false, evidence: classic.join(' / ') };
}

async function detectWindows(ctx: SystemContext, browser: BrowserId): Promise<Presence> {
  const spec = WINDOWS[browser];
  const [variable, ...rest] = spec.profile;
  const root = variable ? ctx.env[variable] : undefined;
  if (root) {
    const profile = join(root, ...rest);
    if (existsSync(profile)) return { present: true, evidence: profile };
  }
  for (const programRoot of [ctx.env.ProgramFiles, ctx.env['ProgramFiles(x86)'], ctx.env.LOCALAPPDATA]) {
    if (!programRoot) continue;
    const program = join(programRoot, ...spec.program);
    if (existsSync(program)) return { present: true, evidence: program };
  }
  const key = `HKCU\\${spec.beaconKey}`;
  if (await regKeyExists(ctx, key)) return { present: true, evidence: key };
  return { present: false, evidence: root ? join(root, ...rest) : key };
}

/** Sandboxed Chromium-family installs on Linux that cannot run our host (reported, never written to). */
export function unsupportedVariants(ctx: Pick<SystemContext, 'platform' | 'home'>): UnsupportedVariant[] {
  if (ctx.platform !== 'linux') return [];
  const candidates: Array<Omit<UnsupportedVariant, 'message'>> = [
    { id: 'chromium-snap', name: 'Chromium (snap)', path: join(ctx.home, 'snap', 'chromium') },
    { id: 'chrome-flatpak', name: 'Google Chrome (Flatpak)', path: join(ctx.home, '.var', 'app', 'com.google.Chrome') },
    { id: 'chromium-flatpak', name: 'Chromium (Flatpak)', path: join(ctx.home, '.var', 'app', 'org.chromium.Chromium') },
    { id: 'edge-flatpak', name: 'Microsoft Edge (Flatpak)', path: join(ctx.home, '.var', 'app', 'com.microsoft.Edge') },
    { id: 'brave-flatpak', name: 'Brave (Flatpak)', path: join(ctx.home, '.var', 'app', 'com.brave.Browser') },
  ];
  return candidates
    .filter((candidate) => existsSync(candidate.path))
    .map((candidate) => ({
      ...candidate,
      message: text('install.browserSandboxed', { name: candidate.name }),
    }));
}
