/**
 * WebORCA's web client (`/client.html`): a single-page app in plain inline JS, modelled on the
 * public facts in docs/ARCHITECTURE.md (facts about the real site) and on the manual's screenshots.
 *
 * What a content script meets here:
 * - Login: `input#user`, `input#pass`, `button.gtk-button` "ログイン", heading "WebORCA".
 * - Screens: elements whose id is the screen code (`#M00`, `#M01`, `#U02`, …), class `screen`;
 *   exactly one is visible, the others carry class `hidden` and `style.display = 'none'`.
 * - Widgets with dotted ids: `M00.fixed1.G01` (01 医事業務), `M00.fixed1.SELNUM` (選択番号), …
 * - `document.title` = `(M00)マスターメニュー - オルカ医院 [ormaster]`, per screen.
 * - The blue bar: rendered by JS `bannerDelayMs` after M00 shows, only when `/api/session`
 *   says the presented certificate has ≤ 90 days left; removed when M00 is left and rendered
 *   again (late) when M00 shows again. Its text is split across spans with a newline, indentation
 *   and a full-width space in between; `更新` is an `<a target="_blank">` to the ORCAMO page and
 *   the days left follow as a bare number. Its markup is deliberately not something to select on:
 *   the real one is not public, so detection must go by text.
 * - The news area on M00 always contains the same words (「クライアント証明書の有効期限が
 *   近づいています」と表示された場合の更新手順はこちら) inside a news item: a false positive trap.
 */
import { escapeHtml } from './html';
import { REWORDED_BAR_TEXT } from './switches';

export const HOSPITAL_NAME = 'オルカ医院';
export const DEFAULT_USER = 'ormaster';

interface MenuItem {
  num: string;
  label: string;
  /** Screen code this item opens; null = not simulated (a status message says so). */
  goto: string | null;
}

interface ScreenDef {
  code: string;
  title: string;
  /** Screen that F1 (戻る/終了) returns to; null on M00, where it logs out. */
  back: string | null;
  items?: readonly MenuItem[];
  body?: string;
}

const MASTER_MENU: readonly MenuItem[] = [
  { num: '01', label: '医事業務', goto: 'M01' },
  { num: '02', label: '統計業務', goto: 'M02' },
  { num: '03', label: 'プログラム更新', goto: 'M03' },
  { num: '91', label: 'マスタ登録', goto: 'M91' },
  { num: '92', label: 'マスタ更新', goto: 'M92' },
];

const BUSINESS_MENU: readonly MenuItem[] = [
  { num: '11', label: '受付', goto: 'U02' },
  { num: '12', label: '登録', goto: null },
  { num: '13', label: '照会', goto: null },
  { num: '14', label: '予約', goto: null },
  { num: '21', label: '診療行為', goto: null },
  { num: '22', label: '病名', goto: null },
  { num: '23', label: '収納', goto: null },
  { num: '24', label: '会計照会', goto: null },
  { num: '31', label: '入退院登録', goto: null },
  { num: '32', label: '入院会計照会', goto: null },
  { num: '33', label: '入院定期請求', goto: null },
  { num: '34', label: '退院時仮計算', goto: null },
  { num: '41', label: 'データチェック', goto: null },
  { num: '42', label: '明細書', goto: null },
  { num: '43', label: '請求管理', goto: null },
  { num: '44', label: '総括表・公費請求書', goto: null },
  { num: '51', label: '日次統計', goto: null },
  { num: '52', label: '月次統計', goto: null },
];

interface NewsItem {
  date: string;
  isNew?: boolean;
  /** HTML (trusted, static). */
  html: string;
}

