// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observeWhile, watchFor } from '../../../src/lib/dom-watch';

/** Counts live observers, to prove that each watch disconnects the one it made. */
function trackObservers(): { live: () => number; restore: () => void } {
  const Original = globalThis.MutationObserver;
  let live = 0;
  class Tracked extends Original {
    #connected = false;
    override observe(target: Node, options?: MutationObserverInit): void {
      if (!this.#connected) live++;
      this.#connected = true;
      super.observe(target, options);
    }
    override disconnect(): void {
      if (this.#connected) live--;
      this.#connected = false;
      super.disconnect();
    }
  }
  globalThis.MutationObserver = Tracked;
  return { live: () => live, restore: () => void (globalThis.MutationObserver = Original) };
}

describe('watchFor', () => {
  let observers: ReturnType<typeof trackObservers>;
  beforeEach(() => {
    vi.useFakeTimers();
    observers = trackObservers();
    document.body.innerHTML = '<div id="app"></div>';
  });
  afterEach(() => {
    observers.restore();
    vi.useRealTimers();
  });

  it('resolves at once, without observing, when the probe already finds it', async () => {
    const probe = vi.fn(() => 'here');
    await expect(watchFor(document.body, probe, { signal: new AbortController().signal })).resolves.toBe('here');
    expect(probe).toHaveBeenCalledTimes(1);
    expect(observers.live()).toBe(0);
  });

  it('throttles: a burst of mutations leads to few probe calls, the last one after the last mutation', async () => {
    const app = document.getElementById('app') as HTMLElement;
    let calls = 0;
    const seen: number[] = [];
    const probe = (): string | null => {
      calls++;
      seen.push(app.childElementCount);
      return app.querySelector('.done') ? 'done' : null;
    };
    const result = watchFor(document.body, probe, { signal: new AbortController().signal, throttleMs: 100 });
    for (let i = 0; i < 200; i++) {
      app.append(document.createElement('p'));
      await vi.advanceTimersByTimeAsync(5); // 200 mutations over 1 s
    }
    const callsDuringBurst = calls;
    expect(callsDuringBurst).toBeGreaterThanOrEqual(2);
    expect(callsDuringBurst).toBeLessThanOrEqual(12); // 1 at once + at most 1 per 100 ms
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.at(-1)).toBe(200); // the trailing call saw the last mutation
    app.lastElementChild?.classList.add('done'); // an attribute change is observed too
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('done');
    expect(observers.live()).toBe(0);
  });

  it('sees text changes (characterData) and the attributes that show and hide', async () => {
    document.body.innerHTML = '<div id="app"><span id="t">a</span><span id="s" hidden>x</span></div>';
    const text = document.getElementById('t')?.firstChild as Text;
    const shown = document.getElementById('s') as HTMLElement;
    const signal = new AbortController().signal;
    const texts = watchFor(document.body, () => (text.data === 'b' ? 'b' : null), { signal });
    text.data = 'b';
    await vi.advanceTimersByTimeAsync(150);
    await expect(texts).resolves.toBe('b');
    const visible = watchFor(document.body, () => (shown.hidden ? null : 'shown'), { signal });
    shown.hidden = false;
    await vi.advanceTimersByTimeAsync(150);
    await expect(visible).resolves.toBe('shown');
  });

  it('abort resolves null, disconnects, and no probe runs afterwards', async () => {
    const controller = new AbortController();
    const probe = vi.fn((): string | null => null);
    const result = watchFor(document.body, probe, { signal: controller.signal, throttleMs: 100 });
    document.body.append(document.createElement('p')); // a probe is now scheduled
    await Promise.resolve();
    controller.abort();
    await expect(result).resolves.toBeNull();
    expect(observers.live()).toBe(0);
    const callsAtAbort = probe.mock.calls.length;
    for (let i = 0; i < 10; i++) document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(probe.mock.calls.length).toBe(callsAtAbort);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already aborted signal resolves null without probing', async () => {
    const controller = new AbortController();
    controller.abort();
    const probe = vi.fn(() => 'x');
    await expect(watchFor(document.body, probe, { signal: controller.signal })).resolves.toBeNull();
    expect(probe).not.toHaveBeenCalled();
  });

  it('timeout resolves null and cleans up', async () => {
    const probe = vi.fn((): string | null => null);
    const result = watchFor(document.body, probe, { signal: new AbortController().signal, timeoutMs: 1000 });
    document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(999);
    expect(observers.live()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBeNull();
    expect(observers.live()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a success clears the timeout timer', async () => {
    const app = document.getElementById('app') as HTMLElement;
    const result = watchFor(document.body, () => (app.firstChild ? 'ok' : null), {
      signal: new AbortController().signal,
      timeoutMs: 60_000,
    });
    app.append('x');
    await vi.advanceTimersByTimeAsync(100);
    await expect(result).resolves.toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a probe that throws rejects and cleans up', async () => {
    let armed = false;
    const result = watchFor(
      document.body,
      () => {
        if (armed) throw new Error('boom');
        return null;
      },
      { signal: new AbortController().signal },
    );
    armed = true;
    document.body.append(document.createElement('p'));
    const settled = expect(result).rejects.toThrow('boom');
    await vi.advanceTimersByTimeAsync(100);
    await settled;
    expect(observers.live()).toBe(0);
  });
});

describe('observeWhile', () => {
  let observers: ReturnType<typeof trackObservers>;
  beforeEach(() => {
    vi.useFakeTimers();
    observers = trackObservers();
    document.body.innerHTML = '<div id="app"></div>';
  });
  afterEach(() => {
    observers.restore();
    vi.useRealTimers();
  });

  it('a first run that aborts leaves no observer behind', async () => {
    const controller = new AbortController();
    const callback = vi.fn(() => controller.abort());
    observeWhile(document.body, callback, { signal: controller.signal, throttleMs: 100 });
    document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(500);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(observers.live()).toBe(0);
  });

  it('runs at once, then throttled on every change, until aborted', async () => {
    const controller = new AbortController();
    const callback = vi.fn();
    observeWhile(document.body, callback, { signal: controller.signal, throttleMs: 100 });
    expect(callback).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) {
      document.body.append(document.createElement('p'));
      await vi.advanceTimersByTimeAsync(10); // 50 mutations over 500 ms
    }
    await vi.advanceTimersByTimeAsync(100);
    const calls = callback.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(8);

    controller.abort();
    expect(observers.live()).toBe(0);
    document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(callback.mock.calls.length).toBe(calls);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not wake itself up with its own DOM changes', async () => {
    const controller = new AbortController();
    const app = document.getElementById('app') as HTMLElement;
    // A callback that is not idempotent: it always adds a node. Only page changes may trigger it.
    const callback = vi.fn(() => void app.append(document.createElement('i')));
    observeWhile(document.body, callback, { signal: controller.signal, throttleMs: 50 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(callback).toHaveBeenCalledTimes(1);
    document.body.append(document.createElement('p'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(callback).toHaveBeenCalledTimes(2);
    controller.abort();
  });

  it('does nothing on an already aborted signal', () => {
    const controller = new AbortController();
    controller.abort();
    const callback = vi.fn();
    observeWhile(document.body, callback, { signal: controller.signal });
    expect(callback).not.toHaveBeenCalled();
    expect(observers.live()).toBe(0);
  });
});
