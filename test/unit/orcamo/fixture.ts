/** Loads a saved ORCAMO page from test/fixtures/orcamo-html/ into the test's jsdom document (live styles, observers). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A path, not a URL object: under jsdom the global URL is jsdom's, which node:fs does not accept.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/orcamo-html');

/** The page URL every ORCAMO test runs at (set by each test file's environment options). */
export const PAGE_URL = 'https://orcamo.localhost/cloud/certificate';

export function fixtureHtml(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function loadHtml(html: string): Document {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  // Replacing the root keeps the test window (getComputedStyle, MutationObserver) and takes the fixture's head too.
  document.replaceChild(document.importNode(parsed.documentElement, true), document.documentElement);
  return document;
}

export function loadFixture(name: string): Document {
  return loadHtml(fixtureHtml(name));
}

export function $(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`no ${selector} in the fixture`);
  return el;
}
