// @vitest-environment jsdom
/**
 * The inline button on WebORCA's bar, phase by phase, with the real Japanese (and English) texts: what it says, what
 * it sends, how it behaves under the keyboard.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInlineWidget, type InlineWidget } from '../../../src/content/inline-widget';
import type { WebOrcaToBackground } from '../../../src/lib/messages';
import type { RenewalView } from '../../../src/lib/renewal-view';
import { getMessageFrom, loadMessages, viewFor } from './fake-chrome';

const ja = getMessageFrom(loadMessages('ja'));
const en = getMessageFrom(loadMessages('en'));

interface Harness {
  widget: InlineWidget;
  root: ShadowRoot;
  sent: WebOrcaToBackground[];
  reply: { value: unknown };
  button(): HTMLButtonElement;
  panel(): HTMLElement;
  text(): string;
  buttonByText(text: string): HTMLButtonElement;
  status(): string;
}

/**
 * jsdom has no user: every event it makes is untrusted. The harness says its clicks stand for the user's, except
 * where a test checks exactly that (`{ realTrust: true }` keeps the browser's own `isTrusted` check).
 */
function mount(locale: 'ja' | 'en' = 'ja', options: { realTrust?: boolean } = {}): Harness {
  const sent: WebOrcaToBackground[] = [];
  const reply: { value: unknown } = { value: { ok: true } };
  const widget = createInlineWidget(document, {
    t: locale === 'ja' ? ja : en,
    locale,
    send: async (message) => {
      sent.push(message);
      return reply.value;
    },
    ...(options.realTrust ? {} : { trusted: () => true }),
  });
  document.body.append(widget.host);
  const root = widget.root;
  const h: Harness = {
    widget,
    root,
    sent,
    reply,
    button: () => root.querySelector<HTMLButtonElement>('button[data-k="b"]')!,
    panel: () => root.getElementById('p')!,
    text: () => root.getElementById('p')!.textContent ?? '',
    buttonByText: (text) => {
      const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text);
      if (!found) throw new Error(`no button "${text}"`);
      return found;
    },
    status: () => root.querySelector('[aria-live="polite"]')?.textContent ?? '',
  };
  return h;
}

