/**
 * The content script's subscription to the background's renewal view, over a port named VIEW_PORT.
 *
 * The port breaks whenever the service worker stops (it does after 30 s idle) and when the extension is reloaded.
 * While someone needs views (the inline button exists) we reconnect — which wakes the worker, and it answers at once
 * with the current view. A port that closes before it delivered anything is refused, not broken: no retry loop.
 * When connecting throws, the extension's context is gone: the caller takes its button off the page.
 */
import type { ViewUpdate } from './messages';
import type { RenewalView } from './renewal-view';

/** The slice of chrome.runtime.Port we use: easy to fake in tests. */
export interface ViewPortLike {
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

export interface ViewConnection {
  close(): void;
}

export const RECONNECT_MS = 1_000;

/** Connects and stays connected until `close()`; `onDead` runs once when connecting throws. */
export function connectViews(open: () => ViewPortLike, onView: (view: RenewalView) => void, onDead: () => void): ViewConnection {
  let port: ViewPortLike | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    let delivered = false;
    try {
      port = open();
    } catch {
      closed = true;
      return onDead();
    }
    port.onMessage.addListener((message) => {
      // Checked, though from our own background: versions can skew across an update. The renderer shows everything
      // as text and never interprets it, so the shape is all that matters.
      const update = message as Partial<ViewUpdate> | null;
      if (update?.type !== 'background:view' || !update.view?.steps) return;
      delivered = true;
      onView(update.view);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (!closed && delivered) timer = setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      port?.disconnect();
    },
  };
}
