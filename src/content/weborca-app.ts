/**
 * The WebORCA side, wired: one throttled DOM observer that (1) reports which screen shows, (2) finds the expiry bar
 * and tells the background when it appears, changes or goes, (3) keeps our inline button beside its `更新`; and the
 * view port that feeds the button while it exists. Everything stops when `signal` aborts.
 *
 * Takes its browser parts as arguments (send, port, i18n) so tests run it over saved pages with fakes.
 */
import { detectExpiryBar, visibleScreen } from '../lib/detection';
import type { WebOrcaTexts } from '../lib/site-texts';
import { observeWhile } from '../lib/dom-watch';
import type { WebOrcaToBackground } from '../lib/messages';
import { createInlineWidget, type InlineWidget } from './inline-widget';
import { placeWidget } from './placement';
import type { Translate } from '../lib/renewal-text';
import { connectViews, type ViewConnection, type ViewPortLike } from '../lib/view-port';

export interface WebOrcaAppDeps {
  doc: Document;
  signal: AbortSignal;
  /** Never rejects: resolves with the reply, or null when there is none (worker starting, extension reloaded). */
  send(message: WebOrcaToBackground): Promise<unknown>;
  connect(): ViewPortLike;
  t: Translate;
  locale: string;
  /** The extension's context is gone (reloaded/removed): the caller aborts `signal`. */
  onDead(): void;
  /** The bar's texts to look for: the built-in ones plus what an administrator added (site-texts.ts). */
  texts?: WebOrcaTexts;
  throttleMs?: number;
}

/** At most ~4 observer runs per second while the page changes; none while it is still. */
const THROTTLE_MS = 250;
const PAGE_SEEN_INTERVAL_MS = 300;

export function startWebOrcaApp(deps: WebOrcaAppDeps): void {
  const { doc, signal, send } = deps;
  let widget: InlineWidget | null = null;
  let views: ViewConnection | null = null;
  /** What the bar last said (a key), while it is on screen; null while it is not. */
  let shown: string | null = null;
  let lastTitle: string | null = null;
  let pageSeenTimer: ReturnType<typeof setTimeout> | undefined;
  let pageSeenAt = 0;

  function reportPage(): void {
    pageSeenTimer = undefined;
    pageSeenAt = Date.now();
    void send({ type: 'content:pageSeen', screen: visibleScreen(doc), title: doc.title.slice(0, 200) });
  }

  function tick(): void {
    // The SPA retitles the document on every screen change: the title is the cheap signal to look at the screen.
    if (doc.title !== lastTitle) {
      lastTitle = doc.title;
      // At most one report per interval, the last screen always: a page flipping through screens does not wake
      // the service worker for each of them.
      clearTimeout(pageSeenTimer);
      const wait = pageSeenAt + PAGE_SEEN_INTERVAL_MS - Date.now();
      if (wait <= 0) reportPage();
      else pageSeenTimer = setTimeout(reportPage, wait);
    }
    const found = detectExpiryBar(doc, deps.texts ? { texts: deps.texts } : {});
    if (found) {
      const { daysLeft, expiresOn, orcamoUrl } = found;
      const key = `${daysLeft}|${expiresOn}|${orcamoUrl}|${found.screen}`;
      // Once per appearance, and again only if what it says changed.
      if (key !== shown) {
        // The screen report first: the background reads the bar against the screen it was seen on.
        if (pageSeenTimer !== undefined) {
          clearTimeout(pageSeenTimer);
          pageSeenTimer = undefined;
          reportPage();
        }
        void send({ type: 'content:barDetected', daysLeft, expiresOn, orcamoUrl, screen: found.screen });
      }
      shown = key;
      if (!widget) {
        const made = createInlineWidget(doc, deps);
        widget = made;
        views = connectViews(deps.connect, made.render, deps.onDead);
      }
      widget.setDaysLeft(daysLeft);
      placeWidget(widget.host, found);
    } else if (shown !== null) {
      shown = null;
      void send({ type: 'content:barGone' });
      drop();
    }
  }

  function drop(): void {
    views?.close();
    widget?.destroy();
    views = widget = null;
  }

  signal.addEventListener('abort', () => {
    clearTimeout(pageSeenTimer);
    drop();
  });
  // <html>, not <body>: the title lives in <head>.
  observeWhile(doc.documentElement, tick, { signal, throttleMs: deps.throttleMs ?? THROTTLE_MS });
}
