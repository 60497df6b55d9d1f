/**
 * Renders the toolbar icons (public/icons/icon-N.png) from one SVG with the system's Chromium.
 * Run once when the design changes: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 */
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../test/e2e/chromium-path';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect x="4" y="4" width="120" height="120" rx="26" fill="#1a4f9c"/>
  <path d="M64 20 L100 34 V62 C100 86 84 102 64 110 C44 102 28 86 28 62 V34 Z" fill="#fff"/>
  <path d="M46 64 L59 77 L84 50" fill="none" stroke="#1a4f9c" stroke-width="11" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

const out = fileURLToPath(new URL('../public/icons/', import.meta.url));
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--disable-gpu', '--no-sandbox'] });
const page = await browser.newPage();
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}</style><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}">`,
  );
  await page.screenshot({ path: `${out}icon-${size}.png`, omitBackground: true });
}
await browser.close();
console.log(`icons written to ${out}`);
