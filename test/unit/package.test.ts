/**
 * Packaging (scripts/package.ts, scripts/firefox-build.ts): the Firefox manifest transform, the store manifest, the
 * zip layout, and the web-ext lint gate — run for real (addons-linter, offline) on a small extension made from the
 * project's own manifest.json, once untransformed (Chrome-only: must fail) and once transformed (must pass).
 */
import JSZip from 'jszip';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIREFOX_MIN_VERSION, firefoxManifest, writeFirefoxBuild, type Manifest } from '../../scripts/firefox-build';
import { lintFirefoxBuild, storeManifest, withFirefoxUpdateUrl, zipExtension } from '../../scripts/package';
import { FIREFOX_ADDON_ID } from '../../native-host/src/build-info';

const ROOT = join(import.meta.dirname, '..', '..');

/** manifest.json as the Chrome build writes it: crxjs's loader as service worker, content scripts filled in. */
function builtChromeManifest(): Manifest {
  const source = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Manifest;
  return {
    ...source,
    background: { service_worker: 'service-worker-loader.js', type: 'module' },
    content_scripts: [{ js: ['content.js'], matches: ['https://weborca.cloud.orcamo.jp/*'], run_at: 'document_idle' }],
  };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'weborca-package-test-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('firefoxManifest', () => {
  test('an event page instead of a service worker, the gecko id and minimum version, nothing Chrome-only', () => {
    const chrome = builtChromeManifest();
    const firefox = firefoxManifest(chrome);
    expect(firefox.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(firefox.browser_specific_settings).toEqual({
      gecko: { id: FIREFOX_ADDON_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
    });
    expect(firefox).not.toHaveProperty('key');
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(firefox.permissions).not.toContain('offscreen');
    // Everything else is the Chrome build's: the same features.
    expect(firefox.permissions).toEqual(chrome.permissions!.filter((permission) => permission !== 'offscreen'));
    for (const key of ['name', 'version', 'default_locale', 'action', 'options_ui', 'content_scripts', 'optional_host_permissions', 'icons']) {
      expect(firefox[key]).toEqual(chrome[key]);
    }
    expect(chrome).toHaveProperty('key'); // the input is not modified
  });

  test('refuses a manifest without a service worker (not a Chrome build)', () => {
    expect(() => firefoxManifest({ manifest_version: 3 })).toThrow(/service_worker/);
  });
});

describe('store manifest and update URL', () => {
  test('the store zip drops the development key and keeps the rest', () => {
    const chrome = builtChromeManifest();
    const store = storeManifest(chrome);
    expect(store).not.toHaveProperty('key');
    const { key: _key, ...rest } = chrome;
    expect(store).toEqual(rest);
  });

  test('WEBORCA_FIREFOX_UPDATE_URL: https only, added under gecko', () => {
    const firefox = firefoxManifest(builtChromeManifest());
    expect(withFirefoxUpdateUrl(firefox, undefined)).toBe(firefox);
    const updated = withFirefoxUpdateUrl(firefox, 'https://vendor.example.jp/weborca/updates.json') as {
      browser_specific_settings: { gecko: Record<string, unknown> };
    };
    expect(updated.browser_specific_settings.gecko.update_url).toBe('https://vendor.example.jp/weborca/updates.json');
    expect(() => withFirefoxUpdateUrl(firefox, 'http://vendor.example.jp/updates.json')).toThrow(/https/);
  });
});

describe('zip and lint of a real (small) extension', () => {
  let chromeDir: string;
  let firefoxDir: string;

  beforeAll(() => {
    chromeDir = join(work, 'chrome');
    firefoxDir = join(work, 'firefox');
    mkdirSync(join(chromeDir, 'icons'), { recursive: true });
    mkdirSync(join(chromeDir, '_locales', 'ja'), { recursive: true });
    mkdirSync(join(chromeDir, '_locales', 'en'), { recursive: true });
    const messages = Object.fromEntries(
      ['extensionName', 'extensionShortName', 'extensionDescription', 'actionTitle'].map((key) => [key, { message: `WebORCA ${key}` }]),
    );
    writeFileSync(join(chromeDir, '_locales', 'ja', 'messages.json'), JSON.stringify(messages));
    writeFileSync(join(chromeDir, '_locales', 'en', 'messages.json'), JSON.stringify(messages));
    for (const size of [16, 32, 48, 128])
      writeFileSync(join(chromeDir, 'icons', `icon-${size}.png`), readFileSync(join(ROOT, 'public', 'icons', `icon-${size}.png`)));
    writeFileSync(join(chromeDir, 'service-worker-loader.js'), "import './background';\n");
    writeFileSync(join(chromeDir, 'background.js'), 'chrome.runtime.onInstalled.addListener(() => {});\n');
    writeFileSync(join(chromeDir, 'content.js'), 'document.title;\n');
    for (const page of ['popup.html', 'options.html']) writeFileSync(join(chromeDir, page), '<!doctype html><meta charset="utf-8"><title>t</title>\n');
    writeFileSync(join(chromeDir, 'managed_schema.json'), JSON.stringify({ type: 'object', properties: {} }));
    writeFileSync(join(chromeDir, 'manifest.json'), JSON.stringify(builtChromeManifest()));
  });

  test('the Chrome build as it is fails web-ext lint (the gate can fail)', async () => {
    const result = await lintFirefoxBuild(chromeDir);
    expect(result.errors.map((m) => m.code)).toEqual(expect.arrayContaining(['BACKGROUND_SERVICE_WORKER_NOFALLBACK', 'ADDON_ID_REQUIRED']));
  });

  test('the Firefox build passes web-ext lint with 0 errors', async () => {
    writeFirefoxBuild(chromeDir, firefoxDir);
    const result = await lintFirefoxBuild(firefoxDir);
    expect(result.errors).toEqual([]);
  });

  test('zips have manifest.json at the root, the given manifest, and are byte-identical run to run', async () => {
    const manifest = storeManifest(builtChromeManifest());
    const first = join(work, 'a.zip');
    const second = join(work, 'b.zip');
    const files = await zipExtension(chromeDir, manifest, first);
    await zipExtension(chromeDir, manifest, second);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
    expect(Object.keys((await JSZip.loadAsync(readFileSync(first))).files).filter((name) => name.endsWith('/'))).toEqual([]); // no folder entries (they would carry today's date)
    const zip = await JSZip.loadAsync(readFileSync(first));
    expect(zip.file('manifest.json')).not.toBeNull();
    expect(JSON.parse(await zip.file('manifest.json')!.async('string'))).toEqual(manifest);
    expect(files).toContain('icons/icon-128.png');
    expect(zip.file('icons/icon-128.png')).not.toBeNull();
  });
});
