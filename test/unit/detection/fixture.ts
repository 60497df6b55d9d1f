/** Loads a saved WebORCA page from test/fixtures/weborca-html/ into the test's jsdom document (live styles, observers). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL object: under jsdom the global URL is jsdom's, which node:fs does not accept.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/weborca-html');

export function loadFixture(name: string): Document {
  const html = readFileSync(join(FIXTURES, name), 'utf8');
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  // Replacing the root keeps the test window (getComputedStyle, MutationObserver) and takes the fixture's head too.
  document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
  return document;
}

export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id} in the fixture`);
  return el;
}