/** Tabs and items of 「◇システムクレオからのお知らせ◇」, after the manual's screenshot. */
const NEWS_TABS: ReadonlyArray<{ id: string; label: string; items: readonly NewsItem[] }> = [
  {
    id: 'top',
    label: 'TOP',
    items: [
      {
        date: '2024-06-05',
        isNew: true,
        html:
          '【熊本県の医療機関様】 苓北町重度心身障がい者医療費助成事業に関する設定変更のご案内<br>' +
          '<a href="#news">こちらをクリック</a> <a href="#news">設定手順書はこちら</a> <a href="#news">公費の種類一覧はこちら</a>',
      },
      {
        date: '2024-05-20',
        // Same words as the blue bar, on every M00, for every certificate: detection must not fire on it.
        html:
          'WebORCAクラウド版をご利用の医療機関様へ<br>' +
          '「クライアント証明書の有効期限が近づいています」と表示された場合の更新手順は<a href="#news">こちら</a>',
      },
      { date: '2024-04-01', html: '令和6年度診療報酬改定に対応したプログラムを提供しました。<a href="#news">詳細はこちら</a>' },
      { date: '2024-03-15', html: '定期メンテナンスのお知らせ（毎月第3日曜日 2:00〜6:00）' },
    ],
  },
  {
    id: 'windows',
    label: 'Windows端末用ソフトウェア',
    items: [{ date: '2024-05-10', html: 'Windows端末用 帳票印刷ソフトウェアの最新版を公開しました。<a href="#news">ダウンロードはこちら</a>' }],
  },
  {
    id: 'veteran',
    label: 'べてらん君関連',
    items: [{ date: '2024-04-22', html: 'べてらん君とWebORCAの連携設定について。<a href="#news">手順書はこちら</a>' }],
  },
  {
    id: 'report',
    label: '完了報告フォーム',
    items: [{ date: '2024-04-01', html: '設定変更の完了報告は<a href="#news">こちらのフォーム</a>からお願い致します。' }],
  },
  {
    id: 'other',
    label: 'その他',
    items: [
      {
        date: '2024-02-01',
        html: 'オンライン資格確認と連携している医療機関様は、連携ツール内のORCA証明書更新も必要です。<a href="#news">手順はこちら</a>',
      },
    ],
  },
];

const SCREENS: readonly ScreenDef[] = [
  { code: 'M00', title: 'マスターメニュー', back: null, items: MASTER_MENU },
  { code: 'M01', title: '業務メニュー', back: 'M00', items: BUSINESS_MENU },
  {
    code: 'U02',
    title: '受付一覧',
    back: 'M01',
    body:
      '<table class="gtk-list"><thead><tr><th>番号</th><th>患者番号</th><th>氏名</th><th>診療科</th><th>ドクター</th><th>受付時間</th></tr></thead>' +
      '<tbody><tr><td>1</td><td>00001</td><td>日医　太郎</td><td>内科</td><td>0001 日医　一郎</td><td>09:05</td></tr>' +
      '<tr><td>2</td><td>00002</td><td>日医　花子</td><td>内科</td><td>0001 日医　一郎</td><td>09:12</td></tr></tbody></table>',
  },
  { code: 'M02', title: '統計業務メニュー', back: 'M00' },
  { code: 'M03', title: 'プログラム更新', back: 'M00' },
  { code: 'M91', title: 'マスタ登録', back: 'M00' },
  { code: 'M92', title: 'マスタ更新', back: 'M00' },
];

function menuHtml(code: string, items: readonly MenuItem[]): string {
  const buttons = items
    .map(
      (it) =>
        `<button type="button" class="gtk-button menu-item" id="${code}.fixed1.G${it.num}"` +
        `${it.goto ? ` data-goto="${it.goto}"` : ''}>${it.num} ${escapeHtml(it.label)}</button>`,
    )
    .join('\n        ');
  return `<div class="menu${items.length > 8 ? ' menu-grid' : ''}">
        ${buttons}
      </div>
      <div class="selnum"><label for="${code}.fixed1.SELNUM">選択番号</label>
        <input type="text" class="gtk-entry" id="${code}.fixed1.SELNUM" maxlength="2" autocomplete="off" inputmode="numeric"></div>`;
}

