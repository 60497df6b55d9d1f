/**
 * Watching the DOM of a single-page app without hurting it: one MutationObserver per watch, a throttled callback
 * (at once for the first change after a quiet spell, then at most one run per interval during a burst, and always
 * one run after the last change), everything released on abort.
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
/** A change this long after we started watching again starts a new burst (a page in a burst changes every few ms). */
const QUIET_MS = 50;

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

/**
 * One observer, one throttled runner; returns the function that releases both. Between a change and the run it
 * causes the observer is disconnected: the run reads the whole current state anyway, so a busy page pays for the
 * records of one task per run instead of every change it makes, and our own DOM changes are never reported back.
 * The run itself waits for the page to be idle (at most one interval), so it does not come between a busy page's
 * tasks.
 */
function observeChanges(root: Node, run: () => void, opts: WatchOptions): () => void {
  const interval = opts.throttleMs ?? DEFAULT_THROTTLE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  let pending = false;
  let lastRun = Date.now();
  /** When we last started watching: a change soon after it is part of the same burst. */
  let watchingSince = Date.now();
  let stopped = false;

  const watch = (): void => {
    watchingSince = Date.now();
    observer.observe(root, OBSERVE);
  };
  const fire = (): void => {
    timer = idle = undefined;
    pending = false;
    if (stopped) return;
    lastRun = Date.now();
    try {
      run();
    } finally {
      // Even after a failing run: one bad moment must not end the watching for the page's lifetime.
      if (!stopped) watch();
    }
  };
  const whenIdle = (): void => {
    timer = undefined;
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(fire, { timeout: interval });
    else fire();
  };
  const observer = new MutationObserver(() => {
    if (pending || stopped) return;
    pending = true;
    observer.disconnect();
    const now = Date.now();
    // The first change after a quiet spell is news (a late bar, a new screen): look at once. A burst of changes is
    // looked at once per interval, and always once more after it ends.
    const afterQuiet = now - watchingSince >= QUIET_MS;
    timer = setTimeout(whenIdle, afterQuiet ? 0 : Math.max(0, lastRun + interval - now));
  });
  watch();

  return () => {
    stopped = true;
    observer.disconnect();
    clearTimeout(timer);
    if (idle !== undefined && typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
    timer = idle = undefined;
  };
}
