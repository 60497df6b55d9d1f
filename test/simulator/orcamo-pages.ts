/**
 * ORCAMO クラウド管理: the page the blue bar's `更新` opens (manual steps 4–8). Its real URL and
 * markup are not public; the texts are the manual's.
 *
 * What a content script meets here (`/cloud/certificate`):
 * - the notice 「差し替え用のクライアント証明書がダウンロードできます。下記リンクよりダウンロードし
 *   インストール作業をお願い致します。」 in a dismissible box;
 * - 「差し替え用のクライアント証明書のダウンロードは<a href="/cloud/certificate/download">こちら</a>」;
 * - 「クライアント証明書のパスワードを確認する」 with a `<button>確認する</button>`; clicking it POSTs to
 *   `/cloud/certificate/password` and then inserts (late, not pre-rendered) a box with the 10-character
 *   password as the only text of a `<span>` and a `<button>コピーする</button>` (navigator.clipboard).
 *
 * With the `downloadVia: 'form'` switch, `こちら` is a `<button>` inside
 * `<form method="post" action="/cloud/certificate/download">`: no URL to fetch, only a click downloads the file.
 * With `downloadVia: 'blob'`, `こちら` is a `<button type="button" data-role="download">` whose script fetches
 * `/cloud/certificate/download` and saves the body through a `blob:` URL and a temporary `<a download>` (the server's
 * file name from Content-Disposition); a failure shows an error under the line.
 *
 * With the `layout: 'heading'` switch, each action is a `<section>`: a heading, an explanatory paragraph, then the
 * line or button. The password's section is the heading `クライアント証明書のパスワードを確認する`, a paragraph, and
 * the `確認する` button in its own `<div>`: the button is not beside its text (issue 15).
 */
import { escapeHtml } from './html';
import type { DownloadVia, PageLayout } from './switches';

export const ORCAMO_PATHS = {
  page: '/cloud/certificate',
  download: '/cloud/certificate/download',
  password: '/cloud/certificate/password',
} as const;

