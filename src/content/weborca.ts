/**
 * Content script on WebORCA: reports the screen, finds the certificate-expiry bar, and puts our one-click renewal
 * button beside its `更新` (see weborca-app.ts). On any other page of a matched origin (ORCAMO in the simulator,
 * a JSON endpoint) it stops watching once it is clear that no WebORCA screen is coming.
 *
 * chrome.* (promise-based in MV3) instead of webextension-polyfill and plain DOM instead of preact: this script runs
 * on every WebORCA page, and its whole bundle stays under 15 KB.
 */
import { isWebOrcaDocument } from '../lib/detection';
import { observeWhile } from '../lib/dom-watch';
import { VIEW_PORT, type WebOrcaToBackground } from '../lib/messages';
import { startWebOrcaApp } from './weborca-app';
import type { WebOrcaTexts } from '../lib/site-texts';

/** The SPA may build its login form or first screen after document_idle; past this, it is not WebORCA. */
const RECOGNISE_WITHIN_MS = 15_000;

const controller = new AbortController();
// Deferred: observeWhile registers its observer after the first (synchronous) run of its callback, and an abort
// during that run would come before the observer it should stop.
const stop = (): void => queueMicrotask(() => controller.abort());

async function start(): Promise<void> {
  // The texts to look for, built-in ones and an administrator's additions, as the worker validated and merged them
  // (site-text-policy.ts); the built-in ones alone until it has.
  const { siteTexts } = (await chrome.storage.local.get('siteTexts').catch(() => ({}))) as { siteTexts?: WebOrcaTexts };
  startWebOrcaApp({
    ...(siteTexts ? { texts: siteTexts } : {}),
    doc: document,
    signal: controller.signal,
    // After the extension is reloaded or removed this script lives on in the page with no extension behind it: the
    // runtime calls throw then, and we stop.
    async send(message: WebOrcaToBackground) {
      try {
        return await chrome.runtime.sendMessage(message);
      } catch {
        if (!chrome.runtime?.id) stop();
        return null;
      }
    },
    connect: () => chrome.runtime.connect({ name: VIEW_PORT }),
    // The key itself when a message is missing: visible in review instead of an empty button.
    t: (key, substitutions) => chrome.i18n.getMessage(key, substitutions) || key,
    locale: chrome.i18n.getUILanguage(),
    onDead: stop,
  });
}

if (isWebOrcaDocument(document)) {
  void start();
} else {
  // One observer at a time: this one waits for WebORCA to build itself and gives way to the app's own once it is
  // recognised, or to nothing after RECOGNISE_WITHIN_MS.
  const recognising = new AbortController();
  setTimeout(() => recognising.abort(), RECOGNISE_WITHIN_MS);
  observeWhile(
    document.documentElement,
    () => {
      if (!isWebOrcaDocument(document)) return;
      recognising.abort();
      void start();
    },
    { signal: recognising.signal, throttleMs: 500 },
  );
}
