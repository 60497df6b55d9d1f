/**
 * The bench's busy WebORCA page (`GET https://weborca.localhost:PORT/__sim/busy`): client.html's markup (screens
 * `#M00` `#M01` `#U02`…, dotted widget ids, the news trap) driven not by the SPA but by a fixed, deterministic
 * workload, so `npm run bench` can time what our content script costs a page that keeps changing, and how soon our
 * button follows the blue bar. Nothing else in the simulator uses it.
 *
 * In the page:
 *   await window.__simBusy.run({ chunks, mutationsPerChunk, swapEvery, barDelayMs, waitForWidgetMs })
 * does, in order:
 *   1. the work: `chunks` tasks back to back (MessageChannel, no timer clamping), each making `mutationsPerChunk`
 *      DOM changes of the kinds a busy reception screen makes (cells retyped, rows added and dropped, menu
 *      highlights and row colours toggled, status texts) and reading layout once, as a SPA measuring its widgets
 *      does; every `swapEvery` tasks a screen swap (M00 → M01 → U02 → M01 → …, title and all). The same sequence
 *      every run (a seeded generator). `workMs` = performance.now() from the first task's start to the last one's
 *      end: the page's own work as its user waits for it, including whatever runs between its tasks.
 *   2. back on M00, after `barDelayMs` of quiet (the real SPA draws the bar late), the blue bar, drawn by the very
 *      code client.html uses (RENDER_NOTICE_JS). The page first starts a MutationObserver for our inline element
 *      (`weborca-cert-companion`: the content script lives in an isolated world, but the DOM is shared), then
 *      records `barInsertedAt`, and `barRenderedAt` in the first task after the next animation frame (the frame that
 *      first shows the bar has been produced by then), and `widgetAt` when our element appears (null if it does not
 *      within `waitForWidgetMs`; 0 = do not wait).
 * The result is also kept in `window.__simWork`.
 */
import { DEFAULT_USER, HOSPITAL_NAME, RENDER_NOTICE_JS, weborcaPageHtml } from './weborca-pages';

/** What `window.__simBusy.run()` resolves with (times are performance.now() values, ms). */
export interface BusyRunResult {
  workMs: number;
  /** Sum of the time spent inside the page's own tasks (its script and the layouts it forced). */
  taskMs: number;
  mutations: number;
  swaps: number;
  chunks: number;
  barInsertedAt: number;
  barRenderedAt: number;
  widgetAt: number | null;
}

export interface BusyRunOptions {
  chunks?: number;
  mutationsPerChunk?: number;
  swapEvery?: number;
  barDelayMs?: number;
  waitForWidgetMs?: number;
}

export const BUSY_DEFAULTS: Required<BusyRunOptions> = {
  chunks: 200,
  mutationsPerChunk: 25,
  swapEvery: 10,
  barDelayMs: 300,
  waitForWidgetMs: 3000,
};

/** The days left the busy page's bar shows (inside the 90-day window, whatever certificate was presented). */
export const BUSY_BAR_DAYS_LEFT = 60;

const WIDGET_TAG = 'weborca-cert-companion';

