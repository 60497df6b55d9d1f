/**
 * `npm run package`: everything a clinic's IT vendor distributes, in dist/packages/ (<version> = package.json's):
 *
 *   weborca-cert-companion-chrome-<version>.zip   Chrome Web Store / Edge Add-ons upload: dist/extension zipped, manifest
 *                                                 at the root, WITHOUT the development `key` (the stores refuse it and
 *                                                 assign their own id; the unpacked dist/extension keeps it, so a
 *                                                 developer's id stays anhaoafokhdioakgfkeelcidlihlhlnl)
 *   weborca-cert-companion-firefox-<version>.zip  the Firefox build (also left unpacked in dist/extension-firefox/),
 *                                                 checked by `web-ext lint --self-hosted`: any error fails the step
 *   weborca-cert-<version>.mjs                    the host/CLI as one file, for Node ≥ 20
 *   weborca-cert-linux-x64                        the host/CLI as a single executable (no Node needed)
 *   weborca-cert-companion-<version>-x64.msi      the per-user Windows installer (scripts/build-msi.ts; README「Windows」)
 *   weborca-cert-<version>-win-x64.zip            weborca-cert.exe and the koffi.node it loads from its own folder, for
 *                                                 deployments without the MSI (the .exe alone cannot reach the store)
 *   SHA256SUMS                                    for the vendor's download page and installers
 *
 * Why `--self-hosted`: this add-on is distributed by the clinic's vendor (signed as "unlisted" on AMO, or installed by
 * enterprise policy on Firefox ESR), not listed on addons.mozilla.org; the flag drops the AMO-listing-only checks
 * and, unlike the AMO mode, accepts `browser_specific_settings.gecko.update_url` (WEBORCA_FIREFOX_UPDATE_URL), which a
 * self-hosted add-on needs for updates. Every manifest, API and security check still runs.
 */
import JSZip from 'jszip';
import webExt from 'web-ext';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSea, SEA_PATH, seaFileName, WINDOWS_KOFFI_PATH, WINDOWS_SEA_PATH } from './build-sea';
import { buildMsi, msiFileName } from './build-msi';
import { writeFirefoxBuild, type Manifest } from './firefox-build';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(dist, 'packages');

/** Zip entries get this date: the same sources give byte-identical packages (checksums a vendor can reproduce). */
const FIXED_ZIP_DATE = new Date(Date.UTC(2000, 0, 1));

/** The manifest for the Chrome Web Store and Edge Add-ons: no `key` (they reject it and assign the id themselves). */
export function storeManifest(manifest: Manifest): Manifest {
  const copy = structuredClone(manifest);
  delete copy.key;
  return copy;
}

/** Adds `update_url` for a self-hosted Firefox add-on (enterprise: the vendor's own update manifest). */
export function withFirefoxUpdateUrl(manifest: Manifest, updateUrl: string | undefined): Manifest {
  if (!updateUrl) return manifest;
  if (!/^https:\/\/[^\s]+$/.test(updateUrl)) throw new Error(`WEBORCA_FIREFOX_UPDATE_URL must be an https:// URL, got ${updateUrl}`);
  const copy = structuredClone(manifest) as Manifest & { browser_specific_settings: { gecko: Record<string, unknown> } };
  copy.browser_specific_settings.gecko.update_url = updateUrl;
  return copy;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => path.split(sep).join('/'))
    .sort();
}