export const ORCAMO_TEXTS = {
  notice: '差し替え用のクライアント証明書がダウンロードできます。下記リンクよりダウンロードしインストール作業をお願い致します。',
  downloadLine: '差し替え用のクライアント証明書のダウンロードは',
  downloadLink: 'こちら',
  passwordLine: 'クライアント証明書のパスワードを確認する',
  passwordButton: '確認する',
  copyButton: 'コピーする',
} as const;

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; background: #f4f6f9; color: #333; font: 14px/1.6 "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Meiryo", sans-serif; }
  .navbar { display: flex; align-items: center; gap: 12px; height: 52px; padding: 0 20px; background: #1f3b57; color: #fff; }
  .navbar .brand { font-weight: 700; letter-spacing: .06em; font-size: 18px; }
  .navbar .brand-sub { opacity: .85; }
  .navbar .account { margin-left: auto; font-size: 13px; opacity: .85; }
  .layout { display: flex; min-height: calc(100vh - 52px); }
  .sidebar { width: 210px; background: #fff; border-right: 1px solid #dde2e8; padding: 14px 0; }
  .sidebar a { display: block; padding: 8px 20px; color: #34495e; text-decoration: none; }
  .sidebar a.active { background: #e8f0fb; color: #1f5fae; font-weight: 600; border-left: 3px solid #1f5fae; }
  main { flex: 1; padding: 24px 32px; }
  h1 { font-size: 20px; margin: 0 0 18px; font-weight: 600; }
  .card { background: #fff; border: 1px solid #dde2e8; border-radius: 6px; padding: 20px 24px; max-width: 860px; }
  .alert { position: relative; background: #e8f4fd; border: 1px solid #b6dcf7; color: #1b5e8a; border-radius: 4px; padding: 12px 44px 12px 16px; margin-bottom: 18px; }
  .alert .close { position: absolute; top: 6px; right: 10px; border: 0; background: none; font-size: 20px; line-height: 1; color: #1b5e8a; cursor: pointer; }
  .actions { list-style: none; padding: 0; margin: 0; }
  .actions li { display: flex; align-items: center; gap: 10px; padding: 10px 0; border-bottom: 1px dashed #e1e5ea; }
  .actions li::before { content: "●"; color: #1f5fae; font-size: 10px; }
  a { color: #1f5fae; }
  .btn { font: inherit; border-radius: 4px; padding: 4px 16px; cursor: pointer; border: 1px solid #1f5fae; background: #1f5fae; color: #fff; }
  .btn:hover { background: #184c8c; }
  .btn-outline { background: #fff; color: #1f5fae; }
  .btn-outline:hover { background: #e8f0fb; }
  .password-box { margin-top: 16px; border: 1px solid #dde2e8; border-radius: 6px; background: #fafbfc; padding: 14px 18px; }
  .password-box-title { font-weight: 600; margin-bottom: 6px; }
  .password-row { display: flex; align-items: center; gap: 12px; }
  .password-row .pw { font: 20px/1.4 "DejaVu Sans Mono", "Noto Sans Mono CJK JP", monospace; letter-spacing: .08em; background: #fff;
    border: 1px solid #ccd3db; border-radius: 4px; padding: 2px 12px; user-select: all; }
  .copy-status { color: #2e7d32; font-size: 13px; }
  .note { color: #666; font-size: 13px; margin: 8px 0 0; }
  .error { color: #b00020; }
  .cert-section { border-top: 1px solid #e1e5ea; padding: 14px 0; }
  .cert-section h2 { font-size: 16px; margin: 0 0 6px; }
  .cert-section .explain { color: #555; margin: 0 0 10px; }
`;

const SCRIPT = `
(function () {
  'use strict';
  var revealButton = document.querySelector('button[data-role="reveal"]');
  var slot = document.querySelector('.password-slot');

  function showError(message) {
    slot.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'error';
    p.textContent = message;
    slot.appendChild(p);
  }

  function copy(text, status) {
    function done() { status.textContent = 'コピーしました'; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { status.textContent = 'コピーできませんでした'; });
    } else {
      var area = document.createElement('textarea');
      area.value = text;
      document.body.appendChild(area);
      area.select();
      try { document.execCommand('copy'); done(); } catch (e) { status.textContent = 'コピーできませんでした'; }
      area.remove();
    }
  }

  function reveal() {
    revealButton.disabled = true;
    fetch(${JSON.stringify(ORCAMO_PATHS.password)}, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: '{}'
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (body) {
      slot.innerHTML = '';
      var box = document.createElement('div');
      box.className = 'password-box';
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', 'クライアント証明書のパスワード');
      var title = document.createElement('div');
      title.className = 'password-box-title';
      title.textContent = 'クライアント証明書のパスワード';
      var row = document.createElement('div');
      row.className = 'password-row';
      var pw = document.createElement('span');
      pw.className = 'pw';
      pw.textContent = body.password;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn btn-outline';
      button.textContent = ${JSON.stringify(ORCAMO_TEXTS.copyButton)};
      var status = document.createElement('span');
      status.className = 'copy-status';
      status.setAttribute('aria-live', 'polite');
      button.addEventListener('click', function () { copy(body.password, status); });
      row.appendChild(pw);
      row.appendChild(button);
      row.appendChild(status);
      var note = document.createElement('p');
      note.className = 'note';
      note.textContent = '※パスワードはクライアント証明書と一緒に大切に保管して下さい。';
      box.appendChild(title);
      box.appendChild(row);
      box.appendChild(note);
      slot.appendChild(box);
    }).catch(function () {
      showError('パスワードを取得できませんでした。時間をおいて再度お試し下さい。');
    }).finally(function () { revealButton.disabled = false; });
  }

  function saveThroughBlob(button) {
    var status = document.querySelector('.download-status');
    button.disabled = true;
    status.textContent = '';
    fetch(${JSON.stringify(ORCAMO_PATHS.download)}, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      var match = /filename="([^"]+)"/.exec(r.headers.get('Content-Disposition') || '');
      return r.blob().then(function (blob) { return { blob: blob, name: match ? match[1] : 'certificate.p12' }; });
    }).then(function (file) {
      var url = URL.createObjectURL(file.blob);
      var a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
      if (button.dataset.revoke === 'now') URL.revokeObjectURL(url);
      else setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }).catch(function () {
      status.textContent = 'ダウンロードできませんでした。時間をおいて再度お試し下さい。';
    }).finally(function () { button.disabled = false; });
  }

  var downloadButton = document.querySelector('button[data-role="download"]');
  if (downloadButton) downloadButton.addEventListener('click', function () { saveThroughBlob(downloadButton); });
  revealButton.addEventListener('click', reveal);
  var close = document.querySelector('.alert .close');
  close.addEventListener('click', function () { close.parentElement.remove(); });
})();
`;

function downloadControl(via: DownloadVia): string {
  if (via === 'blob' || via === 'blobOnce') {
    const revoke = via === 'blobOnce' ? ' data-revoke="now"' : '';
    return (
      `<button type="button" class="btn btn-outline" data-role="download"${revoke}>${ORCAMO_TEXTS.downloadLink}</button>` +
      '<span class="download-status error" role="status"></span>'
    );
  }
  if (via === 'form') {
    return (
      `<form method="post" action="${ORCAMO_PATHS.download}" class="download-form" style="display:inline;margin:0">` +
      `<button type="submit" class="btn btn-outline">${ORCAMO_TEXTS.downloadLink}</button></form>`
    );
  }
  return `<a href="${ORCAMO_PATHS.download}">${ORCAMO_TEXTS.downloadLink}</a>`;
}

/** The two actions as a list, one line each: the control right after its text. */
function listLayout(downloadVia: DownloadVia): string {
  return `<ul class="actions">
        <li><span>${ORCAMO_TEXTS.downloadLine}${downloadControl(downloadVia)}</span></li>
        <li><span>${ORCAMO_TEXTS.passwordLine}</span>
          <button type="button" class="btn" data-role="reveal">${ORCAMO_TEXTS.passwordButton}</button></li>
      </ul>
      <div class="password-slot"></div>`;
}

/** The two actions as sections: heading, explanation, then the line or the button (with the password slot). */
function headingLayout(downloadVia: DownloadVia): string {
  return `<section class="cert-section">
        <h2>差し替え用のクライアント証明書</h2>
        <p class="explain">新しいクライアント証明書です。ダウンロードしたファイルの名前は変更しないで下さい。</p>
        <p>${ORCAMO_TEXTS.downloadLine}${downloadControl(downloadVia)}</p>
      </section>
      <section class="cert-section">
        <h2>${ORCAMO_TEXTS.passwordLine}</h2>
        <p class="explain">クライアント証明書のインストール時に入力するパスワードです。下のボタンを押すと、この欄に表示されます。</p>
        <div class="section-actions"><button type="button" class="btn" data-role="reveal">${ORCAMO_TEXTS.passwordButton}</button></div>
        <div class="password-slot"></div>
      </section>`;
}

export function orcamoCertificatePageHtml(account: string | null, downloadVia: DownloadVia = 'link', layout: PageLayout = 'list'): string {
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ORCAMO クラウド管理</title>
<style>${STYLE}</style>
</head>
<body>
<header class="navbar"><span class="brand">ORCAMO</span><span class="brand-sub">クラウド管理</span>
  <span class="account">${account ? escapeHtml(account) : ''}</span></header>
<div class="layout">
  <nav class="sidebar">
    <a href="#">ダッシュボード</a>
    <a href="${ORCAMO_PATHS.page}" class="active">クライアント証明書</a>
    <a href="#">ご契約情報</a>
    <a href="#">お問い合わせ</a>
  </nav>
  <main>
    <h1>クライアント証明書</h1>
    <div class="card">
      <div class="alert" role="alert">${ORCAMO_TEXTS.notice}<button type="button" class="close" aria-label="閉じる">×</button></div>
      ${layout === 'heading' ? headingLayout(downloadVia) : listLayout(downloadVia)}
    </div>
  </main>
</div>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