function busyScript(renewalUrl: string): string {
  // Plain JS text, like the SPA's (see weborca-pages.ts for why not a stringified function).
  return `
(function () {
  'use strict';
  var HOSPITAL = ${JSON.stringify(HOSPITAL_NAME)};
  var USER = ${JSON.stringify(DEFAULT_USER)};
  var DEFAULTS = ${JSON.stringify(BUSY_DEFAULTS)};
  var CYCLE = ['M00', 'M01', 'U02', 'M01'];
  var NAMES = ['日医　太郎', '日医　花子', '医療　次郎', '受付　三郎', '請求　四郎', '会計　五子'];
  var DEPTS = ['内科', '外科', '小児科', '整形外科'];
  var current = null;

  function $(id) { return document.getElementById(id); }
  ${RENDER_NOTICE_JS}

  function show(code) {
    var screens = document.querySelectorAll('.screen');
    for (var i = 0; i < screens.length; i++) {
      screens[i].classList.add('hidden');
      screens[i].style.display = 'none';
    }
    var el = $(code);
    el.classList.remove('hidden');
    el.style.display = '';
    el.querySelector('.screen-who').textContent = HOSPITAL + ' [' + USER + ']';
    document.title = '(' + code + ')' + el.getAttribute('data-title') + ' - ' + HOSPITAL + ' [' + USER + ']';
    current = code;
  }

  // A fixed sequence: a linear congruential generator with a fixed seed.
  function generator(seed) {
    var s = seed >>> 0;
    return function (n) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s % n; };
  }

  function cell(tr, i) { return tr.children[i]; }

  function newRow(n, rnd) {
    var tr = document.createElement('tr');
    var values = [String(n), String(10000 + rnd(90000)), NAMES[rnd(NAMES.length)], DEPTS[rnd(DEPTS.length)], '0001 日医　一郎',
      String(8 + rnd(10)) + ':' + String(10 + rnd(50))];
    for (var i = 0; i < values.length; i++) {
      var td = document.createElement('td');
      td.textContent = values[i];
      tr.appendChild(td);
    }
    return tr;
  }

  /** One task's worth of changes; returns how many DOM changes it made. */
  function chunk(state, perChunk, rnd) {
    var made = 0;
    var tbody = state.tbody;
    for (var k = 0; k < perChunk; k++) {
      var r = rnd(100);
      var rows = tbody.children;
      if (r < 40 && rows.length) {
        cell(rows[rnd(rows.length)], 5).textContent = String(8 + rnd(10)) + ':' + String(10 + rnd(50));
      } else if (r < 65) {
        tbody.appendChild(newRow(++state.rowNumber, rnd));
        if (rows.length > 60) { tbody.removeChild(rows[0]); made++; }
      } else if (r < 80) {
        var items = $(current).querySelectorAll('.menu-item');
        if (items.length) items[rnd(items.length)].classList.toggle('active');
        else $(current + '.fixed1.STATUS').classList.toggle('active');
      } else if (r < 90) {
        $(current + '.fixed1.STATUS').textContent = '処理中… ' + state.rowNumber + '件';
      } else if (rows.length) {
        rows[rnd(rows.length)].style.backgroundColor = rnd(2) ? '#fff6d6' : '';
      }
      made++;
    }
    // A SPA measures its widgets now and then: the layout this forces is part of the page's own work.
    state.layout += document.body.offsetHeight;
    return made;
  }

  function nextTask() {
    var channel = new MessageChannel();
    return function (fn) { channel.port1.onmessage = fn; channel.port2.postMessage(null); };
  }

  function work(opts) {
    return new Promise(function (resolve) {
      var rnd = generator(20240605);
      var post = nextTask();
      var state = { tbody: $('U02').querySelector('tbody'), rowNumber: 2, layout: 0 };
      var result = { mutations: 0, swaps: 0, chunks: 0, taskMs: 0, workMs: 0 };
      var start = performance.now();
      var i = 0;
      function step() {
        var t0 = performance.now();
        if (i % opts.swapEvery === 0) {
          show(CYCLE[(i / opts.swapEvery + 1) % CYCLE.length]);
          result.swaps++;
        }
        result.mutations += chunk(state, opts.mutationsPerChunk, rnd);
        i++;
        if (i === opts.chunks) {
          if (current !== 'M00') { show('M00'); result.swaps++; }
          state.layout += document.body.offsetHeight;
        }
        var t1 = performance.now();
        result.taskMs += t1 - t0;
        if (i < opts.chunks) return post(step);
        result.chunks = i;
        result.workMs = t1 - start;
        resolve(result);
      }
      post(step);
    });
  }

  /** The bar at a known moment, and when our element follows it. */
  function bar(opts) {
    return new Promise(function (resolve) {
      var out = { barInsertedAt: 0, barRenderedAt: 0, widgetAt: null };
      var pending = 1;
      var observer = null;
      var timer = 0;
      function finish() { if (--pending === 0) { if (observer) observer.disconnect(); clearTimeout(timer); resolve(out); } }
      if (opts.waitForWidgetMs > 0) {
        pending++;
        observer = new MutationObserver(function (records) {
          for (var i = 0; i < records.length; i++) {
            var added = records[i].addedNodes;
            for (var j = 0; j < added.length; j++) {
              var node = added[j];
              if (node.nodeType === 1 && (node.localName === '${WIDGET_TAG}' || node.querySelector('${WIDGET_TAG}'))) {
                out.widgetAt = performance.now();
                observer.disconnect();
                return finish();
              }
            }
          }
        });
        observer.observe(document.documentElement, { childList: true, subtree: true });
      }
      out.barInsertedAt = performance.now();
      renderNotice({ url: ${JSON.stringify(renewalUrl)}, daysLeft: ${BUSY_BAR_DAYS_LEFT} });
      requestAnimationFrame(function () {
        nextTask()(function () { out.barRenderedAt = performance.now(); finish(); });
      });
      if (opts.waitForWidgetMs > 0) timer = setTimeout(function () { if (out.widgetAt === null) { observer.disconnect(); finish(); } }, opts.waitForWidgetMs);
    });
  }

  function run(options) {
    var opts = {};
    for (var key in DEFAULTS) opts[key] = options && options[key] !== undefined ? options[key] : DEFAULTS[key];
    if (window.__simWork) return Promise.reject(new Error('one run per page load: reload for the next'));
    window.__simWork = { running: true };
    return work(opts).then(function (w) {
      return new Promise(function (r) { setTimeout(r, opts.barDelayMs); }).then(function () { return bar(opts); }).then(function (b) {
        var result = {
          workMs: w.workMs, taskMs: w.taskMs, mutations: w.mutations, swaps: w.swaps, chunks: w.chunks,
          barInsertedAt: b.barInsertedAt, barRenderedAt: b.barRenderedAt, widgetAt: b.widgetAt
        };
        window.__simWork = result;
        return result;
      });
    });
  }

  show('M00');
  window.__simBusy = { ready: true, run: run };
})();
`;
}

/** The busy page; `renewalUrl` is where the bar's 更新 links to (the simulator's ORCAMO page). */
export function weborcaBusyHtml(renewalUrl: string): string {
  return weborcaPageHtml(busyScript(renewalUrl));
}
