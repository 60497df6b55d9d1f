/**
 * Our inline button on WebORCA's expiry bar: `ワンクリックで更新（残り45日）`, and under it a panel that shows the
 * renewal in place (the four steps, the one confirmation, the outcome, an error with its next step).
 *
 * Everything lives in a CLOSED shadow root on our own element, so WebORCA's styles and ours never meet, and the
 * page's scripts cannot reach our buttons: a script on the page (think XSS) must not start or confirm a renewal.
 * For the same reason only trusted events act — a real click or key press, never `element.click()` or a
 * dispatched event. Rendering only touches the shadow tree, never the host's attributes, so a redraw never wakes
 * the page's (or our own) DOM observers.
 *
 * Keyboard: real <button>s; Escape closes the panel and returns focus to the button; focus moves into the panel only
 * when it already was on our widget (we never take it from the page). Screen readers: progress is announced politely
 * through a status region, errors through role="alert"; step states are marks and aria-current, not colour alone.
 *
 * Written compactly on purpose: the whole content script must stay under 15 KB.
 */
import type { WebOrcaToBackground } from '../lib/messages';
import { isBusy, type RenewalPhase, type RenewalView } from '../lib/renewal-view';
import { append, h, type Attrs, type Child } from './dom';
import { INLINE_CSS } from './inline-style';
import {
  certificateRows,
  formatDate,
  messageKey,
  nextSteps,
  phaseSentence,
  startLabel,
  STEP_IDS,
  stepLabel,
  warnings,
  type Translate,
} from '../lib/renewal-text';

/** The tag of our host element: a valid custom-element name, so it may carry a shadow root without being defined. */
export const WIDGET_TAG = 'weborca-cert-companion';

export interface WidgetDeps {
  t: Translate;
  /** The UI language (chrome.i18n.getUILanguage()), for dates. */
  locale: string;
  /** Never rejects: the reply, or null when there is none. */
  send(message: WebOrcaToBackground): Promise<unknown>;
  /** Whether an event came from the user (the browser's `isTrusted`); unit tests in jsdom, where none is, say so. */
  trusted?(event: Event): boolean;
}

export interface InlineWidget {
  /** Our element in the page. */
  readonly host: HTMLElement;
  /** Its closed shadow root, which holds the UI: ours only (the page's scripts never get it). */
  readonly root: ShadowRoot;
  /** What the bar says; shown on the button until a renewal starts. */
  setDaysLeft(daysLeft: number | null): void;
  /** The background's latest view. */
  render(view: RenewalView): void;
  destroy(): void;
}

/**
 * The button in the phases that are neither "start" nor "running": tone class and mark; the label is the message
 * `inline` + phase (inlineConfirming, inlineDone, inlineGuided, inlineFailed).
 */
const BUTTON: Partial<Record<RenewalPhase, [string, string]>> = {
  confirming: ['', '?'],
  done: ['ok', '✓'],
  guided: ['warn', '!'],
  failed: ['err', '!'],
};

/** Marks of the step states (the colours repeat them for those who see them). */
const MARK: Record<string, string> = { done: '✓ ', failed: '✕ ' };

const isStart = (phase: RenewalPhase): boolean => phase === 'idle' || phase === 'detected';