/** Zips a folder (paths relative to it, so manifest.json is at the root), with the manifest given in place of the file's. */
export async function zipExtension(dir: string, manifest: Manifest, zipPath: string): Promise<string[]> {
  const zip = new JSZip();
  const files = filesUnder(dir);
  if (!files.includes('manifest.json')) throw new Error(`${dir} has no manifest.json`);
  for (const file of files) {
    const content = file === 'manifest.json' ? `${JSON.stringify(manifest, null, 2)}\n` : readFileSync(join(dir, file));
    zip.file(file, content, { date: FIXED_ZIP_DATE, unixPermissions: 0o644, createFolders: false });
  }
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
  writeFileSync(zipPath, buffer);
  return files;
}

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}
interface LintResult {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/** web-ext lint (addons-linter, runs offline), as a self-hosted add-on. Prints every message; returns the result. */
export async function lintFirefoxBuild(sourceDir: string): Promise<LintResult> {
  const result = (await webExt.cmd.lint(
    {
      sourceDir,
      selfHosted: true,
      output: 'none',
      boring: true,
      pretty: false,
      verbose: false,
      warningsAsErrors: false,
      metadata: false,
      privileged: false,
      enterprise: false,
    },
    { shouldExitProgram: false },
  )) as LintResult;
  const where = (m: LintMessage): string => (m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''})` : '');
  for (const m of result.errors) console.error(`web-ext lint ERROR ${m.code}: ${m.message}${where(m)}`);
  for (const m of result.warnings) console.warn(`web-ext lint warning ${m.code}: ${m.message}${where(m)}`);
  for (const m of result.notices) console.log(`web-ext lint notice ${m.code}: ${m.message}${where(m)}`);
  console.log(`web-ext lint: ${result.summary.errors} errors, ${result.summary.warnings} warnings, ${result.summary.notices} notices`);
  return result;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

async function main(): Promise<number> {
  const { version } = readJson<{ version: string }>(join(root, 'package.json'));
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('package: `npm run build` failed');
    return 1;
  }
  const chromeManifest = readJson<Manifest>(join(dist, 'extension', 'manifest.json'));
  if (chromeManifest.version !== version) {
    console.error(`package: manifest.json version ${String(chromeManifest.version)} differs from package.json ${version}: make them equal`);
    return 1;
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const artefacts: string[] = [];

  const chromeZip = join(out, `weborca-cert-companion-chrome-${version}.zip`);
  await zipExtension(join(dist, 'extension'), storeManifest(chromeManifest), chromeZip);
  artefacts.push(chromeZip);

  const firefoxDir = join(dist, 'extension-firefox');
  const firefoxManifest = withFirefoxUpdateUrl(writeFirefoxBuild(join(dist, 'extension'), firefoxDir), process.env.WEBORCA_FIREFOX_UPDATE_URL);
  writeFileSync(join(firefoxDir, 'manifest.json'), `${JSON.stringify(firefoxManifest, null, 2)}\n`);
  const lint = await lintFirefoxBuild(firefoxDir);
  if (lint.summary.errors > 0) {
    console.error(`package: web-ext lint found ${lint.summary.errors} error(s) in ${relative(root, firefoxDir)}: no Firefox package`);
    return 1;
  }
  const firefoxZip = join(out, `weborca-cert-companion-firefox-${version}.zip`);
  await zipExtension(firefoxDir, firefoxManifest, firefoxZip);
  artefacts.push(firefoxZip);

  const host = join(out, `weborca-cert-${version}.mjs`);
  copyFileSync(join(dist, 'native-host', 'weborca-cert.mjs'), host);
  chmodSync(host, 0o755);
  artefacts.push(host);

  await buildSea();
  const sea = join(out, seaFileName());
  copyFileSync(SEA_PATH, sea);
  chmodSync(sea, 0o755);
  artefacts.push(sea);

  // Windows: a fresh weborca-cert.exe (built here on Linux under Wine), the MSI around it, and both files zipped.
  const msi = join(out, msiFileName(version));
  copyFileSync(await buildMsi({ buildExe: true, log: (line) => console.log(line) }), msi);
  artefacts.push(msi);
  const windowsZip = join(out, `weborca-cert-${version}-win-x64.zip`);
  const zip = new JSZip();
  for (const file of [WINDOWS_SEA_PATH, WINDOWS_KOFFI_PATH])
    zip.file(file.split(sep).pop()!, readFileSync(file), { date: FIXED_ZIP_DATE, createFolders: false });
  writeFileSync(windowsZip, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' }));
  artefacts.push(windowsZip);

  const sums = artefacts.map((path) => `${sha256(path)}  ${relative(out, path)}`).join('\n');
  writeFileSync(join(out, 'SHA256SUMS'), `${sums}\n`);
  console.log('\npackages:');
  for (const path of artefacts) console.log(`  ${relative(root, path)}  ${(statSync(path).size / 1024).toFixed(0)} KiB`);
  console.log(`  ${relative(root, join(out, 'SHA256SUMS'))}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
