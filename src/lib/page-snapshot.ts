/**
 * A support snapshot (調査用の情報, issue 15 item 3): a sanitized picture of the WebORCA or ORCAMO page for the
 * clinic's IT vendor, for the day the real site differs from what the readers expect. Pure: it reads the DOM (and
 * computed styles, for what is shown) and returns plain JSON-serialisable data; saving it is the caller's business.
 *
 * What it keeps: the element tree in rendering order (open shadow roots included, as `#shadow-root` children) with
 * each element's tag, id, classes, role, the NAMES of its aria-* attributes and whether it is hidden; the texts of
 * headings, labels, buttons, links, table headers, `<dt>`, `<legend>`, `<caption>`, `<summary>`, and text nodes of at
 * most SHORT_TEXT characters (longer ones are noted by length only); a link's URL as scheme, host and path; an input's
 * type, name and readonly flag.
 * What it never keeps: input, select and textarea values (a mask says whether there was one), anything shaped like a
 * password, the certificate's identifiers (`clientNNNN`, `uNNNNNNNN`), e-mail addresses and numbers of five digits or
 * more (masked in every text, id, class, name and path), query strings and fragments, `blob:`/`data:`/`javascript:`
 * URLs beyond their scheme, scripts', styles' and templates' contents, cookies, any other attribute.
 * It is bounded: at most `maxNodes` nodes and `maxDepth` levels, with a note saying what was left out.
 */

export interface SnapshotOptions {
  /** Nodes (elements and texts) recorded at most; default 3000. */
  maxNodes?: number;
  /** Levels below the root recorded at most; default 60. */
  maxDepth?: number;
}

export interface SnapshotInput {
  type: string;
  name?: string;
  readonly?: true;
  /** Never the value itself. */
  value: 'masked' | 'empty';
}

export interface SnapshotElement {
  tag: string;
  id?: string;
  classes?: string[];
  role?: string;
  /** Names of the aria-* attributes present (their values are not kept). */
  aria?: string[];
  /** Not rendered (hidden attribute, display:none, visibility:hidden, a closed dialog…). */
  hidden?: true;
  /** A link's target reduced to scheme://host/path (or just the scheme for blob:, data:, javascript:…). */
  href?: string;
  input?: SnapshotInput;
  /** The visible text of a heading, label, button, link, table header, dt, legend, caption or summary. */
  text?: string;
  children?: SnapshotNode[];
  /** Why some content is not here (a script's content, the node cap…). */
  omitted?: string;
}

export interface SnapshotText {
  /** A short text node, sanitized; a long one is reported by its length in `omitted`. */
  text: string;
  omitted?: string;
}

export type SnapshotNode = SnapshotElement | SnapshotText;

export interface PageSnapshot {
  kind: 'weborca-cert-companion/page-snapshot';
  version: 1;
  /** The page URL reduced like links; null when the root is not a whole document. */
  url: string | null;
  title: string | null;
  root: SnapshotElement;
  /** Recorded nodes, and how many were left out by the caps. */
  nodes: number;
  leftOut: number;
  masked: { values: number; secrets: number; identifiers: number; emails: number; numbers: number };
  /** Plain sentences about truncation; empty when the snapshot is complete. */
  notes: string[];
}

/** Text nodes up to this many characters (after normalising spaces) are kept; longer ones are content, not labels. */
export const SHORT_TEXT = 80;
/** A labelled element's text is cut after this many characters. */
const MAX_TEXT = 200;
const DEFAULT_MAX_NODES = 3000;
const DEFAULT_MAX_DEPTH = 60;