export function createInlineWidget(doc: Document, deps: WidgetDeps): InlineWidget {
  const { t } = deps;
  const mk = (tag: string, attrs: Attrs | null, ...children: Child[]): HTMLElement => h(doc, tag, attrs, ...children);
  /** Buttons say what they do in `data-k`; one click listener dispatches (b: main, x: close, r: retry, c/i: cancel/import). */
  const btn = (k: string, attrs: Attrs | null, ...children: Child[]): HTMLElement => mk('button', { type: 'button', 'data-k': k, ...attrs }, ...children);
  const host = doc.createElement(WIDGET_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  const trusted = deps.trusted ?? ((event: Event) => event.isTrusted);
  const icon = mk('i', { 'aria-hidden': 'true' });
  const label = mk('span', null);
  // aria-expanded and hidden are set by the first update().
  const button = btn('b', null, icon, label);
  const panel = mk('div', { id: 'p', role: 'group', tabindex: '-1', 'aria-label': t('inlineRegionLabel') });
  // A polite live region (what role=status would be), kept for the widget's life so screen readers follow it.
  const status = mk('span', { class: 'sr', 'aria-live': 'polite' });
  root.append(mk('style', null, INLINE_CSS), button, panel, status);

  let view: RenewalView | null = null;
  let daysLeft: number | null = null;
  let open = false;
  /** A start we sent that nothing has answered yet: shown as running at once, so a click always shows something. */
  let starting = false;
  /** A confirm/cancel in flight: a second press is ignored until the next view. */
  let acting = false;
  let localError: string | null = null;
  let lastPhase = '';
  /** A view was drawn before: later phase changes happen in front of the user. */
  let live = false;

  root.addEventListener('click', (event) => {
    if (!trusted(event)) return;
    const k = (event.target as Element).closest('button')?.dataset.k;
    const runId = view?.runId;
    // Running or finished, the main button shows and hides the details: a second click never starts a second run.
    if (k === 'r' || (k === 'b' && isStart(shownPhase()))) start();
    else if (k === 'b') setOpen(!open);
    else if (k === 'x') close();
    else if ((k === 'c' || k === 'i') && !acting && runId) {
      acting = true;
      update();
      void ask({ type: k === 'i' ? 'content:confirm' : 'content:cancel', runId });
    }
  });
  root.addEventListener('keydown', (event) => trusted(event) && (event as KeyboardEvent).key === 'Escape' && close());
  // WebORCA may act on keys and clicks at document level (function keys, Enter on a screen): what happens in our
  // widget stays in our widget.
  for (const type of ['click', 'keydown', 'keyup']) host.addEventListener(type, (event) => event.stopPropagation());

  function close(): void {
    setOpen(false);
    button.focus();
  }

  function start(): void {
    localError = null;
    starting = open = true;
    update();
    void ask({ type: 'content:start' });
  }

  /**
   * Sends, then applies the reply's view (the background answers actions with `ActionReply`). No timer is needed
   * against a stuck spinner: the send resolves with null when the worker dies before answering.
   */
  async function ask(message: WebOrcaToBackground): Promise<void> {
    const reply = (await deps.send(message)) as { ok?: boolean; view?: RenewalView; error?: { message: string } } | null;
    // The reply is authoritative about a start: still idle means it did not happen, so stop showing it running.
    if (reply?.view) {
      starting = false;
      return render(reply.view);
    }
    if (reply?.ok) return;
    starting = acting = false;
    localError = reply?.error?.message ?? t('inlineNoAnswer');
    update();
  }

  function shownPhase(): RenewalPhase {
    // Until the background takes up a start (any view but idle/detected clears `starting`), show it running.
    return localError ? 'failed' : starting ? 'fetching' : (view?.phase ?? 'idle');
  }

  function setOpen(next: boolean): void {
    open = next;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    // The panel opens rightwards from the button; near the window's right edge, leftwards.
    panel.className = open && panel.getBoundingClientRect().right > innerWidth - 8 ? 'e' : '';
  }

  function render(next: RenewalView): void {
    if (next.updatedAt !== view?.updatedAt) acting = false;
    view = next;
    if (!isStart(next.phase)) {
      starting = false;
      localError = null;
    }
    update();
    live = true;
  }

  function update(): void {
    const phase = shownPhase();
    const focused = root.activeElement;
    panel.replaceChildren();
    const entering = phase !== lastPhase;

    const outcome = BUTTON[phase];
    const [tone, mark] = outcome ?? ['', '↻'];
    const busy = isBusy(phase);
    label.textContent = outcome ? t(messageKey('inline', phase)) : busy ? t('inlineBusy') : startLabel(daysLeft ?? view?.detected?.daysLeft, t);
    icon.className = busy ? 's' : '';
    icon.textContent = busy ? '' : mark;
    button.className = `b ${tone}`;
    append(panel, ...content(phase));

    if (entering) {
      // A question always opens the panel; an outcome opens it when it happens in front of the user (not when the
      // page merely loads onto a finished run: the button says it, the details are a click away).
      if (isStart(phase)) open = false;
      else if (phase === 'confirming' || (live && !busy)) open = true;
      // Announced: the running step's sentence, else what the button now says (確認してください, 更新しました…).
      status.textContent = phaseSentence(phase, t) ?? label.textContent;
    }
    lastPhase = phase;
    setOpen(open);

    // The panel was rebuilt under the focus, or a question appeared while the user was on our button: focus goes to
    // the panel itself (never to 取り込む: the question is read first, and a second Enter cannot import by accident).
    if (focused && (focused !== button || (entering && phase === 'confirming'))) (open ? panel : button).focus();
  }

  function content(phase: RenewalPhase): Child[] {
    if (isStart(phase)) return [];
    const out: Child[] = [btn('x', { class: 'x', 'aria-label': t('close') }, '×')];
    const replacement = view?.replacement;
    const error = view?.error;
    const stepper = mk(
      'ol',
      { class: 'st' },
      ...STEP_IDS.map((id, index) => {
        // A start not yet taken up shows a fresh run: its first step running.
        const state = starting ? (index ? 'pending' : 'active') : (view?.steps[id] ?? 'pending');
        return mk('li', { class: state, 'aria-current': state === 'active' && 'step' }, (MARK[state] ?? '') + stepLabel(id, t));
      }),
    );
    if (phase === 'failed') {
      out.push(
        mk('h2', { class: 'err' }, label.textContent), // 更新できませんでした, as the button (set just before),
        // Where it stopped; not for a local error, which the view's steps know nothing about.
        !localError && stepper,
        // Plain words only: a tool's raw output (詳細) and approving a new ORCAMO address are in the popup, our own page.
        mk('p', { role: 'alert' }, localError ?? error?.message),
        (localError || error?.retryable) && mk('p', { class: 'a' }, btn('r', { class: 'pr' }, t('retry'))),
      );
    } else if (phase === 'done') {
      out.push(
        mk('h2', { class: 'ok' }, `✓ ${t('doneHeading')}`),
        replacement && mk('p', null, t('doneExpiry', formatDate(replacement.notAfter, deps.locale))),
        view?.verified === false && mk('p', { class: 'w' }, t('doneUnverified')),
        mk('b', null, t('doneNextHeading')),
        mk('ol', null, ...nextSteps(view!, t).map((text) => mk('li', null, text))),
      );
    } else if (phase === 'guided') {
      out.push(mk('h2', null, t('guidedHeading')), view?.savedFile && mk('p', null, t('guidedSavedAt'), ' ', view.savedFile), mk('p', null, t('guidedInline')));
    } else {
      out.push(stepper);
      if (phase !== 'confirming') out.push(mk('p', null, phaseSentence(phase, t)));
      else if (replacement)
        out.push(
          mk('b', null, t('confirmHeading')),
          mk('dl', null, ...certificateRows(replacement, t, deps.locale).flatMap(([name, value]) => [mk('dt', null, name), mk('dd', null, value)])),
          ...warnings(replacement.checks).map((text) => mk('p', { class: 'w' }, text)),
          // Not `disabled` while acting: a disabled button drops the keyboard focus. A second press is ignored instead.
          mk(
            'p',
            { class: 'a' },
            btn('c', { 'aria-disabled': String(acting) }, t('confirmCancel')),
            btn('i', { class: 'pr', 'aria-disabled': String(acting) }, t('confirmImport')),
          ),
        );
    }
    return out;
  }

  update();

  return {
    host,
    root,
    setDaysLeft(next) {
      if (next === daysLeft) return;
      daysLeft = next;
      update();
    },
    render,
    destroy: () => host.remove(),
  };
}
