// @vitest-environment jsdom
// @vitest-environment-options {"url":"https://orcamo.localhost/cloud/certificate"}
/**
 * Saved ORCAMO variants read by structure (issue 15): each finds the right control, or none, and never a decoy.
 * The fixtures' first comments say what each one tests.
 */
import { describe, expect, it } from 'vitest';
import { findShownPassword, recogniseReplacementPage } from '../../../src/lib/orcamo-page';
import { withSiteTexts } from '../../../src/lib/site-texts';
import { $, loadFixture, loadHtml } from './fixture';

describe('sections with explanations (heading, paragraph, button)', () => {
  it('takes the 確認する of the password heading, not the one of the certificate in use', () => {
    loadFixture('section-heading-explanation.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cloud/certificate/replacement/download');
    expect(page?.passwordButton).toBe($('#reveal'));
    expect(page?.revealedPassword).toBeNull();
  });

  it('reads the password revealed into the section', () => {
    loadFixture('section-heading-explanation.html');
    $('#password .result').innerHTML = '<p>パスワード：<code>Vb8Kx2Qm5T</code></p>';
    expect(findShownPassword(document)).toEqual({ password: 'Vb8Kx2Qm5T', strong: true });
  });

  it('has no password button once the password section loses its button (never the other section’s)', () => {
    loadFixture('section-heading-explanation.html');
    $('#reveal').remove();
    expect(recogniseReplacementPage(document)?.passwordButton).toBeNull();
  });

  it('keeps the heading through a bold note and a wrapper (card header, card body)', () => {
    loadHtml(`<body><main><p>差し替え用のクライアント証明書のダウンロードは<a href="/d">こちら</a></p>
      <div class="card"><div class="card-header"><h3>クライアント証明書のパスワードを確認する</h3></div>
      <div class="card-body"><p><b>ご注意</b></p><p>表示されたパスワードは控えて下さい。</p>
      <div class="actions"><button type="button" id="reveal">確認する</button></div></div></div></main></body>`);
    expect(recogniseReplacementPage(document)?.passwordButton).toBe($('#reveal'));
  });

  it('does not carry a heading into the next section', () => {
    loadHtml(`<body><main><p>差し替え用のクライアント証明書のダウンロードは<a href="/d">こちら</a></p>
      <section><h3>クライアント証明書のパスワードを確認する</h3><p>下のボタンで表示します。</p></section>
      <section><h3>お支払い</h3><p>ご請求額を表示します。</p><button type="button">確認する</button></section></main></body>`);
    expect(recogniseReplacementPage(document)?.passwordButton).toBeNull();
  });

  it('takes bold card titles as headings, each with its own button', () => {
    loadFixture('card-title.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/portal/cert/replacement');
    expect(page?.passwordButton).toBe($('#reveal'));
    $('.card-result').innerHTML = '<span>パスワード</span> <span>Zp3Rt7Yq1W</span>';
    expect(findShownPassword(document)).toEqual({ password: 'Zp3Rt7Yq1W', strong: true });
  });
});