/** Elements whose content is code or markup, never page text. */
const CONTENT_NOT_KEPT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'iframe', 'object', 'svg', 'canvas']);
/** Elements whose text a reader takes as a label (kept whole, children not listed). */
const LABELLED = 'h1,h2,h3,h4,h5,h6,[role=heading],label,button,a,[role=button],[role=link],th,[role=columnheader],[role=rowheader],dt,legend,caption,summary';
const VALUE_ELEMENTS = new Set(['input', 'select', 'textarea']);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** The certificate subject's CN and O (docs/ARCHITECTURE.md: facts about the real site), also inside file names (`…_JP_u00000126_client1210.p12`). */
const IDENTIFIER = /(?<![A-Za-z0-9])(?:client\d{1,8}|u\d{8})(?![A-Za-z0-9])/gi;
const LONG_NUMBER = /\d{5,}/g;
/** Runs of the characters a generated password uses (orcamo-page.ts TOKEN), eight or more. */
const TOKEN_RUN = /[A-Za-z0-9!#$%&*+\-=?@^~]{8,}/g;
const SPACES = /\s+/g;
const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;

type MaskCounts = PageSnapshot['masked'];

interface Walk {
  maxNodes: number;
  maxDepth: number;
  nodes: number;
  leftOut: number;
  depthCut: boolean;
  masked: MaskCounts;
  base: string;
}

/** The sanitized picture of the page under `root` (a Document: its body). */
export function capturePageSnapshot(root: Document | Element, options: SnapshotOptions = {}): PageSnapshot {
  const doc = root.nodeType === DOCUMENT_NODE ? (root as Document) : null;
  const start = doc ? (doc.body ?? doc.documentElement) : (root as Element);
  const walk: Walk = {
    maxNodes: options.maxNodes ?? DEFAULT_MAX_NODES,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    nodes: 0,
    leftOut: 0,
    depthCut: false,
    masked: { values: 0, secrets: 0, identifiers: 0, emails: 0, numbers: 0 },
    base: start.ownerDocument.baseURI,
  };
  const tree = elementNode(start, 0, false, walk);
  const notes: string[] = [];
  if (walk.leftOut > 0) notes.push(`truncated: ${walk.leftOut} node(s) left out after the first ${walk.maxNodes}`);
  if (walk.depthCut) notes.push(`truncated: content deeper than ${walk.maxDepth} levels left out`);
  return {
    kind: 'weborca-cert-companion/page-snapshot',
    version: 1,
    url: doc ? reduceUrl(doc.URL, doc.baseURI, walk.masked) : null,
    title: doc ? sanitize(doc.title, walk.masked).slice(0, MAX_TEXT) : null,
    root: tree ?? { tag: start.localName, omitted: 'node cap reached' },
    nodes: walk.nodes,
    leftOut: walk.leftOut,
    masked: walk.masked,
    notes,
  };
}

// ── the tree ─────────────────────────────────────────────────────────────────────────────────────────────────

function elementNode(el: Element, depth: number, parentHidden: boolean, walk: Walk): SnapshotElement | null {
  if (!take(walk)) return null;
  const node: SnapshotElement = { tag: el.localName };
  const id = el.getAttribute('id');
  if (id) node.id = sanitize(id, walk.masked);
  const classes = [...el.classList].map((c) => sanitize(c, walk.masked));
  if (classes.length > 0) node.classes = classes;
  const role = el.getAttribute('role');
  if (role) node.role = sanitize(role, walk.masked);
  const aria = el.getAttributeNames().filter((name) => name.startsWith('aria-'));
  if (aria.length > 0) node.aria = aria;
  const hidden = parentHidden || !shownItself(el);
  if (hidden) node.hidden = true;

  const href = el.localName === 'a' || el.localName === 'area' ? el.getAttribute('href') : null;
  if (href !== null) node.href = reduceUrl(href, walk.base, walk.masked);
  if (VALUE_ELEMENTS.has(el.localName)) {
    node.input = inputOf(el, walk.masked);
    return node;
  }
  if (CONTENT_NOT_KEPT.has(el.localName)) {
    if (el.hasChildNodes()) node.omitted = `${el.localName} content not kept`;
    return node;
  }
  if (el.matches(LABELLED)) {
    const text = labelText(el, walk.masked);
    if (text) node.text = text;
    // A button or link that holds structure of its own (an input, a shadow root) still shows it.
    if (!el.querySelector('input,select,textarea') && !el.shadowRoot) return node;
  }
  if (depth >= walk.maxDepth) {
    if (el.hasChildNodes() || el.shadowRoot) {
      walk.depthCut = true;
      node.omitted = 'deeper levels left out';
    }
    return node;
  }
  const children = childNodes(el, depth, hidden, walk);
  if (children.length > 0) node.children = children;
  return node;
}

function childNodes(el: Element, depth: number, hidden: boolean, walk: Walk): SnapshotNode[] {
  const children: SnapshotNode[] = [];
  if (el.shadowRoot) {
    if (take(walk)) {
      const shadow: SnapshotElement = { tag: '#shadow-root' };
      const inner = nodesOf(el.shadowRoot.childNodes, depth + 1, hidden, walk);
      if (inner.length > 0) shadow.children = inner;
      children.push(shadow);
    }
  }
  children.push(...nodesOf(el.childNodes, depth, hidden, walk));
  return children;
}

function nodesOf(list: NodeListOf<ChildNode>, depth: number, hidden: boolean, walk: Walk): SnapshotNode[] {
  const out: SnapshotNode[] = [];
  for (const child of list) {
    if (child.nodeType === ELEMENT_NODE) {
      const node = elementNode(child as Element, depth + 1, hidden, walk);
      if (node) out.push(node);
    } else if (child.nodeType === TEXT_NODE) {
      const node = textNode(child.nodeValue ?? '', walk);
      if (node) out.push(node);
    }
  }
  return out;
}

function textNode(raw: string, walk: Walk): SnapshotText | null {
  const text = readable(raw);
  if (!text || !take(walk)) return null;
  if (text.length > SHORT_TEXT) return { text: '', omitted: `text of ${text.length} characters` };
  return { text: sanitize(text, walk.masked) };
}

/** Counts a node against the cap; false (and counted as left out) once it is reached. */
function take(walk: Walk): boolean {
  if (walk.nodes >= walk.maxNodes) {
    walk.leftOut++;
    return false;
  }
  walk.nodes++;
  return true;
}

/** The element's own visibility; its ancestors' is passed down (hidden stays hidden). */
function shownItself(el: Element): boolean {
  if (el.hasAttribute('hidden')) return false;
  const inline = (el as Partial<ElementCSSInlineStyle>).style;
  if (inline?.display === 'none') return false;
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  if (!style) return true;
  return style.display !== 'none' && style.visibility !== 'hidden' && style.visibility !== 'collapse';
}

function labelText(el: Element, masked: MaskCounts): string {
  const text = readable(el.textContent ?? '');
  const clipped = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return sanitize(clipped, masked);
}

function inputOf(el: Element, masked: MaskCounts): SnapshotInput {
  const type = el.localName === 'input' ? (el.getAttribute('type') ?? 'text').toLowerCase() : el.localName;
  const value = (el as Partial<HTMLInputElement>).value ?? el.getAttribute('value') ?? '';
  const input: SnapshotInput = { type: sanitize(type, masked), value: value ? 'masked' : 'empty' };
  if (value) masked.values++;
  const name = el.getAttribute('name');
  if (name) input.name = sanitize(name, masked);
  if (el.hasAttribute('readonly')) input.readonly = true;
  return input;
}

// ── masking ──────────────────────────────────────────────────────────────────────────────────────────────────

/** NFKC, no zero-width characters, spaces collapsed. */
function readable(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(SPACES, ' ').trim();
}

/**
 * Masks e-mail addresses, the certificate's identifiers, numbers of five digits or more and anything shaped like a
 * password (a run of password characters with letters and digits, or with mixed case inside) in a text.
 */
export function sanitize(text: string, masked?: MaskCounts): string {
  return readable(text)
    .replace(EMAIL, () => count(masked, 'emails', '[email]'))
    .replace(IDENTIFIER, () => count(masked, 'identifiers', '[id]'))
    .replace(TOKEN_RUN, (run) => (secretShaped(run) ? count(masked, 'secrets', '[secret]') : run))
    .replace(LONG_NUMBER, () => count(masked, 'numbers', '[number]'));
}

function secretShaped(run: string): boolean {
  if (!/[A-Za-z]/.test(run)) return false;
  if (/[0-9]/.test(run)) return true;
  const inner = run.slice(1);
  return (inner.match(/[A-Z]/g)?.length ?? 0) >= 2 && (run.match(/[a-z]/g)?.length ?? 0) >= 2;
}

function count(masked: MaskCounts | undefined, key: keyof MaskCounts, mask: string): string {
  if (masked) masked[key]++;
  return mask;
}

/**
 * A URL as scheme://host/path, the path masked like text; no user info, query or fragment (a same-page link is `#`).
 * Schemes that carry their content in the URL (blob:, data:, javascript:, mailto:…) keep only the scheme.
 */
export function reduceUrl(href: string, base: string, masked?: MaskCounts): string {
  // A same-page link (`#`, `#top`): what matters is that it goes nowhere, not where on the page.
  if (href.trim().startsWith('#')) return '#';
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return '[not a URL]';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ftp:') return url.protocol;
  const path = url.pathname
    .split('/')
    .map((segment) => sanitize(safeDecode(segment), masked))
    .join('/');
  return `${url.protocol}//${url.host}${path}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// ── the outline ──────────────────────────────────────────────────────────────────────────────────────────────

/** The snapshot as an indented outline a person reads: `tag#id.class [role] (hidden) "text" → href`. */
export function renderSnapshotText(snapshot: PageSnapshot): string {
  const lines = [
    '調査用の情報 / page snapshot (WebORCA Cert Companion)',
    `URL: ${snapshot.url ?? '-'}`,
    `Title: ${snapshot.title ?? '-'}`,
    `Nodes: ${snapshot.nodes}${snapshot.leftOut > 0 ? ` (+${snapshot.leftOut} left out)` : ''}`,
    `Masked: ${Object.entries(snapshot.masked)
      .map(([key, n]) => `${key} ${n}`)
      .join(', ')}`,
    ...snapshot.notes.map((note) => `Note: ${note}`),
    '',
  ];
  outline(snapshot.root, 0, lines);
  return `${lines.join('\n')}\n`;
}

function outline(node: SnapshotNode, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  if (!('tag' in node)) {
    lines.push(`${indent}${node.omitted ? `(${node.omitted})` : JSON.stringify(node.text)}`);
    return;
  }
  const children = node.children ?? [];
  const only = children.length === 1 ? children[0] : undefined;
  // An element with one short text and nothing else reads best on one line: `span.brand "ORCAMO"`.
  if (only && !('tag' in only) && !only.omitted && !node.text) {
    lines.push(`${indent}${describe(node)} ${JSON.stringify(only.text)}`);
    return;
  }
  lines.push(`${indent}${describe(node)}`);
  for (const child of children) outline(child, depth + 1, lines);
}

function describe(node: SnapshotElement): string {
  let line = node.tag;
  if (node.id) line += `#${node.id}`;
  for (const c of node.classes ?? []) line += `.${c}`;
  if (node.role) line += ` [role=${node.role}]`;
  if (node.aria) line += ` [${node.aria.join(' ')}]`;
  if (node.input) {
    const { type, name, readonly, value } = node.input;
    line += ` [type=${type}${name ? ` name=${name}` : ''}${readonly ? ' readonly' : ''}] value: ${value}`;
  }
  if (node.hidden) line += ' (hidden)';
  if (node.text) line += ` ${JSON.stringify(node.text)}`;
  if (node.href !== undefined) line += ` → ${node.href}`;
  if (node.omitted) line += ` (${node.omitted})`;
  return line;
}
