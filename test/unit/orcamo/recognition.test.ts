// @vitest-environment jsdom
// @vitest-environment-options {"url":"https://orcamo.localhost/cloud/certificate"}
import { describe, expect, it } from 'vitest';
import { findShownPassword, isRendered, passwordTokenIn, plainUrlOf, recogniseReplacementPage } from '../../../src/lib/orcamo-page';
import { $, fixtureHtml, loadFixture, loadHtml } from './fixture';

interface Expected {
  link: string | null;
  url: string | null;
  button: string | null;
  password: string | null;
}

/** Every fixture with what must be recognised in it: selectors of the controls, the URL, the password. */
const RECOGNISED: Record<string, Expected> = {
  'simulator.html': {
    link: 'li a',
    url: 'https://orcamo.localhost/cloud/certificate/download',
    button: 'button[data-role=reveal]',
    password: null,
  },
  'simulator-revealed.html': {
    link: 'li a',
    url: 'https://orcamo.localhost/cloud/certificate/download',
    button: 'button[data-role=reveal]',
    password: 'jzN56hKHbm',
  },
  'table-layout.html': {
    link: 'td a',
    url: 'https://orcamo.localhost/portal/cert/replacement/download?id=3f9c',
    button: 'input[type=button]',
    password: 'Xq7RtA2mPz',
  },
  'readonly-input.html': {
    link: '.panel-body a[download]',
    url: 'https://orcamo.localhost/certificate/replacement/004431_JP_u00000126_client1210.p12',
    button: 'a[role=button]',
    password: 'bT4kW9zQ1e',
  },
  'modal-dialog.html': {
    link: 'a.link',
    url: 'https://orcamo.localhost/api/v1/client-certificates/replacement/file',
    button: '.item button.btn',
    password: null,
  },
  'button-form-post.html': {
    link: 'button.link-button',
    url: null,
    button: 'a[onclick]',
    password: null,
  },
  'whole-line-controls.html': {
    link: '.box a',
    url: 'https://orcamo.localhost/files/replacement?format=p12',
    button: '.box button',
    password: 'Rm5tGv8YcQ',
  },
  'no-password-line.html': {
    link: '.card a',
    url: 'https://orcamo.localhost/cloud/download',
    button: null,
    password: null,
  },
  'noise.html': {
    link: '.line a',
    url: 'https://orcamo.localhost/cert/dl/601',
    button: '.line button',
    password: 'jzN56hKHbm',
  },
};

describe('recogniseReplacementPage over the fixtures', () => {
  it.each(Object.entries(RECOGNISED))('%s', (name, expected) => {
    loadFixture(name);
    const page = recogniseReplacementPage(document);
    expect(page).not.toBeNull();
    expect(page?.downloadLink ?? null).toBe(expected.link ? $(expected.link) : null);
    expect(page?.downloadUrl).toBe(expected.url);
    expect(page?.passwordButton ?? null).toBe(expected.button ? $(expected.button) : null);
    expect(page?.revealedPassword).toBe(expected.password);
  });

  // About 0.3% of real 10-character passwords have no digit and read like a word (the simulator drew such ones and a
  // CI run failed). Where the page says twice that it is the password, the draw is still read, whatever its letters.
  const LETTERS_ONLY = ['Zqrtvbnmkl', 'zqrtvbnmkl', 'ZQRTVBNMKL', 'Qwertyuiop'];
  it.each(
    Object.entries(RECOGNISED)
      .filter(([, expected]) => expected.password !== null)
      .flatMap(([name, expected]) => LETTERS_ONLY.map((draw) => [name, expected.password!, draw] as const)),
  )('%s with its password %s drawn as %s', (name, password, draw) => {
    loadHtml(fixtureHtml(name).replaceAll(password, draw));
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe(draw);
  });

  it('a letters-only token only after the 確認する line stays unread; with its label and コピーする it is the password', () => {
    const weak = fixtureHtml('noise.html')
      .replace('<small class="ref">9K2L7M4N1P</small>', '')
      .replace(/<div class="pw-row">.*?<\/div>/, '<div class="pw-row"><span class="val">Qwertyuiop</span></div>');
    loadHtml(weak);
    expect(recogniseReplacementPage(document)?.revealedPassword).toBeNull();
    // The same token with its label and コピーする beside it is the password.
    loadHtml(fixtureHtml('noise.html').replace('jzN56hKHbm', 'Qwertyuiop'));
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe('Qwertyuiop');
  });

  it.each(['login.html', 'help-page.html'])('%s is not the replacement page', (name) => {
    loadFixture(name);
    expect(recogniseReplacementPage(document)).toBeNull();
  });

  it('finds the page from a subtree root, and not from a subtree without the line', () => {
    loadFixture('noise.html');
    expect(recogniseReplacementPage($('.card'))?.revealedPassword).toBe('jzN56hKHbm');
    expect(recogniseReplacementPage($('header'))).toBeNull();
  });

  it('returns null for an empty page and for the phrase only in <head> scripts', () => {
    loadHtml('<html><head><script>var t = "差し替え用のクライアント証明書のダウンロードはこちら";</script></head><body></body></html>');
    expect(recogniseReplacementPage(document)).toBeNull();
  });
});

