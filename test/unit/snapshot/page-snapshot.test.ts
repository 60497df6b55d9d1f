// @vitest-environment jsdom
// @vitest-environment-options {"url":"https://orcamo.localhost/cloud/certificate?session=Zk4Lm9Pq2R#top"}
/**
 * The support snapshot (調査用の情報): the page's structure is in it, secrets and identifiers are not.
 */
import { describe, expect, it } from 'vitest';
import {
  type PageSnapshot,
  type SnapshotElement,
  type SnapshotNode,
  SHORT_TEXT,
  capturePageSnapshot,
  reduceUrl,
  renderSnapshotText,
  sanitize,
} from '../../../src/lib/page-snapshot';
import { $, fixtureHtml, loadFixture, loadHtml } from '../orcamo/fixture';

/** Every element of the snapshot, depth first. */
function elements(node: SnapshotNode): SnapshotElement[] {
  if (!('tag' in node)) return [];
  return [node, ...(node.children ?? []).flatMap(elements)];
}

function find(snapshot: PageSnapshot, predicate: (el: SnapshotElement) => boolean): SnapshotElement | undefined {
  return elements(snapshot.root).find(predicate);
}

/** Both forms a vendor receives. */
function bothForms(snapshot: PageSnapshot): string[] {
  return [JSON.stringify(snapshot), renderSnapshotText(snapshot)];
}

describe('the simulator page after the password was revealed', () => {
  it('keeps the structure: the two lines, their controls, the password box', () => {
    loadFixture('simulator-revealed.html');
    const snapshot = capturePageSnapshot(document);
    expect(snapshot.url).toBe('https://orcamo.localhost/cloud/certificate');
    expect(snapshot.title).toBe('ORCAMO クラウド管理');
    const link = find(snapshot, (el) => el.tag === 'a' && el.text === 'こちら');
    expect(link?.href).toBe('https://orcamo.localhost/cloud/certificate/download');
    expect(find(snapshot, (el) => el.tag === 'button' && el.text === '確認する')?.classes).toEqual(['btn']);
    expect(find(snapshot, (el) => el.role === 'region')?.aria).toEqual(['aria-label']);
    expect(find(snapshot, (el) => el.tag === 'h1')?.text).toBe('クライアント証明書');
    const text = renderSnapshotText(snapshot);
    expect(text).toContain('ul.actions');
    expect(text).toContain('"差し替え用のクライアント証明書のダウンロードは"\n');
    expect(text).toContain('a "こちら" → https://orcamo.localhost/cloud/certificate/download');
    expect(text).toContain('span "クライアント証明書のパスワードを確認する"');
    expect(text).toContain('div.password-box [role=region] [aria-label]');
    expect(text).toContain('span.pw "[secret]"');
    expect(text).toContain('a "ダッシュボード" → #');
  });

  it('has the revealed password nowhere, nor the account identifiers', () => {
    const html = fixtureHtml('simulator-revealed.html');
    expect(html).toContain('jzN56hKHbm');
    loadFixture('simulator-revealed.html');
    const snapshot = capturePageSnapshot(document);
    for (const form of bothForms(snapshot)) {
      expect(form).not.toContain('jzN56hKHbm');
      expect(form).not.toContain('u00000126');
      expect(form).not.toContain('client1210');
      expect(form).toContain('[id] / [id]');
    }
    expect(snapshot.masked.secrets).toBeGreaterThanOrEqual(1);
    expect(snapshot.masked.identifiers).toBe(2);
    expect(snapshot.notes).toEqual([]);
  });
});

describe('what is masked in any text', () => {
  it.each([
    ['ファイル名：004431__JP_u00000126_client1210.p12', 'ファイル名:[number]__JP_[id]_[id].p12'],
    ['受付番号 1234567 / 12345', '受付番号 [number] / [number]'],
    ['２０２５/０１/０６ 0659 1234', '2025/01/06 0659 1234'],
    ['連絡先: support@example.co.jp まで', '連絡先: [email] まで'],
    ['パスワード：Xq7RtA2mPz', 'パスワード:[secret]'],
    ['jzNhKHbmQx', '[secret]'],
    ['build 7f3a9c2e1d', 'build [secret]'],
    ['Download ORCAMOCLOUD password-box', 'Download ORCAMOCLOUD password-box'],
    ['CLIENT1210 と u00000999', '[id] と [id]'],
  ])('%j → %j', (text, expected) => {
    expect(sanitize(text)).toBe(expected);
  });

  it('masks ids, classes and input names too', () => {
    loadHtml('<body><div id="pw-Xq7RtA2mPz" class="user-u00000126 row"><input name="token_1234567" value="secret"></div></body>');
    const snapshot = capturePageSnapshot(document);
    const div = find(snapshot, (el) => el.tag === 'div');
    // `-` is a password character: the whole run is masked.
    expect(div?.id).toBe('[secret]');
    expect(div?.classes).toEqual(['user-[id]', 'row']);
    expect(find(snapshot, (el) => el.tag === 'input')?.input).toEqual({ type: 'text', name: 'token_[number]', value: 'masked' });
    for (const form of bothForms(snapshot)) expect(form).not.toMatch(/Xq7RtA2mPz|u00000126|1234567|"secret"/);
  });
});