function newsHtml(): string {
  const tabs = NEWS_TABS.map(
    (t, i) => `<button type="button" class="news-tab${i === 0 ? ' active' : ''}" data-tab="${t.id}">${escapeHtml(t.label)}</button>`,
  ).join('');
  const panels = NEWS_TABS.map(
    (t, i) =>
      `<ul class="news-panel${i === 0 ? '' : ' hidden'}" data-panel="${t.id}">` +
      t.items.map((n) => `<li>${n.isNew ? '<span class="news-new">【新着】</span>' : ''}${n.date} ${n.html}</li>`).join('') +
      '</ul>',
  ).join('');
  return `<div class="news" id="M00.fixed1.NEWS">
        <div class="news-head">◇システムクレオからのお知らせ◇</div>
        <div class="news-tabs">${tabs}</div>
        ${panels}
      </div>`;
}

function screenHtml(s: ScreenDef): string {
  const backLabel = s.back ? '戻る' : '終了';
  const content =
    (s.items ? menuHtml(s.code, s.items) : '') +
    (s.body ?? '') +
    (!s.items && !s.body ? '<p class="placeholder">（この画面はシミュレータでは実装していません）</p>' : '') +
    (s.code === 'M00' ? newsHtml() : '');
  return `
  <div id="${s.code}" class="screen hidden" style="display:none" data-title="${escapeHtml(s.title)}"${s.back ? ` data-back="${s.back}"` : ''}>
    <div class="screen-head"><span class="screen-title">(${s.code})${escapeHtml(s.title)}</span><span class="screen-who"></span></div>
    <div class="fixed" id="${s.code}.fixed1">
      ${content}
      <div class="status" id="${s.code}.fixed1.STATUS"></div>
    </div>
    <div class="fkeys">
      <button type="button" class="gtk-button fkey" id="${s.code}.fixed1.B01" data-action="back">F1<br>${backLabel}</button>
      ${s.items ? `<button type="button" class="gtk-button fkey" id="${s.code}.fixed1.B12" data-action="select">F12<br>確定</button>` : ''}
    </div>
  </div>`;
}