describe('the modal dialog', () => {
  it('reads the password once the dialog shows, with the app behind it aria-hidden', () => {
    loadFixture('modal-dialog.html');
    // Pre-rendered but hidden: not revealed.
    expect(recogniseReplacementPage(document)?.revealedPassword).toBeNull();
    $('.modal').classList.remove('is-hidden');
    $('#app').setAttribute('aria-hidden', 'true');
    const page = recogniseReplacementPage(document);
    expect(page?.revealedPassword).toBe('H3nR8sLw2K');
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/api/v1/client-certificates/replacement/file');
  });
});

describe('hidden things are never recognised', () => {
  it('ignores a download line that is not rendered', () => {
    loadFixture('simulator.html');
    $('ul.actions').style.display = 'none';
    expect(recogniseReplacementPage(document)).toBeNull();
  });

  it('ignores a hidden こちら control and a hidden password', () => {
    loadFixture('simulator-revealed.html');
    $('li a').setAttribute('hidden', '');
    $('.password-box').style.visibility = 'hidden';
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBeNull();
    expect(page?.downloadUrl).toBeNull();
    expect(page?.revealedPassword).toBeNull();
  });

  it('never takes a hidden input, whatever its label', () => {
    loadFixture('readonly-input.html');
    $('#pw').setAttribute('type', 'hidden');
    expect(recogniseReplacementPage(document)?.revealedPassword).toBeNull();
  });
});

describe('download URLs', () => {
  it.each([
    ['javascript:', '<a href="javascript:download()">こちら</a>', null],
    ['a same-page anchor', '<a href="#">こちら</a>', null],
    ['a fragment', '<a href="#download">こちら</a>', null],
    ['an onclick link', '<a href="/dl" onclick="return track()">こちら</a>', null],
    ['a role=button span', '<span role="button" tabindex="0">こちら</span>', null],
    ['an input button', '<input type="button" value="こちら">', null],
    ['a link in the next paragraph', '</p><p><a href="/t">こちら</a>', 'https://orcamo.localhost/t'],
    ['a plain link', '<a href="/dl?x=1">こちら</a>', 'https://orcamo.localhost/dl?x=1'],
    ['a link in full-width text with spaces', '<a href="dl"> こ ち ら </a>', 'https://orcamo.localhost/cloud/dl'],
    ['a link to another origin', '<a href="https://files.orcamo.localhost/p/1">こちら</a>', 'https://files.orcamo.localhost/p/1'],
    ['an ftp link', '<a href="ftp://orcamo.localhost/x.p12">こちら</a>', null],
  ])('%s', (_, control, url) => {
    loadHtml(`<body><p>差し替え用のクライアント証明書のダウンロードは${control}</p></body>`);
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).not.toBeNull();
    expect(page?.downloadUrl).toBe(url);
  });

  it('resolves relative links against <base>', () => {
    loadHtml(
      '<head><base href="https://orcamo.localhost/portal/"></head><body><p>差し替え用のクライアント証明書のダウンロードは<a href="cert/file">こちら</a></p></body>',
    );
    expect(recogniseReplacementPage(document)?.downloadUrl).toBe('https://orcamo.localhost/portal/cert/file');
  });

  it('finds こちら in a sibling block (label and button side by side), not a far one', () => {
    loadHtml('<body><div class="row"><div>差し替え用のクライアント証明書のダウンロードは</div><div><button>こちら</button></div></div></body>');
    // The phrase spans both divs: their row is the line and holds the button.
    expect(recogniseReplacementPage(document)?.downloadLink?.localName).toBe('button');
    loadHtml('<body><p>差し替え用のクライアント証明書のダウンロードはこちら</p><p><a href="/x">こちら</a></p></body>');
    expect(recogniseReplacementPage(document)?.downloadUrl).toBe('https://orcamo.localhost/x');
    loadHtml(
      '<body><p>差し替え用のクライアント証明書のダウンロードはこちら</p><p>長い説明文がここにあり、他のリンクは関係ありません。</p><p><a href="/x">こちら</a></p></body>',
    );
    expect(recogniseReplacementPage(document)?.downloadLink).toBeNull();
  });

  it('does not take the help link of another line as the download control', () => {
    loadHtml('<body><ul><li>差し替え用のクライアント証明書のダウンロードは<a href="/dl">こちら</a></li><li>手順書は<a href="/doc">こちら</a></li></ul></body>');
    expect(recogniseReplacementPage(document)?.downloadUrl).toBe('https://orcamo.localhost/dl');
  });

  it('plainUrlOf takes a button inside a link as the link', () => {
    loadHtml('<body><a href="/dl"><span>こちら</span></a></body>');
    expect(plainUrlOf($('span'))).toBe('https://orcamo.localhost/dl');
  });
});

