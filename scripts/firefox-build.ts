/**
 * The Firefox build of the extension, derived from a Chrome build folder (dist/extension or dist/extension-test):
 * the same files, with the manifest changed only where Firefox differs.
 *
 *  - background: Firefox MV3 runs an event page (`background.scripts`), not a service worker. The loader crxjs writes
 *    is an ES module (`import './assets/…'`), so the page keeps `type: "module"`.
 *  - browser_specific_settings.gecko: the add-on id (the host's config and the native-messaging manifest's
 *    `allowed_extensions` name it) and the oldest Firefox with everything the extension uses.
 *  - dropped: `key` and `minimum_chrome_version` (Chrome-only), the `offscreen` permission (Firefox has no offscreen
 *    documents: the event page has a DOM and copies to the clipboard itself, src/background/clipboard.ts).
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIREFOX_ADDON_ID } from '../native-host/src/build-info';

/**
 * 140 is the oldest Firefox ESR still supported, and the first Firefox with the data-collection consent key below.
 * Every other key and API we use is older (web-ext lint checks each manifest key against this version: with 128 it
 * flagged only the data-collection key): MV3 event pages with module scripts, storage.session, scripting, action.
 */
export const FIREFOX_MIN_VERSION = '140.0';

/** Permissions Firefox does not know (it would warn on install, and web-ext lint reports them). */
const CHROME_ONLY_PERMISSIONS = new Set(['offscreen']);
/** Top-level keys only Chrome reads. */
const CHROME_ONLY_KEYS = ['key', 'minimum_chrome_version'];

export type Manifest = Record<string, unknown> & {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  permissions?: string[];
};

export function firefoxManifest(chrome: Manifest): Manifest {
  const manifest: Manifest = structuredClone(chrome);
  for (const key of CHROME_ONLY_KEYS) delete manifest[key];

  const worker = chrome.background?.service_worker;
  if (!worker) throw new Error('the Chrome manifest has no background.service_worker');
  manifest.background = { scripts: [worker], ...(chrome.background?.type ? { type: chrome.background.type } : {}) };

  if (manifest.permissions) manifest.permissions = manifest.permissions.filter((permission) => !CHROME_ONLY_PERMISSIONS.has(permission));

  manifest.browser_specific_settings = {
    gecko: {
      id: FIREFOX_ADDON_ID,
      strict_min_version: FIREFOX_MIN_VERSION,
      // Firefox's built-in data-collection consent (required for new add-ons): this one sends nothing anywhere.
      data_collection_permissions: { required: ['none'] },
    },
  };
  return manifest;
}

/** Copies a Chrome build folder to `to` (replacing it) and writes the Firefox manifest there. */
export function writeFirefoxBuild(from: string, to: string): Manifest {
  const source = join(from, 'manifest.json');
  if (!existsSync(source)) throw new Error(`${source} is missing: build the extension first`);
  const manifest = firefoxManifest(JSON.parse(readFileSync(source, 'utf8')) as Manifest);
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  writeFileSync(join(to, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
