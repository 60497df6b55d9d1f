/**
 * `tsx scripts/build-msi.ts [--build-exe]`: the per-user Windows installer, built on Linux with msitools' wixl from
 * installer/windows/weborca-cert.wxs → dist/installer/weborca-cert-companion-<version>-x64.msi.
 *
 * This script fills what the WiX source cannot know: the version (package.json), a ProductCode derived from the
 * version (the same version always gives the same code; a new version a new one, as a major upgrade wants), and the
 * staged files — weborca-cert.exe and koffi.node (scripts/build-sea.ts --windows; built when missing or with
 * --build-exe) and the two native-messaging manifests, written with the host's own buildManifest()/manifestText() so
 * they are the shape `weborca-cert install` writes, with the development id of manifest.json's key and the Firefox
 * add-on id. It also checks that the .wxs registers the host under exactly the registry keys the host itself uses
 * (install/browsers.ts): a drift between the two fails the build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIREFOX_ADDON_ID } from '../native-host/src/build-info';
import { BROWSER_IDS, flavourOf, registryKeyFor, windowsManifestPath } from '../native-host/src/install/browsers';
import { buildManifest, manifestText } from '../native-host/src/install/manifest';
import { buildWindowsSea, WINDOWS_KOFFI_PATH, WINDOWS_SEA_PATH } from './build-sea';
import { developmentExtensionId } from './extension-id';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WXS_PATH = join(root, 'installer', 'windows', 'weborca-cert.wxs');
/** The executable's name in the install folder: the manifests name it relative to themselves. */
export const INSTALLED_EXE = 'weborca-cert.exe';

export function msiFileName(version: string): string {
  return `weborca-cert-companion-${version}-x64.msi`;
}

export function msiPath(version: string = packageVersion()): string {
  return join(root, 'dist', 'installer', msiFileName(version));
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Windows Installer versions are major.minor.build, numbers only (major, minor ≤ 255; build ≤ 65535). */
export function msiVersion(version: string): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match || Number(match[1]) > 255 || Number(match[2]) > 255 || Number(match[3]) > 65535) {
    throw new Error(`package.json version ${version} is not a Windows Installer version (major.minor.build, numbers only)`);
  }
  return version;
}

/** A name-based UUID (RFC 4122 version 5 layout) from the UpgradeCode and the version: stable per version. */
export function productCode(upgradeCode: string, version: string): string {
  const hash = createHash('sha1').update(`${upgradeCode.toUpperCase()}/${version}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The manifests the MSI installs beside the executable: file name → exact text. */
export function msiManifests(extensionId: string = developmentExtensionId()): Map<string, string> {
  const ids = { extensionIds: [extensionId], firefoxAddonIds: [FIREFOX_ADDON_ID] };
  const files = new Map<string, string>();
  for (const flavour of ['chrome', 'firefox'] as const) {
    // windowsManifestPath gives the host's own file names (weborca_cert_companion[.firefox].json).
    const name = windowsManifestPath('', flavour).replace(/^[\\/]/, '');
    files.set(name, manifestText(buildManifest(flavour, INSTALLED_EXE, ids)));
  }
  return files;
}

/** Every registration the host knows (browsers.ts) must be in the .wxs, pointing at the right manifest. */
export function checkRegistrations(wxs: string): void {
  for (const browser of BROWSER_IDS) {
    const key = registryKeyFor(browser).replace(/^HKCU\\/, '');
    const manifest = windowsManifestPath('', flavourOf(browser)).replace(/^[\\/]/, '');
    const element = new RegExp(
      `<RegistryValue Root="HKCU" Key="${key.replace(/\\/g, '\\\\')}" Type="string" Value="\\[INSTALLDIR\\]${manifest.replace(/\./g, '\\.')}" KeyPath="yes" />`,
    );
    if (!element.test(wxs)) throw new Error(`${WXS_PATH} does not register ${browser} as the host does: HKCU\\${key} → [INSTALLDIR]${manifest}`);
  }
}

export async function buildMsi(options: { buildExe?: boolean; log?: (line: string) => void } = {}): Promise<string> {
  const log = options.log ?? (() => {});
  const version = msiVersion(packageVersion());
  if (spawnSync('wixl', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('wixl is not installed: run `npm run sysdeps` as root (Debian: apt-get install msitools wixl)');
  }
  if (options.buildExe || !existsSync(WINDOWS_SEA_PATH) || !existsSync(WINDOWS_KOFFI_PATH)) await buildWindowsSea(log);
  const wxs = readFileSync(WXS_PATH, 'utf8');
  checkRegistrations(wxs);
  const upgradeCode = /UpgradeCode="([0-9A-Fa-f-]{36})"/.exec(wxs)?.[1];
  if (!upgradeCode) throw new Error(`${WXS_PATH} has no UpgradeCode`);

  const stage = mkdtempSync(join(tmpdir(), 'weborca-msi-'));
  const out = msiPath(version);
  const partial = `${out}.${process.pid}.partial`;
  try {
    copyFileSync(WINDOWS_SEA_PATH, join(stage, INSTALLED_EXE));
    copyFileSync(WINDOWS_KOFFI_PATH, join(stage, 'koffi.node'));
    for (const [name, text] of msiManifests()) writeFileSync(join(stage, name), text);
    // wixl finds a File's Source relative to the .wxs: build a copy of it next to the staged files.
    writeFileSync(join(stage, 'weborca-cert.wxs'), wxs);
    mkdirSync(join(root, 'dist', 'installer'), { recursive: true });
    const args = [
      '-a',
      'x64',
      '-D',
      `Version=${version}`,
      '-D',
      `ProductCode=${productCode(upgradeCode, version)}`,
      '-o',
      partial,
      join(stage, 'weborca-cert.wxs'),
    ];
    const result = spawnSync('wixl', args, { encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(`${result.stdout}${result.stderr}`);
      throw new Error(`wixl failed (exit ${result.status ?? result.signal})`);
    }
    renameSync(partial, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const path = await buildMsi({ buildExe: process.argv.includes('--build-exe'), log: (line) => console.log(line) });
  console.log(`Windows installer: ${path} (${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