describe('the password', () => {
  it.each([
    ['jzN56hKHbm', 'jzN56hKHbm'],
    ['  jzN56hKHbm\n', 'jzN56hKHbm'],
    ['ｊｚＮ５６ｈＫＨｂｍ', 'jzN56hKHbm'],
    ['パスワード：jzN56hKHbm', 'jzN56hKHbm'],
    ['パスワードは jzN56hKHbm です。', 'jzN56hKHbm'],
    ['Password: a1b2c3d4', 'a1b2c3d4'],
    ['xK9#mP2!qR', 'xK9#mP2!qR'],
    ['jzNhKHbmQx', 'jzNhKHbmQx'],
    // Capitals and a single lower-case letter, no digit: a random draw the simulator once made, which no word is.
    ['ZTQJPLHYZv', 'ZTQJPLHYZv'],
  ])('takes %j', (text, token) => {
    expect(passwordTokenIn(text)?.token).toBe(token);
  });

  it.each([
    '2025-03-31',
    '2025/03/31',
    '0123456789',
    'Download',
    'Password',
    'certificate',
    'ORCAMOCLOUD',
    'Certificate',
    'abc123',
    '601_JP_u00000126_client1210.p12',
    'client1210.p12',
    'a'.repeat(33),
    'クライアント証明書',
    '**********',
    '●●●●●●●●●●',
    'jzN56 hKHbm x',
    'client1210',
    'u00000126',
  ])('rejects %j', (text) => {
    expect(passwordTokenIn(text)).toBeNull();
  });

  it('prefers the labelled token beside コピーする over a reference code and an order number in the same card', () => {
    loadFixture('noise.html');
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe('jzN56hKHbm');
    // Without the password row, nothing labelled as something else is taken; the unlabelled code right after the
    // 確認する line is a weak candidate and is what remains.
    $('.pw-row').remove();
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe('9K2L7M4N1P');
    $('.ref').remove();
    expect(recogniseReplacementPage(document)?.revealedPassword).toBeNull();
  });

  it('takes a password the page inserts into the line itself, replacing the button', () => {
    loadFixture('simulator.html');
    const button = $('button[data-role=reveal]');
    const shown = document.createElement('strong');
    shown.textContent = 'Qm3Vn8Tz5W';
    button.replaceWith(shown);
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe('Qm3Vn8Tz5W');
  });

  it('never takes the certificate subject (client1210, u00000126) or a token labelled as the certificate', () => {
    loadHtml(`<body><div class="card"><p>差し替え用のクライアント証明書のダウンロードは<a href="/d">こちら</a></p>
      <p>クライアント証明書のパスワードを確認する<button>確認する</button></p>
      <p><span>client1210</span> <span>u00000126</span></p>
      <dl><dt>証明書</dt><dd>Cl1ent9Q0x</dd></dl></div></body>`);
    expect(recogniseReplacementPage(document)?.revealedPassword).toBeNull();
  });

  it('tells a strong password (label, copy button, dialog) from one merely near the line', () => {
    loadFixture('noise.html');
    expect(findShownPassword(document)).toEqual({ password: 'jzN56hKHbm', strong: true });
    $('.pw-row').remove();
    expect(findShownPassword(document)).toEqual({ password: '9K2L7M4N1P', strong: false });
    loadFixture('login.html');
    expect(findShownPassword(document)).toBeNull();
  });

  it('takes a password in a <dl> next to an order number', () => {
    loadHtml(`<body><div class="card"><p>差し替え用のクライアント証明書のダウンロードは<a href="/d">こちら</a></p>
      <p>クライアント証明書のパスワードを確認する<button>確認する</button></p>
      <dl><dt>ご注文番号</dt><dd>AB12C34D56</dd><dt>パスワード</dt><dd>Ty6Ru2Ei9W</dd></dl></div></body>`);
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe('Ty6Ru2Ei9W');
  });

  it('does not take tokens far from the password: header, footer, navigation', () => {
    loadHtml(`<body><header><span>ID</span> <span>u00000126</span> <span>Zr4Lk8Mn2B</span></header>
      <main><p>差し替え用のクライアント証明書のダウンロードは<a href="/d">こちら</a></p>
      <p>クライアント証明書のパスワードを確認する<button>確認する</button></p></main>
      <footer><span>7f3a9c2e1d</span></footer></body>`);
    expect(recogniseReplacementPage(document)?.revealedPassword).toBeNull();
  });

  it('reads a value set by script on an input (the property, not the attribute)', () => {
    loadFixture('readonly-input.html');
    ($('#pw') as HTMLInputElement).value = 'Nw7Bq2Lx5C';
    expect(recogniseReplacementPage(document)?.revealedPassword).toBe('Nw7Bq2Lx5C');
  });
});

describe('isRendered', () => {
  it('ignores aria-hidden but honours hidden, display and visibility', () => {
    loadHtml('<body><div id="a" aria-hidden="true"><span id="s">x</span></div><div id="b" hidden><span id="t">x</span></div></body>');
    expect(isRendered($('#s'))).toBe(true);
    expect(isRendered($('#t'))).toBe(false);
    $('#a').style.visibility = 'hidden';
    expect(isRendered($('#s'))).toBe(false);
  });
});