describe('inputs, links, scripts and styles', () => {
  it('keeps an input’s type, name and readonly flag, never its value (attribute or property)', () => {
    loadFixture('readonly-input.html');
    ($('#pw') as HTMLInputElement).value = 'Nw7Bq2Lx5C';
    const snapshot = capturePageSnapshot(document);
    expect(find(snapshot, (el) => el.id === 'pw')?.input).toEqual({ type: 'text', readonly: true, value: 'masked' });
    expect(find(snapshot, (el) => el.input?.name === '_token')?.input?.type).toBe('hidden');
    // The input hidden by its style is marked hidden.
    expect(find(snapshot, (el) => el.input?.name === 'csrf_token')?.hidden).toBe(true);
    for (const form of bothForms(snapshot)) {
      for (const secret of ['Nw7Bq2Lx5C', 'bT4kW9zQ1e', 'Kd83jfL2qP', 'a1B2c3D4e5', 'Mq2Zx8Lp4W']) expect(form).not.toContain(secret);
    }
    expect(snapshot.masked.values).toBe(3);
    expect(renderSnapshotText(snapshot)).toContain('input#pw [type=text readonly] value: masked');
  });

  it('reduces links to scheme, host and path: no query, no fragment, blob:/javascript: to their scheme', () => {
    loadHtml(`<body>
      <a id="q" href="https://orcamo.localhost/portal/cert/replacement/download?id=3f9c&amp;token=Zk4Lm9Pq2R#frag">こちら</a>
      <a id="rel" href="dl?format=p12">こちら</a>
      <a id="blob" href="blob:https://orcamo.localhost/6f1c0c1e-2b7a-4d0e-9a51-3c2f0f6d9b11">保存</a>
      <a id="js" href="javascript:download('u00000126')">こちら</a>
      <a id="mail" href="mailto:support@example.co.jp?subject=x">問い合わせ</a>
      <a id="user" href="https://user:pw@files.orcamo.localhost/u00000126/1234567/file.p12">file</a></body>`);
    const snapshot = capturePageSnapshot(document);
    const href = (id: string): string | undefined => find(snapshot, (el) => el.id === id)?.href;
    expect(href('q')).toBe('https://orcamo.localhost/portal/cert/replacement/download');
    expect(href('rel')).toBe('https://orcamo.localhost/cloud/dl');
    expect(href('blob')).toBe('blob:');
    expect(href('js')).toBe('javascript:');
    expect(href('mail')).toBe('mailto:');
    expect(href('user')).toBe('https://files.orcamo.localhost/[id]/[number]/file.p12');
    expect(snapshot.url).toBe('https://orcamo.localhost/cloud/certificate');
    for (const form of bothForms(snapshot)) expect(form).not.toMatch(/\?|#frag|3f9c|Zk4Lm9Pq2R|6f1c0c1e|support@|user:pw/);
    expect(reduceUrl('::not a url', 'about:blank')).toBe('[not a URL]');
  });

  it('keeps no script, style or template content, and no head', () => {
    loadFixture('noise.html');
    document.body.insertAdjacentHTML(
      'beforeend',
      '<script>var token = "Pq9Wd4Ks2L";</script><style>.x{content:"Hn3Bv7Cx1Z"}</style><template><p>Tm2Xc8Vb4N</p></template>',
    );
    const snapshot = capturePageSnapshot(document);
    for (const form of bothForms(snapshot)) {
      for (const secret of ['Pq9Wd4Ks2L', 'Hn3Bv7Cx1Z', 'Tm2Xc8Vb4N', 'Q2w3E4r5T6', 'jzN56hKHbm', 'AB12C34D56', '9K2L7M4N1P']) {
        expect(form).not.toContain(secret);
      }
      expect(form).not.toContain('csrf-token');
    }
    expect(find(snapshot, (el) => el.tag === 'script')?.omitted).toBe('script content not kept');
    // The order number row and the dates are still there for the vendor, masked where shaped like secrets.
    expect(renderSnapshotText(snapshot)).toContain('dt "ご注文番号"');
    expect(renderSnapshotText(snapshot)).toContain('dd "2025/01/06"');
  });
});

describe('texts, visibility and shadow roots', () => {
  it('keeps short texts, notes long ones by length only', () => {
    const long = 'この文章は説明のための長い段落です。'.repeat(6);
    loadHtml(`<body><p>${long}</p><p>短い説明</p></body>`);
    const snapshot = capturePageSnapshot(document);
    const [first, second] = snapshot.root.children ?? [];
    expect((first as SnapshotElement).children).toEqual([{ text: '', omitted: `text of ${long.length} characters` }]);
    expect(long.length).toBeGreaterThan(SHORT_TEXT);
    expect((second as SnapshotElement).children).toEqual([{ text: '短い説明' }]);
  });

  it('marks what is hidden (a hidden modal) and what shows once it opens', () => {
    loadFixture('modal-dialog.html');
    const modal = (s: PageSnapshot): SnapshotElement | undefined => find(s, (el) => el.role === 'dialog');
    expect(modal(capturePageSnapshot(document))?.hidden).toBe(true);
    expect(find(capturePageSnapshot(document), (el) => el.tag === 'h4')?.hidden).toBe(true);
    $('.modal').classList.remove('is-hidden');
    const shown = capturePageSnapshot(document);
    expect(modal(shown)?.hidden).toBeUndefined();
    expect(modal(shown)?.aria).toEqual(['aria-modal', 'aria-labelledby']);
    for (const form of bothForms(shown)) expect(form).not.toContain('H3nR8sLw2K');
  });

  it('includes open shadow roots, masked like the rest', () => {
    loadFixture('shadow-root.html');
    const template = $('#panel-template') as HTMLTemplateElement;
    const shadow = $('#panel').attachShadow({ mode: 'open' });
    shadow.append(template.content.cloneNode(true));
    const pw = shadow.getElementById('pw');
    if (pw) pw.textContent = 'Tn6Yh3Gd9B';
    const snapshot = capturePageSnapshot(document);
    const host = find(snapshot, (el) => el.tag === 'orcamo-cert-panel');
    const root = host?.children?.[0] as SnapshotElement | undefined;
    expect(root?.tag).toBe('#shadow-root');
    expect(elements(root as SnapshotElement).some((el) => el.tag === 'button' && el.text === '確認する')).toBe(true);
    expect(renderSnapshotText(snapshot)).toContain('#shadow-root');
    for (const form of bothForms(snapshot)) expect(form).not.toContain('Tn6Yh3Gd9B');
  });
});

describe('bounds', () => {
  it('stops at the node cap and says so', () => {
    loadHtml(`<body><ul>${'<li>項目</li>'.repeat(500)}</ul></body>`);
    const snapshot = capturePageSnapshot(document, { maxNodes: 100 });
    expect(snapshot.nodes).toBe(100);
    expect(snapshot.leftOut).toBeGreaterThan(0);
    expect(snapshot.notes[0]).toMatch(/^truncated: \d+ node\(s\) left out after the first 100$/);
    expect(renderSnapshotText(snapshot)).toContain('Note: truncated');
  });

  it('stops at the depth cap and says so', () => {
    loadHtml(`<body>${'<div>'.repeat(30)}深い${'</div>'.repeat(30)}</body>`);
    const snapshot = capturePageSnapshot(document, { maxDepth: 10 });
    expect(snapshot.notes).toEqual(['truncated: content deeper than 10 levels left out']);
    expect(JSON.stringify(snapshot)).not.toContain('深い');
  });

  it('is plain JSON: what is parsed back is what was captured', () => {
    loadFixture('table-current-and-replacement.html');
    const snapshot = capturePageSnapshot(document);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    // Serials (0659, 114F) and dates are kept: the vendor compares them with the certificate picker.
    expect(JSON.stringify(snapshot)).toContain('114F');
    for (const form of bothForms(snapshot)) expect(form).not.toMatch(/client1210|u00000126|004431|000659/);
  });

  it('reads a subtree root (no URL, no title)', () => {
    loadFixture('noise.html');
    const snapshot = capturePageSnapshot($('.card'));
    expect(snapshot.url).toBeNull();
    expect(snapshot.root.tag).toBe('div');
  });
});