/** Lets the widget's async send/reply settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('inline button: before a renewal', () => {
  it('says ワンクリックで更新 with the days left from the bar, in a closed shadow root on our own element', () => {
    const h = mount();
    h.widget.setDaysLeft(45);
    h.widget.render(viewFor('detected'));
    expect(h.widget.host.localName).toBe('weborca-cert-companion');
    expect(h.widget.root.mode).toBe('closed');
    // The page's scripts cannot reach into it.
    expect(h.widget.host.shadowRoot).toBeNull();
    expect(h.button().textContent).toContain('ワンクリックで更新（残り45日）');
    expect(h.button().type).toBe('button');
    expect(h.panel().hidden).toBe(true);
    expect(h.button().getAttribute('aria-expanded')).toBe('false');
    // Nothing of ours in the light DOM: the page's text (and the bar detection) never sees our words.
    expect(h.widget.host.textContent).toBe('');
  });

  it('without days shown, just ワンクリックで更新; in English for vendors', () => {
    const h = mount();
    h.widget.render(viewFor('idle'));
    expect(h.button().textContent).toContain('ワンクリックで更新');
    expect(h.button().textContent).not.toContain('残り');
    const e = mount('en');
    e.widget.setDaysLeft(60);
    expect(e.button().textContent).toContain('Renew in one click (60 days left)');
  });

  it('a click sends content:start once and shows the run at once, before any answer', async () => {
    const h = mount();
    h.widget.setDaysLeft(45);
    h.reply.value = new Promise(() => {}); // the background has not answered yet
    h.button().click();
    expect(h.sent).toEqual([{ type: 'content:start' }]);
    expect(h.button().textContent).toContain('更新しています…');
    expect(h.panel().hidden).toBe(false);
    expect(h.root.querySelector('.st li.active')?.textContent).toContain('取得');
    // A second click while busy starts nothing new: it only shows/hides the details.
    h.button().click();
    expect(h.sent).toHaveLength(1);
    expect(h.panel().hidden).toBe(true);
    h.button().click();
    expect(h.panel().hidden).toBe(false);
  });

  it('applies the view the background answers the start with', async () => {
    const h = mount();
    h.reply.value = { ok: true, view: viewFor('fetching') };
    h.button().click();
    await settle();
    expect(h.text()).toContain('ORCAMO から新しい証明書を受け取っています…');
  });

  it('no answer at all (worker gone): an error with もう一度, never a stuck spinner', async () => {
    const h = mount();
    h.reply.value = null;
    h.button().click();
    await settle();
    expect(h.button().textContent).toContain('更新できませんでした');
    expect(h.root.querySelector('[role="alert"]')?.textContent).toContain('拡張機能から応答がありません');
    h.reply.value = { ok: true, view: viewFor('fetching') };
    h.buttonByText('もう一度').click();
    expect(h.sent).toEqual([{ type: 'content:start' }, { type: 'content:start' }]);
  });
});

describe('inline button: while it runs', () => {
  const busy: Array<[RenewalView['phase'], string, string]> = [
    ['fetching', '取得', 'ORCAMO から新しい証明書を受け取っています…'],
    ['checking', '確認', '新しい証明書の中身を確認しています…'],
    ['importing', '取り込み', '新しい証明書をこのパソコンに取り込んでいます…'],
    ['verifying', '接続確認', '新しい証明書で WebORCA につながるか確認しています…'],
  ];
  it.each(busy)('%s: spinner, the step running, its sentence announced politely', (phase, step, sentence) => {
    const h = mount();
    h.widget.render(viewFor('detected'));
    h.widget.render(viewFor(phase));
    expect(h.button().textContent).toContain('更新しています…');
    expect(h.button().querySelector('i')?.className).toBe('s');
    const steps = [...h.root.querySelectorAll('.st li')].map((li) => [li.className, li.textContent]);
    expect(steps.map(([, text]) => text?.replace(/^[✓✕] /, ''))).toEqual(['取得', '確認', '接続確認', '取り込み']);
    const active = h.root.querySelector('.st li[aria-current="step"]');
    expect(active?.textContent).toBe(step);
    expect(h.text()).toContain(sentence);
    const live = h.root.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toBe(sentence);
    // Finished steps carry a mark, not only a colour.
    if (phase !== 'fetching') expect(h.root.querySelector('.st li.done')?.textContent).toBe('✓ 取得');
  });
});

describe('inline button: the one confirmation', () => {
  it('shows 件名, 新しい有効期限, シリアル番号 and the warnings; 取り込む confirms this run, once', async () => {
    const h = mount();
    h.widget.render(viewFor('checking'));
    h.widget.render(viewFor('confirming'));
    expect(h.button().textContent).toContain('内容を確認してください');
    expect(h.panel().hidden).toBe(false);
    const rows = [...h.root.querySelectorAll('dl dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]);
    expect(rows).toEqual([
      ['件名', 'client1210 / u00000126'],
      ['新しい有効期限', '2028年5月31日'],
      ['シリアル番号', '114F'],
    ]);
    expect(h.text()).toContain('次の証明書を取り込みます。よろしいですか？');
    expect(h.text()).toContain('中間証明書が含まれていません。');
    expect(h.text()).not.toContain('件名が一致します。'); // passed checks are not noise here
    h.reply.value = new Promise(() => {});
    h.buttonByText('取り込む').click();
    h.buttonByText('取り込む').click();
    expect(h.sent).toEqual([{ type: 'content:confirm', runId: 'run-0001-abcd' }]);
    expect(h.buttonByText('取り込む').getAttribute('aria-disabled')).toBe('true');
  });

  it('キャンセル sends content:cancel with the run id', () => {
    const h = mount();
    h.widget.render(viewFor('confirming'));
    h.buttonByText('キャンセル').click();
    expect(h.sent).toEqual([{ type: 'content:cancel', runId: 'run-0001-abcd' }]);
  });
});

describe('inline button: outcomes', () => {
  it('done: 更新しました, the new expiry and what to do now', () => {
    const h = mount();
    h.widget.render(viewFor('verifying'));
    h.widget.render(viewFor('done'));
    expect(h.button().textContent).toContain('更新しました');
    expect(h.button().className).toContain('ok');
    expect(h.panel().hidden).toBe(false);
    const text = h.text();
    expect(text).toContain('証明書を更新しました');
    expect(text).toContain('新しい有効期限：2028年5月31日');
    const steps = [...h.root.querySelectorAll('ol:not(.st) li')].map((li) => li.textContent);
    expect(steps).toEqual([
      'ブラウザを再起動してください（すべてのウィンドウを閉じてから、開き直します）。',
      '証明書の選択画面では、シリアル番号 114F（有効期限の遅いほう）を選んでください。',
      '古い証明書も、有効期限までは使えます。',
      'オンライン資格確認の連携ツールをお使いの場合は、そちらの証明書も更新が必要です。',
    ]);
  });

  it('done but not verified says so', () => {
    const h = mount();
    h.widget.render(viewFor('done', { verified: false }));
    expect(h.text()).toContain('接続の確認はできませんでした');
  });

  it('a page that loads onto a finished run says it on the button, details one click away', () => {
    const h = mount();
    h.widget.render(viewFor('done'));
    expect(h.button().textContent).toContain('更新しました');
    expect(h.panel().hidden).toBe(true);
    h.button().click();
    expect(h.panel().hidden).toBe(false);
    expect(h.sent).toEqual([]);
  });

  it('guided: where the file was saved, and where the full guide is', () => {
    const h = mount();
    h.widget.render(viewFor('checking'));
    h.widget.render(viewFor('guided'));
    expect(h.button().textContent).toContain('手作業での取り込みが必要です');
    expect(h.text()).toContain('証明書ファイルを保存しました');
    expect(h.text()).toContain('C:\\Users\\clinic\\Downloads\\001234__JP_u00000126_client1210.p12');
    expect(h.text()).toContain('拡張機能ボタン');
  });

  it('failed and retryable: the message as an alert and もう一度, which starts again', () => {
    const h = mount();
    h.widget.render(viewFor('fetching'));
    h.widget.render(viewFor('failed'));
    expect(h.button().textContent).toContain('更新できませんでした');
    const alert = h.root.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('ORCAMO から証明書を受け取れませんでした。時間をおいてもう一度お試しください。');
    expect(h.root.querySelector('.st li.failed')?.textContent).toBe('✕ 取得');
    h.buttonByText('もう一度').click();
    expect(h.sent).toEqual([{ type: 'content:start' }]);
    expect(h.button().textContent).toContain('更新しています…');
  });

  it('failed and not retryable: no もう一度', () => {
    const h = mount();
    const failed = viewFor('failed');
    h.widget.render(viewFor('failed', { error: { ...failed.error!, retryable: false, code: 'SUBJECT_MISMATCH', message: '別の医療機関の証明書です。' } }));
    h.button().click();
    expect(h.root.querySelector('[role="alert"]')?.textContent).toBe('別の医療機関の証明書です。');
    expect([...h.root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('もう一度');
  });
});

describe('inline button: only the user acts', () => {
  it('a script-made click (untrusted) on any of our buttons does nothing: no start, no confirm, no retry', () => {
    const h = mount('ja', { realTrust: true });
    h.widget.setDaysLeft(45);
    h.widget.render(viewFor('detected'));
    h.button().click();
    h.button().dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    expect(h.sent).toEqual([]);
    expect(h.panel().hidden).toBe(true);
    h.widget.render(viewFor('confirming'));
    h.buttonByText('取り込む').click();
    expect(h.sent).toEqual([]);
    h.widget.render(viewFor('failed'));
    h.buttonByText('もう一度').click();
    expect(h.sent).toEqual([]);
  });

  it('a key press made by a script (untrusted Escape) does not close the panel', () => {
    const h = mount('ja', { realTrust: true });
    h.widget.render(viewFor('confirming'));
    expect(h.panel().hidden).toBe(false);
    h.panel().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(h.panel().hidden).toBe(false);
  });
});

describe('inline button: plain words only', () => {
  it('an ORCAMO address to approve: the widget says where to approve it (our popup), and offers no button for it', () => {
    const h = mount();
    const failed = viewFor('failed');
    h.widget.render(
      viewFor('failed', {
        error: {
          ...failed.error!,
          code: 'ORCAMO_ORIGIN_UNKNOWN',
          retryable: false,
          message: 'ブラウザのツールバーにあるこの拡張機能のボタンを押し、「このアドレスを使う」を押してください。',
          params: { origin: 'https://x.orcamo.jp' },
        },
      }),
    );
    h.button().click();
    expect(h.root.querySelector('[role="alert"]')?.textContent).toContain('ツールバー');
    expect([...h.root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('このアドレスを使う');
  });

  it("a tool's raw output is not shown in the page: the alert says what happened, the details are in the popup", () => {
    const h = mount();
    const failed = viewFor('failed');
    h.widget.render(
      viewFor('failed', {
        error: { ...failed.error!, code: 'STORE_READ_ONLY', message: '証明書を保存できませんでした。', detail: 'pk12util: SEC_ERROR_READ_ONLY' },
      }),
    );
    h.button().click();
    expect(h.root.querySelector('[role="alert"]')?.textContent).toBe('証明書を保存できませんでした。');
    expect(h.root.textContent).not.toContain('SEC_ERROR_READ_ONLY');
  });
});

describe('inline button: keyboard and page isolation', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
  });

  it('is a real, focusable button; Escape closes the panel and gives focus back to it', () => {
    const h = mount();
    h.widget.render(viewFor('detected'));
    h.widget.render(viewFor('done'));
    h.button().focus();
    expect(h.root.activeElement).toBe(h.button());
    h.panel().querySelector<HTMLButtonElement>('button')!.focus();
    h.panel().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(h.panel().hidden).toBe(true);
    expect(h.root.activeElement).toBe(h.button());
    expect(h.button().getAttribute('aria-expanded')).toBe('false');
  });

  it('the close button (×) is labelled and closes the panel', () => {
    const h = mount();
    h.widget.render(viewFor('fetching'));
    h.widget.render(viewFor('done'));
    const close = h.root.querySelector<HTMLButtonElement>('button[data-k="x"]')!;
    expect(close.getAttribute('aria-label')).toBe('閉じる');
    close.click();
    expect(h.panel().hidden).toBe(true);
  });

  it('a question arriving while the user is on the button takes focus to the question, not to 取り込む', () => {
    const h = mount();
    h.widget.render(viewFor('checking'));
    h.button().focus();
    h.widget.render(viewFor('confirming'));
    expect(h.root.activeElement).toBe(h.panel());
  });

  it('keys and clicks inside the widget do not reach WebORCA’s document handlers', () => {
    const h = mount();
    h.widget.render(viewFor('detected'));
    const onKey = vi.fn();
    const onClick = vi.fn();
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    h.reply.value = new Promise(() => {});
    h.button().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    h.button().click();
    expect(onKey).not.toHaveBeenCalled();
    expect(onClick).not.toHaveBeenCalled();
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('click', onClick);
  });
});