const STYLE = `
  :root { --gtk-bg: #edeceb; --gtk-border: #a5a5a1; --gtk-dark: #3d3d3d; --bar-blue: #2967c7; }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; }
  body { background: #c9c9c5; color: var(--gtk-dark); font: 14px/1.5 "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Meiryo", sans-serif; }
  .hidden { display: none !important; }
  .gtk-button { font: inherit; color: var(--gtk-dark); background: linear-gradient(#fbfbfa, #e4e3e1); border: 1px solid var(--gtk-border);
    border-radius: 4px; padding: 4px 14px; cursor: pointer; box-shadow: inset 0 1px #fff; }
  .gtk-button:hover { background: linear-gradient(#ffffff, #ecebe9); }
  .gtk-button:active { background: #d6d5d2; box-shadow: inset 0 1px 2px rgba(0,0,0,.2); }
  .gtk-entry { font: inherit; border: 1px solid var(--gtk-border); border-radius: 3px; padding: 3px 6px; background: #fff; }
  .gtk-entry:focus, input:focus { outline: 2px solid #8fb4e8; outline-offset: -1px; }
  #login { display: flex; align-items: center; justify-content: center; min-height: 100vh; }
  .login-box { width: 360px; background: var(--gtk-bg); border: 1px solid var(--gtk-border); border-radius: 6px; padding: 24px 28px;
    box-shadow: 0 4px 18px rgba(0,0,0,.18); }
  .login-box h1 { margin: 0 0 18px; font-size: 26px; font-weight: 600; letter-spacing: .04em; color: #1f4e8c; }
  .login-field { display: grid; grid-template-columns: 90px 1fr; align-items: center; margin: 8px 0; }
  .login-field input { font: inherit; border: 1px solid var(--gtk-border); border-radius: 3px; padding: 4px 6px; }
  .login-error { min-height: 1.5em; color: #b00020; font-size: 13px; }
  .login-box .gtk-button { width: 100%; margin-top: 6px; padding: 6px; }
  .screen { max-width: 1024px; min-height: 100vh; margin: 0 auto; background: var(--gtk-bg); border-left: 1px solid var(--gtk-border);
    border-right: 1px solid var(--gtk-border); display: flex; flex-direction: column; }
  .screen-head { display: flex; justify-content: space-between; padding: 4px 10px; background: linear-gradient(#f6f5f4, #dfdedc);
    border-bottom: 1px solid var(--gtk-border); font-weight: 600; }
  .screen-who { font-weight: normal; color: #555; }
  .fixed { flex: 1; padding: 10px 14px; }
  .infobar { display: flex; align-items: center; gap: 10px; margin: -10px -14px 12px; padding: 7px 14px; background: var(--bar-blue);
    color: #fff; border-bottom: 1px solid #1d4f9c; }
  .infobar .gtk-button { color: var(--bar-blue); text-decoration: none; padding: 2px 16px; border-color: #1d4f9c; font-weight: 600; }
  .infobar-days { margin-left: auto; font-variant-numeric: tabular-nums; opacity: .9; }
  .menu { display: flex; flex-direction: column; gap: 6px; width: 280px; }
  .menu-grid { display: grid; grid-template-columns: repeat(3, 220px); width: auto; }
  .menu-item { text-align: left; padding: 7px 14px; }
  .selnum { margin: 12px 0; display: flex; gap: 8px; align-items: center; }
  .selnum input { width: 4em; }
  .news { margin-top: 14px; background: #fff; border: 1px solid var(--gtk-border); border-radius: 4px; padding: 8px 12px; }
  .news-head { font-weight: 600; color: #1f4e8c; margin-bottom: 6px; }
  .news-tabs { display: flex; gap: 2px; border-bottom: 1px solid var(--gtk-border); }
  .news-tab { font: inherit; font-size: 13px; border: 1px solid var(--gtk-border); border-bottom: none; border-radius: 4px 4px 0 0;
    background: #e4e3e1; padding: 3px 10px; cursor: pointer; }
  .news-tab.active { background: #fff; font-weight: 600; }
  .news-panel { margin: 8px 0 0; padding-left: 18px; font-size: 13px; }
  .news-panel li { margin: 4px 0; }
  .news-new { color: #c0392b; font-weight: 600; }
  .gtk-list { border-collapse: collapse; width: 100%; background: #fff; }
  .gtk-list th, .gtk-list td { border: 1px solid #c8c7c4; padding: 3px 8px; text-align: left; }
  .gtk-list th { background: #e4e3e1; font-weight: normal; }
  .placeholder { color: #777; }
  .status { min-height: 1.5em; margin-top: 8px; color: #8a5a00; }
  .fkeys { display: flex; gap: 6px; padding: 8px 14px; border-top: 1px solid var(--gtk-border); background: #e2e1df; }
  .fkey { min-width: 84px; line-height: 1.2; font-size: 12px; }
  .fkey[data-action="select"] { margin-left: auto; }
`;

/**
 * The blue bar as the SPA draws it (the text split across spans, a newline, indentation and a full-width space;
 * `更新` a link; the days a bare number), appended to `#M00.fixed1`. Shared with the bench's busy page (busy-page.ts),
 * so that both draw the very same bar. Plain JS text; needs `$` (getElementById) in scope.
 */