describe('dialogs', () => {
  it('reads a password in an open <dialog> (a readonly input beside コピー), never while it is closed', () => {
    loadFixture('dialog-element.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('a.dl'));
    expect(page?.passwordButton).toBe($('button.open-dialog'));
    // Closed: the page's own readonly input (the contract id) is no password.
    expect(page?.revealedPassword).toBeNull();
    $('#pw-dialog').setAttribute('open', '');
    expect(findShownPassword(document)).toEqual({ password: 'Gt4Wp9Ld3S', strong: true });
  });

  it('reads a role=dialog modal appended to <body>: the パスワード term, not the order number', () => {
    loadFixture('role-dialog-reveal.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('a.js-download'));
    expect(page?.downloadUrl).toBeNull();
    expect(page?.passwordButton).toBe($('button.js-open-password'));
    expect(page?.revealedPassword).toBeNull();
    $('.modal').classList.remove('is-hidden');
    expect(findShownPassword(document)).toEqual({ password: 'Hs5Dk8Pw2N', strong: true });
    $('.modal-body dd:last-of-type').remove();
    expect(findShownPassword(document)).toBeNull();
  });
});

describe('inputs and placeholders', () => {
  it('reads readonly inputs by their aria-labelledby label; the contract id and the CN are never the password', () => {
    loadFixture('readonly-aria-inputs.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.passwordButton).toBe($('#reveal'));
    expect(page?.revealedPassword).toBeNull();
    ($('#pw') as HTMLInputElement).value = 'Jw6Nc3Vb8X';
    expect(findShownPassword(document)).toEqual({ password: 'Jw6Nc3Vb8X', strong: true });
  });

  it('reads no password while the page shows masked placeholders, then the revealed one', () => {
    loadFixture('masked-placeholder.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.passwordButton).toBe($('#reveal'));
    expect(page?.revealedPassword).toBeNull();
    $('#masked').textContent = 'Pq4Lm8Zx2C';
    ($('#masked-input') as HTMLInputElement).value = 'Pq4Lm8Zx2C';
    expect(findShownPassword(document)).toEqual({ password: 'Pq4Lm8Zx2C', strong: true });
  });
});

describe('tables and definition lists', () => {
  it('takes the こちら under the replacement column header, not the one under the current certificate', () => {
    loadFixture('table-current-and-replacement.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#replacement-dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cert/replacement/download');
    expect(page?.passwordButton).toBe($('#reveal'));
    // Serials, dates, file names and the reception number (受付番号) are never the password.
    expect(page?.revealedPassword).toBeNull();
    $('#pw-cell').innerHTML = '<code>Xr5Tb9Mk3D</code>';
    expect(findShownPassword(document)).toEqual({ password: 'Xr5Tb9Mk3D', strong: true });
  });

  it('has no download control when the replacement column has none (the current one is not taken)', () => {
    loadFixture('table-current-and-replacement.html');
    $('#replacement-dl').remove();
    expect(recogniseReplacementPage(document)?.downloadLink).toBeNull();
  });

  it('pairs each <dd> control with its <dt>', () => {
    loadFixture('definition-list.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#replacement-dl'));
    expect(page?.downloadUrl).toBeNull();
    expect(page?.passwordButton).toBe($('#reveal'));
    expect(page?.revealedPassword).toBeNull();
    $('#pw').textContent = 'Fd7Hs2Kq9L';
    expect(findShownPassword(document)).toEqual({ password: 'Fd7Hs2Kq9L', strong: true });
  });

  it('a table row labelled by a policy text: the control in that row, not in the current certificate’s', () => {
    loadHtml(`<body><table><tr><th>証明書</th><th>シリアル</th><th></th></tr>
      <tr><td>ご利用中のクライアント証明書</td><td>0659</td><td><a href="/cert/current">ダウンロード</a></td></tr>
      <tr><td>差し替え用のクライアント証明書</td><td>114F</td><td><a href="/cert/new" id="new">ダウンロード</a></td></tr>
      <tr><td>パスワード</td><td><button type="button" id="show">表示</button></td><td></td></tr></table></body>`);
    expect(recogniseReplacementPage(document)).toBeNull();
    const texts = withSiteTexts({
      downloadLine: ['差し替え用のクライアント証明書'],
      downloadLink: ['ダウンロード'],
      passwordLine: ['パスワード'],
      passwordButton: ['表示'],
    });
    const page = recogniseReplacementPage(document, texts);
    expect(page?.downloadLink).toBe($('#new'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cert/new');
    expect(page?.passwordButton).toBe($('#show'));
  });
});

describe('late rendering', () => {
  it('gives null or no control at every partial step, never the manual’s こちら or the help 確認する', () => {
    loadFixture('late-rendering.html');
    const app = $('#app');
    expect(recogniseReplacementPage(document)).toBeNull();

    app.innerHTML = '<section><p id="line">差し替え用のクライアント証明書のダウンロードは</p></section>';
    expect(recogniseReplacementPage(document)).toBeNull();

    // The text arrives before its link (a framework rendering the word, then wrapping it).
    $('#line').insertAdjacentHTML('beforeend', '<span id="word">こちら</span>');
    let page = recogniseReplacementPage(document);
    expect(page).not.toBeNull();
    expect(page?.downloadLink).toBeNull();

    $('#word').outerHTML = '<a href="/cloud/dl" id="dl">こちら</a>';
    page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.passwordButton).toBeNull();

    $('section').insertAdjacentHTML('beforeend', '<h3>クライアント証明書のパスワードを確認する</h3><p>ボタンを押すと表示されます。</p>');
    expect(recogniseReplacementPage(document)?.passwordButton).toBeNull();

    $('section').insertAdjacentHTML('beforeend', '<div><button type="button" id="reveal">確認する</button></div>');
    page = recogniseReplacementPage(document);
    expect(page?.passwordButton).toBe($('#reveal'));
    expect(page?.revealedPassword).toBeNull();

    $('section').insertAdjacentHTML('beforeend', '<div class="pw"><span>パスワード</span><span>Kb2Wn7Rc4M</span></div>');
    expect(findShownPassword(document)).toEqual({ password: 'Kb2Wn7Rc4M', strong: true });
  });
});

describe('script downloads and decoy lines', () => {
  it('takes a script-driven こちら button (blob: save) with no URL, never the leftover blob: link', () => {
    loadFixture('script-download-blob.html');
    let page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.downloadUrl).toBeNull();
    expect(page?.passwordButton).toBe($('#reveal'));
    // Were the blob: link itself the line's こちら, it is still no URL to fetch.
    const save = $('#save');
    save.removeAttribute('hidden');
    $('#dl').replaceWith(save);
    page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe(save);
    expect(page?.downloadUrl).toBeNull();
  });

  it('takes neither the manual’s nor the current certificate’s こちら for a line without its own', () => {
    loadFixture('decoy-download-lines.html');
    let page = recogniseReplacementPage(document);
    expect(page).not.toBeNull();
    expect(page?.downloadLink).toBeNull();
    expect(page?.passwordButton).toBe($('#reveal'));
    $('#replacement .badge').outerHTML = '<a href="/cert/replacement" id="dl">ダウンロード</a>';
    expect(recogniseReplacementPage(document)?.downloadLink).toBeNull();
    $('#replacement').innerHTML = '差し替え用のクライアント証明書のダウンロードは<a href="/cert/replacement" id="dl">こちら</a>';
    page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cert/replacement');
  });

  it('finds the lines inside longer sentences with odd whitespace, not the quoted help line', () => {
    loadFixture('sentence-phrase.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cert/new');
    expect(page?.passwordButton).toBe($('#reveal'));
    $('.out').textContent = 'パスワードは Wm4Qz8Lc2V です。';
    expect(findShownPassword(document)).toEqual({ password: 'Wm4Qz8Lc2V', strong: true });
  });
});

describe('open shadow roots', () => {
  function attachPanel(): ShadowRoot {
    const template = $('#panel-template') as HTMLTemplateElement;
    const shadow = $('#panel').attachShadow({ mode: 'open' });
    shadow.append(template.content.cloneNode(true));
    return shadow;
  }

  it('reads the lines, controls and password inside an open shadow root, with slotted text', () => {
    loadFixture('shadow-root.html');
    expect(recogniseReplacementPage(document)).toBeNull();
    const shadow = attachPanel();
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe(shadow.getElementById('dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cloud/certificate/download');
    expect(page?.passwordButton).toBe(shadow.getElementById('reveal'));
    expect(page?.revealedPassword).toBeNull();
    const pw = shadow.getElementById('pw');
    if (pw) pw.textContent = 'Tn6Yh3Gd9B';
    expect(findShownPassword(document)).toEqual({ password: 'Tn6Yh3Gd9B', strong: true });
  });

  it('ignores the shadow content while its host is hidden', () => {
    loadFixture('shadow-root.html');
    attachPanel();
    $('#panel').setAttribute('hidden', '');
    expect(recogniseReplacementPage(document)).toBeNull();
  });
});
