/**
 * Watching the DOM of a single-page app without hurting it: one MutationObserver per watch, a throttled callback
 * (at most one run per interval, and always one run after the last mutation), everything released on abort.
 */

export interface WatchOptions {
  signal: AbortSignal;
  /** Minimum time between two runs of the probe/callback. */
  throttleMs?: number;
}

export interface WatchForOptions extends WatchOptions {
  /** Give up (resolve null) after this long. */
  timeoutMs?: number;
}

const DEFAULT_THROTTLE_MS = 100;

/**
 * What may change whether something is shown: nodes, text, and the attributes that hide elements. Other attributes
 * (values, titles, data-*) change often in WebORCA's widgets and never show or hide anything.
 */
const OBSERVE: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['style', 'class', 'hidden', 'aria-hidden'],
};

/**
 * Runs `probe` at once and then after DOM changes (throttled) until it returns non-null; resolves with that value,
 * or with null on abort or timeout. A probe that throws rejects the promise. Nothing is left behind either way.
 */
export function watchFor<T>(root: Node, probe: () => T | null, opts: WatchForOptions): Promise<T | null> {
  return new Promise<T | null>((resolve, reject) => {
    if (opts.signal.aborted) return resolve(null);
    const first = probe();
    if (first != null) return resolve(first);

    let timeout: ReturnType<typeof setTimeout> | undefined;
    const stop = observeChanges(
      root,
      () => {
        let result: T | null;
        try {
          result = probe();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (result != null) {
          finish();
          resolve(result);
        }
      },
      opts,
    );
    const onAbort = (): void => {
      finish();
      resolve(null);
    };
    function finish(): void {
      stop();
      clearTimeout(timeout);
      opts.signal.removeEventListener('abort', onAbort);
    }
    opts.signal.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs !== undefined) timeout = setTimeout(onAbort, opts.timeoutMs);
  });
}

/**
 * Runs `callback` at once and again after DOM changes (throttled) until `signal` aborts: for states that come and
 * go, like the bar leaving and returning as screens change. DOM changes the callback makes itself are not reported
 * back to it, so a callback that inserts its own button does not wake itself up.
 */
export function observeWhile(root: Node, callback: () => void, opts: WatchOptions): void {
  if (opts.signal.aborted) return;
  callback();
  // The first run may already have decided to stop (e.g. the page is not WebORCA): then no observer at all.
  if (opts.signal.aborted) return;
  const stop = observeChanges(root, callback, opts);
  opts.signal.addEventListener('abort', stop, { once: true });
}

/** One observer, one throttled runner; returns the function that releases both. */
function observeChanges(root: Node, run: () => void, opts: WatchOptions): () => void {
  const interval = opts.throttleMs ?? DEFAULT_THROTTLE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastRun = Date.now();
  let stopped = false;

  const fire = (): void => {
    timer = undefined;
    if (stopped) return;
    lastRun = Date.now();
    run();
    // Drop the records of the callback's own DOM changes (they are queued synchronously, delivered later).
    if (!stopped) observer.takeRecords();
  };
  const observer = new MutationObserver(() => {
    // A pending run will see this change too: that is the trailing call. Otherwise run once the interval is over.
    if (timer !== undefined || stopped) return;
    timer = setTimeout(fire, Math.max(0, lastRun + interval - Date.now()));
  });
  observer.observe(root, OBSERVE);

  return () => {
    stopped = true;
    observer.disconnect();
    clearTimeout(timer);
    timer = undefined;
  };
}