export const RENDER_NOTICE_JS = `function renderNotice(renewal) {
    var bar = document.createElement('div');
    bar.className = 'infobar';
    var label = document.createElement('span');
    label.className = 'infobar-label';
    var a = document.createElement('span');
    a.textContent = 'クライアント証明書の';
    var b = document.createElement('span');
    b.textContent = renewal.reworded ? ${JSON.stringify(`${REWORDED_BAR_TEXT.slice('クライアント証明書の'.length)}。`)} : '有効期限が近づいています。';
    label.appendChild(a);
    label.appendChild(document.createTextNode('\\n        '));
    label.appendChild(b);
    label.appendChild(document.createTextNode('\\u3000'));
    var link = document.createElement('a');
    link.className = 'gtk-button infobar-action';
    link.href = renewal.url;
    link.target = '_blank';
    link.rel = 'noopener';
    var linkText = document.createElement('span');
    linkText.textContent = '更新';
    link.appendChild(linkText);
    var days = document.createElement('span');
    days.className = 'infobar-days';
    days.textContent = String(renewal.daysLeft);
    bar.appendChild(label);
    bar.appendChild(document.createTextNode(' '));
    bar.appendChild(link);
    bar.appendChild(days);
    var host = $('M00.fixed1');
    host.insertBefore(bar, host.firstChild);
  }`;

/**
 * The SPA. Plain JS in a string (not a stringified TS function: tsx/esbuild may inject helpers
 * such as `__name` into function bodies, which would break once the text runs in the browser).
 */
const SCRIPT = `
(function () {
  'use strict';
  var HOSPITAL = ${JSON.stringify(HOSPITAL_NAME)};
  var DEFAULT_USER = ${JSON.stringify(DEFAULT_USER)};
  var state = { user: null, current: null, noticeGeneration: 0 };

  function $(id) { return document.getElementById(id); }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function getSession() {
    return fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error('session ' + r.status);
      return r.json();
    });
  }

  function showLogin() {
    state.current = null;
    hideAllScreens();
    $('login').classList.remove('hidden');
    document.title = 'WebORCA';
    $('user').focus();
  }

  function hideAllScreens() {
    var screens = document.querySelectorAll('.screen');
    for (var i = 0; i < screens.length; i++) {
      screens[i].classList.add('hidden');
      screens[i].style.display = 'none';
    }
  }

  function show(code) {
    var el = $(code);
    if (!el) return;
    $('login').classList.add('hidden');
    hideAllScreens();
    el.classList.remove('hidden');
    el.style.display = '';
    state.current = code;
    var who = el.querySelector('.screen-who');
    if (who) who.textContent = HOSPITAL + ' [' + state.user + ']';
    document.title = '(' + code + ')' + el.getAttribute('data-title') + ' - ' + HOSPITAL + ' [' + state.user + ']';
    var status = $(code + '.fixed1.STATUS');
    if (status) status.textContent = '';
    var selnum = $(code + '.fixed1.SELNUM');
    if (selnum) { selnum.value = ''; selnum.focus(); }
    if (code === 'M00') scheduleNotice(); else removeNotice();
  }

  // The blue bar: fetched and drawn late, like the real SPA, and only on M00.
  function scheduleNotice() {
    removeNotice();
    var generation = ++state.noticeGeneration;
    var shownAt = Date.now();
    getSession().then(function (session) {
      var wait = Math.max(0, session.bannerDelayMs - (Date.now() - shownAt));
      return sleep(wait).then(function () {
        if (generation !== state.noticeGeneration || state.current !== 'M00') return;
        if (session.renewal && session.renewal.due) renderNotice(session.renewal);
      });
    }).catch(function () { /* no bar when the session cannot be read */ });
  }

  function removeNotice() {
    state.noticeGeneration++;
    var old = document.querySelectorAll('.infobar');
    for (var i = 0; i < old.length; i++) old[i].remove();
  }

  ${RENDER_NOTICE_JS}

  function selectNumber(code) {
    var input = $(code + '.fixed1.SELNUM');
    if (!input) return;
    var n = input.value.trim();
    if (n.length === 1) n = '0' + n;
    var button = $(code + '.fixed1.G' + n);
    if (button) button.click();
    else $(code + '.fixed1.STATUS').textContent = '選択番号が正しくありません';
  }

  function onClick(event) {
    var target = event.target.closest('button');
    if (!target) return;
    if (target.classList.contains('news-tab')) return switchNewsTab(target.getAttribute('data-tab'));
    var screen = target.closest('.screen');
    if (!screen) return;
    if (target.hasAttribute('data-goto')) return show(target.getAttribute('data-goto'));
    if (target.classList.contains('menu-item')) {
      $(screen.id + '.fixed1.STATUS').textContent = target.textContent + '：この業務はシミュレータでは使用できません';
      return;
    }
    var action = target.getAttribute('data-action');
    if (action === 'select') return selectNumber(screen.id);
    if (action === 'back') {
      var back = screen.getAttribute('data-back');
      if (back) return show(back);
      return logout();
    }
  }

  function switchNewsTab(id) {
    var tabs = document.querySelectorAll('.news-tab');
    for (var i = 0; i < tabs.length; i++) tabs[i].classList.toggle('active', tabs[i].getAttribute('data-tab') === id);
    var panels = document.querySelectorAll('.news-panel');
    for (var j = 0; j < panels.length; j++) panels[j].classList.toggle('hidden', panels[j].getAttribute('data-panel') !== id);
  }

  function onKey(event) {
    if (event.key === 'Enter' && event.target.id && /\\.fixed1\\.SELNUM$/.test(event.target.id)) {
      selectNumber(event.target.id.split('.')[0]);
    } else if (event.key === 'F1' && state.current) {
      event.preventDefault();
      $(state.current + '.fixed1.B01').click();
    }
  }

  function login() {
    var user = $('user').value.trim();
    var pass = $('pass').value;
    var error = $('login.error');
    if (!user || !pass) { error.textContent = 'ユーザとパスワードを入力してください'; return; }
    error.textContent = '';
    fetch('/api/login', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: user, pass: pass })
    }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { error.textContent = res.body.message || 'ログインできませんでした'; return; }
        state.user = res.body.user;
        $('pass').value = '';
        show('M00');
      })
      .catch(function () { error.textContent = 'サーバに接続できませんでした'; });
  }

  function logout() {
    fetch('/api/logout', { method: 'POST', credentials: 'same-origin' }).finally(function () {
      state.user = null;
      removeNotice();
      start();
    });
  }

  function start() {
    getSession().then(function (session) {
      if (session.user || !session.requireLogin) {
        state.user = session.user || DEFAULT_USER;
        show('M00');
      } else {
        showLogin();
      }
    }).catch(function () { showLogin(); });
  }

  document.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  $('login.form').addEventListener('submit', function (event) { event.preventDefault(); login(); });
  start();
})();
`;

