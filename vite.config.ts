import { defineConfig, type UserConfig } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { contentScriptMatches, WEBORCA_MATCHES } from './src/lib/site';

/**
 * Two flavours of one extension:
 *  - production (`npm run build`): dist/extension/, content scripts on the real WebORCA/ORCAMO origins only;
 *  - test (`npm run build:test`): dist/extension-test/, the same plus the simulator's https://*.localhost/*.
 * Content-script match patterns come from src/lib/site.ts, the one home of site knowledge.
 */
export default defineConfig(({ mode }): UserConfig => {
  const flavour = mode === 'test' ? 'test' : 'production';
  const matches = contentScriptMatches(flavour);
  const manifest = {
    ...baseManifest,
    // The same sites as the content scripts (no new install warning): the worker may take the support picture of a
    // WebORCA or ORCAMO tab (chrome.scripting) and see which tabs those are; nothing else.
    host_permissions: [...new Set([...matches.weborca, ...matches.orcamo])],
    content_scripts: [
      { matches: matches.weborca, js: ['src/content/weborca.ts'], run_at: 'document_idle' },
      // ORCAMO pages: the script only answers the background's command; WebORCA's hosts are excluded.
      { matches: matches.orcamo, exclude_matches: WEBORCA_MATCHES, js: ['src/content/orcamo.ts'], run_at: 'document_idle' },
    ],
  } as ManifestV3Export;

  return {
    plugins: [
      preact(),
      crx({
        manifest,
        // Self-contained IIFE content scripts: no loader, no web-accessible resources for pages to probe.
        contentScripts: { standaloneFiles: ['src/content/weborca.ts', 'src/content/orcamo.ts'] },
      }),
    ],
    define: { __BUILD_FLAVOUR__: JSON.stringify(flavour) },
    build: {
      outDir: flavour === 'test' ? 'dist/extension-test' : 'dist/extension',
      emptyOutDir: true,
      target: 'chrome116',
      sourcemap: false,
      minify: true,
      // The service worker carries the PKCS#12 reader (pkijs, ~500 KB): loaded once per worker start, never by pages.
      chunkSizeWarningLimit: 900,
      // Not referenced by the manifest: the page the worker opens to wipe the clipboard (guided mode), and the
      // welcome page it opens once after installation.
      rollupOptions: { input: { offscreen: 'offscreen.html', welcome: 'welcome.html' } },
    },
  };
});