/** The whole client.html. Static: everything that varies comes from `/api/session` at run time. */
export function weborcaClientHtml(): string {
  return weborcaPageHtml(SCRIPT);
}

/** client.html's markup (login form, screens, news, styles) driven by `script` instead of the SPA's own. */
export function weborcaPageHtml(script: string): string {
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WebORCA</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app">
  <div id="login" class="hidden">
    <form class="login-box" id="login.form" autocomplete="on">
      <h1>WebORCA</h1>
      <div class="login-field"><label for="user">ユーザ</label><input id="user" name="user" type="text" autocomplete="username" spellcheck="false"></div>
      <div class="login-field"><label for="pass">パスワード</label><input id="pass" name="pass" type="password" autocomplete="current-password"></div>
      <div class="login-error" id="login.error" role="alert"></div>
      <button type="submit" class="gtk-button" id="login.button">ログイン</button>
    </form>
  </div>
${SCREENS.map(screenHtml).join('\n')}
</div>
<script>${script}</script>
</body>
</html>
`;
}

/** What `/api/session` returns; the SPA reads it on start and each time M00 shows. */
export interface SessionInfo {
  user: string | null;
  requireLogin: boolean;
  hospital: string;
  bannerDelayMs: number;
  certificate: {
    serialHex: string;
    subject: { CN: string | null; O: string | null; C: string | null };
    issuerCN: string | null;
    notAfter: string;
    daysLeft: number;
  } | null;
  renewal: { due: boolean; daysLeft: number | null; url: string; reworded?: boolean };
}
