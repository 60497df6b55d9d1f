/**
 * How a person reads a page whose markup we do not know: which text a control belongs to, and which text labels a
 * value. Used by the ORCAMO reader (orcamo-page.ts) and the support snapshot (page-snapshot.ts); the WebORCA content
 * script does not import it (its size budget).
 *
 * The page is read as rendered, in the flat tree: open shadow roots are entered (a host shows its shadow tree, a
 * `<slot>` shows what is assigned to it), `<script>`/`<style>`-like elements are skipped. All rendered texts are
 * concatenated in compact form (text-normalize.ts) into one string, so a phrase split across elements is found with
 * one search; each text (a text node, or an input's value) is a "piece" of that string.
 *
 * A control belongs to a text through, strongest first (`Relation`):
 * - `explicit`: `aria-labelledby`, `aria-describedby`, `<label for>` or an enclosing `<label>`;
 * - `cell`: a control standing in a table cell belongs to its row's texts before it and to its column's header
 *   (or to the cells its `headers` names); in a `<dd>`, to its `<dt>`s;
 * - `line`: a control inside a run of inline text (`…は<a>こちら</a>`) belongs to that text, and only to it;
 * - `flow`: a control standing alone (nothing but controls around it) belongs to the nearest text before it in its
 *   container (after it when nothing precedes: a label placed after its button);
 * - `heading`: a control standing alone, or after a finished sentence, also belongs to the heading whose section it
 *   is in: a heading, then explanatory paragraphs, then the button.
 * No distance or length thresholds: what lies between a text and a control decides, as it does for a reader.
 */
import { CLOSING_QUOTE, OPENING_QUOTE, isInlineLevel } from './dom-layout';
import { compactText } from './text-normalize';

/** Elements a user clicks. `[onclick]` elements are clickable too but may wrap whole cards: see CONTROL_TEXT. */
export const CONTROL_SELECTOR = 'a,button,input[type=button],input[type=submit],input[type=image],[role=button],[role=link],[onclick]';
/** Elements whose text is a control's label, not content of its own (a text field's value is content). */
const CONTROL_TEXT = 'a,button,input[type=button],input[type=submit],input[type=reset],input[type=image],[role=button],[role=link]';
/** Texts in these are labels or choices, never a value shown to the user. */
const QUIET_TEXT = 'label,select,option,legend';
export const DIALOG_SELECTOR = 'dialog,[role=dialog],[role=alertdialog],[aria-modal=true]';
const CELL_SELECTOR = 'td,th,[role=cell],[role=gridcell],[role=rowheader],[role=columnheader]';
const ROW_SELECTOR = 'tr,[role=row]';
const TABLE_SELECTOR = 'table,[role=table],[role=grid],[role=treegrid]';
/** Header cells: a `<th>` (in a row of headers or in `<thead>`), or an ARIA column header. */
const COLUMN_HEADER = 'th,[role=columnheader]';
const HEADING_SELECTOR = 'h1,h2,h3,h4,h5,h6,[role=heading],legend,caption,summary';
/** Containers a heading's section does not extend beyond, and that bound the region after a line. */
export const SECTION_SELECTOR = 'section,article,main,aside,dialog,details,fieldset,[role=region],[role=dialog],[role=alertdialog],[role=main],[role=tabpanel]';
/** Page chrome: a value in these is about the site or the account, not the content. */
export const CHROME_SELECTOR = 'header,footer,nav,[role=banner],[role=contentinfo],[role=navigation]';

/** Elements whose text does not render as page text. */
const NOT_RENDERED = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'head']);
const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset']);
/** Inputs whose value shows as text (a password input shows its value masked, yet holds it). */
export const TEXT_INPUT_TYPES = new Set(['', 'text', 'password', 'search']);
/** The end of a sentence: a control after it is not that sentence's object. */
const SENTENCE_END = /[。．.!！?？:：]$/;

// Node type numbers instead of `instanceof`, which fails across realms (jsdom windows, extension isolated worlds).
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const FRAGMENT_NODE = 11;

export interface Piece {
  /** A text node, or an input whose value renders (button labels, text fields). */
  node: Node;
  /** Compact text (text-normalize.ts) and its place in `PageIndex.all`. */
  text: string;
  start: number;
  end: number;
  /** The control whose label this text is (a link, a button); null for content. */
  control: Element | null;
  /** Inside a label, select or legend: names something else, never a shown value. */
  quiet: boolean;
}

/** Piece indices `[first, end)`: the texts of a node's subtree, or of a run of sibling nodes. */
export interface Span {
  first: number;
  end: number;
}

export interface PageIndex {
  scope: Node;
  /** Every rendered text in compact form, in flat-tree order. */
  all: string;
  pieces: Piece[];
  /** Each element's span of pieces. */
  spans: Map<Element, Span>;
  /** Each piece's index by its node. */
  pieceOf: Map<Node, number>;
  /** Flat-tree order of every visited node. */
  order: Map<Node, number>;
  /** Elements matching CONTROL_SELECTOR, in order. */
  controls: Element[];
  /** Per-analysis caches of isRendered and isInlineLevel (computed styles are slow to read, jsdom's above all). */
  rendered: Map<Element, boolean>;
  displayed: Map<Element, boolean>;
  inline: Map<Element, boolean>;
}

export type Relation = 'inside' | 'explicit' | 'cell' | 'line' | 'flow' | 'heading';

/** Strongest first. `inside`: the phrase ends in the control, or the control holds the whole line. */
export const RELATION_STRENGTH: Record<Relation, number> = {
  inside: 6,
  explicit: 5,
  cell: 4,
  line: 3,
  flow: 2,
  heading: 1,
};

export interface Owner {
  span: Span;
  relation: Relation;
}

/** An occurrence of a phrase in the rendered text. */
export interface Line {
  /** First and last piece the phrase touches. */
  first: number;
  last: number;
  /** The smallest element holding the whole phrase, and that element widened over inline elements. */
  holder: Element;
  block: Element;
}

// ── the flat tree ────────────────────────────────────────────────────────────────────────────────────────────

/** The element to read under `root`: a document's body (its head may carry the phrases in scripts), else the root. */
export function scopeOf(root: ParentNode): Node | null {
  if (root.nodeType === DOCUMENT_NODE) {
    const doc = root as Document;
    return doc.body ?? doc.documentElement;
  }
  return root.nodeType === ELEMENT_NODE || root.nodeType === FRAGMENT_NODE ? (root as Node) : null;
}

/** Children as rendered: an open shadow root's content instead of the host's, a slot's assigned nodes. */
function flatChildren(node: Node): Node[] {
  if (node.nodeType === ELEMENT_NODE) {
    const el = node as Element;
    if (el.shadowRoot) return [...el.shadowRoot.childNodes];
    if (el.localName === 'slot') {
      const assigned = (el as HTMLSlotElement).assignedNodes?.() ?? [];
      if (assigned.length > 0) return assigned;
    }
  }
  return [...node.childNodes];
}

/** Parent as rendered: the slot a node is assigned to, the host of a shadow root's top nodes. */
export function flatParent(node: Node): Element | null {
  const slot = (node as Partial<Element>).assignedSlot;
  if (slot) return slot;
  const parent = node.parentNode;
  if (!parent) return null;
  if (parent.nodeType === FRAGMENT_NODE) return (parent as ShadowRoot).host ?? null;
  return parent.nodeType === ELEMENT_NODE ? (parent as Element) : null;
}

export function flatContains(ancestor: Node, node: Node): boolean {
  for (let at: Node | null = node; at; at = flatParent(at)) if (at === ancestor) return true;
  // A shadow root as scope is no element: its top nodes have the host as flat parent.
  return ancestor.nodeType === FRAGMENT_NODE && node.getRootNode() === ancestor;
}

export function flatClosest(node: Node, selector: string, within?: Node): Element | null {
  for (let at = node.nodeType === ELEMENT_NODE ? (node as Element) : flatParent(node); at; at = flatParent(at)) {
    if (at.matches(selector)) return at;
    if (at === within) return null;
  }
  return null;
}

/** The nearest element containing both nodes, in the flat tree. */
function flatCommonAncestor(a: Node, b: Node): Element | null {
  const ancestors = new Set<Element>();
  for (let e = flatParent(a); e; e = flatParent(e)) ancestors.add(e);
  for (let e = flatParent(b); e; e = flatParent(e)) if (ancestors.has(e)) return e;
  return null;
}

/** True when some element under `scope` has an open shadow root (then textContent misses part of the page). */
export function hasOpenShadowRoot(scope: Node): boolean {
  const all = (scope as ParentNode).querySelectorAll?.('*') ?? [];
  for (const el of all) if (el.shadowRoot) return true;
  return false;
}

// ── rendering ────────────────────────────────────────────────────────────────────────────────────────────────

/** True when `el` renders: no `hidden`, no `display: none` on it or an ancestor, not `visibility: hidden`. */
export function isRendered(el: Element): boolean {
  // aria-hidden is deliberately not checked: modal libraries set it on the page behind a dialog, which still counts.
  for (let e: Element | null = el; e; e = flatParent(e)) {
    if (e.hasAttribute('hidden')) return false;
    const inline = (e as Partial<ElementCSSInlineStyle>).style;
    if (inline && (inline.display === 'none' || (e === el && inline.visibility === 'hidden'))) return false;
  }
  const view = el.ownerDocument.defaultView;
  if (typeof el.checkVisibility === 'function') {
    if (el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) return true;
    // `display: contents` has no box, so checkVisibility says false: its content renders if its parent does.
    const parent = flatParent(el);
    return view?.getComputedStyle(el).display === 'contents' && parent !== null && isRendered(parent);
  }
  if (!view) return true;
  for (let e: Element | null = el; e; e = flatParent(e)) {
    if (view.getComputedStyle(e).display === 'none') return false;
  }
  const visibility = view.getComputedStyle(el).visibility;
  return visibility !== 'hidden' && visibility !== 'collapse';
}

/**
 * isRendered, remembered for one analysis (the page does not change while we read it). Without checkVisibility
 * (jsdom), ancestors' display is remembered too, so each element's style is read once.
 */
export function rendered(ix: PageIndex, el: Element): boolean {
  let shown = ix.rendered.get(el);
  if (shown === undefined) {
    const view = el.ownerDocument.defaultView;
    if (typeof el.checkVisibility === 'function' || !view) shown = isRendered(el);
    else {
      const visibility = view.getComputedStyle(el).visibility;
      shown = displayed(ix, el, view) && visibility !== 'hidden' && visibility !== 'collapse';
    }
    ix.rendered.set(el, shown);
  }
  return shown;
}

/** No `hidden`, no `display: none` on the element and its flat ancestors (the jsdom path of isRendered). */
function displayed(ix: PageIndex, el: Element, view: Window): boolean {
  let shown = ix.displayed.get(el);
  if (shown === undefined) {
    const parent = flatParent(el);
    shown = !el.hasAttribute('hidden') && view.getComputedStyle(el).display !== 'none' && (!parent || displayed(ix, parent, view));
    ix.displayed.set(el, shown);
  }
  return shown;
}

function nodeRendered(ix: PageIndex, node: Node): boolean {
  const el = node.nodeType === ELEMENT_NODE ? (node as Element) : flatParent(node);
  return el !== null && rendered(ix, el);
}

/** isInlineLevel, remembered for one analysis. */
function inlineLevel(ix: PageIndex, el: Element): boolean {
  let inline = ix.inline.get(el);
  if (inline === undefined) {
    inline = isInlineLevel(el);
    ix.inline.set(el, inline);
  }
  return inline;
}

/** Text nodes flow inline; elements as their computed display says. */
function flowsInline(ix: PageIndex, node: Node): boolean {
  return node.nodeType !== ELEMENT_NODE || inlineLevel(ix, node as Element);
}

// ── the index ────────────────────────────────────────────────────────────────────────────────────────────────

/** Reads every rendered text under `scope` once, in flat-tree order. */
export function indexPage(scope: Node): PageIndex {
  const ix: PageIndex = {
    scope,
    all: '',
    pieces: [],
    spans: new Map(),
    pieceOf: new Map(),
    order: new Map(),
    controls: [],
    rendered: new Map(),
    displayed: new Map(),
    inline: new Map(),
  };
  visit(ix, scope, null, false);
  return ix;
}

function visit(ix: PageIndex, node: Node, control: Element | null, quiet: boolean): void {
  ix.order.set(node, ix.order.size);
  if (node.nodeType === TEXT_NODE) {
    addPiece(ix, node, compactText(node.nodeValue ?? ''), control, quiet);
    return;
  }
  if (node.nodeType !== ELEMENT_NODE && node.nodeType !== FRAGMENT_NODE) return;
  const el = node.nodeType === ELEMENT_NODE ? (node as Element) : null;
  if (el && NOT_RENDERED.has(el.localName)) return;
  const first = ix.pieces.length;
  let inner = control;
  let innerQuiet = quiet;
  if (el) {
    if (el.matches(CONTROL_SELECTOR)) ix.controls.push(el);
    if (!inner && el.matches(CONTROL_TEXT)) inner = el;
    innerQuiet ||= el.matches(QUIET_TEXT);
    const value = inputText(el);
    if (value) addPiece(ix, el, value, inner, innerQuiet);
  }
  for (const child of flatChildren(node)) visit(ix, child, inner, innerQuiet);
  if (el) ix.spans.set(el, { first, end: ix.pieces.length });
}

function addPiece(ix: PageIndex, node: Node, text: string, control: Element | null, quiet: boolean): void {
  if (!text) return;
  const start = ix.all.length;
  ix.all += text;
  ix.pieceOf.set(node, ix.pieces.length);
  ix.pieces.push({ node, text, start, end: ix.all.length, control, quiet });
}

/** What an input shows as text: a button's label, a text field's current value (the property: scripts set it). */
function inputText(el: Element): string {
  if (el.localName !== 'input') return '';
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  if (BUTTON_INPUT_TYPES.has(type)) return compactText(el.getAttribute('value') ?? '');
  return TEXT_INPUT_TYPES.has(type) ? compactText((el as HTMLInputElement).value ?? '') : '';
}

/** The pieces of a node: an element's subtree, a text node or input itself. */
export function spanOf(ix: PageIndex, node: Node): Span {
  const own = ix.pieceOf.get(node);
  const span = node.nodeType === ELEMENT_NODE ? ix.spans.get(node as Element) : undefined;
  if (span) return span;
  return own === undefined ? { first: 0, end: 0 } : { first: own, end: own + 1 };
}

function spanOfNodes(ix: PageIndex, nodes: readonly Node[]): Span {
  const spans = nodes.map((node) => spanOf(ix, node)).filter((s) => s.end > s.first);
  if (spans.length === 0) return { first: 0, end: 0 };
  return { first: Math.min(...spans.map((s) => s.first)), end: Math.max(...spans.map((s) => s.end)) };
}

/** Content text (not a control's label) in a span, compact. */
export function ownText(ix: PageIndex, span: Span): string {
  let text = '';
  for (let i = span.first; i < span.end; i++) {
    const piece = ix.pieces[i];
    if (piece && !piece.control) text += piece.text;
  }
  return text;
}

function hasOwnText(ix: PageIndex, span: Span): boolean {
  for (let i = span.first; i < span.end; i++) if (ix.pieces[i] && !ix.pieces[i]?.control) return true;
  return false;
}

function countOwn(ix: PageIndex, span: Span): number {
  let n = 0;
  for (let i = span.first; i < span.end; i++) if (ix.pieces[i] && !ix.pieces[i]?.control) n++;
  return n;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.first < b.end && b.first < a.end;
}

// ── lines ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Each rendered, unquoted occurrence of `phrase` (compact form), in order; one per holder. */
export function findLines(ix: PageIndex, phrase: string): Line[] {
  const lines: Line[] = [];
  if (!phrase) return lines;
  let k = 0;
  for (let at = ix.all.indexOf(phrase); at >= 0; at = ix.all.indexOf(phrase, at + phrase.length)) {
    while ((ix.pieces[k]?.end ?? Infinity) <= at) k++;
    let last = k;
    while ((ix.pieces[last]?.end ?? Infinity) < at + phrase.length) last++;
    // A quoted phrase is prose about the line (a help text: 「…こちら」を押して), not the line.
    if (OPENING_QUOTE.test(ix.all.slice(Math.max(0, at - 1), at))) continue;
    if (CLOSING_QUOTE.test(ix.all.slice(at + phrase.length, at + phrase.length + 1))) continue;
    const first = ix.pieces[k];
    const end = ix.pieces[last];
    const holder = first && end ? holderOf(first.node, end.node) : null;
    if (!holder || !flatContains(ix.scope, holder) || !rendered(ix, holder)) continue;
    if (lines.some((line) => line.holder === holder)) continue;
    lines.push({ first: k, last, holder, block: blockOf(holder, ix) });
  }
  return lines;
}

function holderOf(a: Node, b: Node): Element | null {
  if (a === b && a.nodeType === TEXT_NODE) return flatParent(a);
  return flatCommonAncestor(a, b);
}

/** A phrase inside inline elements is part of its block's line (`<li><span>…は<a>こちら</a></span></li>`). */
function blockOf(el: Element, ix: PageIndex): Element {
  let block = el;
  for (let up = flatParent(block); up && inlineLevel(ix, block) && flatContains(ix.scope, up); up = flatParent(block)) block = up;
  return block;
}

export function lineSpan(line: Line): Span {
  return { first: line.first, end: line.last + 1 };
}

// ── runs: what a node is read with ───────────────────────────────────────────────────────────────────────────

/**
 * The run of inline content a node is rendered in: its block's inline children around it (a block with block
 * children holds several runs), or the node's own block when it is block-level. `nodes` are siblings under `parent`.
 */
interface Run {
  nodes: Node[];
  parent: Element | null;
}

function runOf(node: Node, ix: PageIndex): Run {
  if (node.nodeType === ELEMENT_NODE && !inlineLevel(ix, node as Element)) return { nodes: [node], parent: flatParent(node) };
  let child = node;
  let block = flatParent(node);
  while (block && inlineLevel(ix, block) && block !== ix.scope && flatParent(block)) {
    child = block;
    block = flatParent(block);
  }
  if (!block) return { nodes: [child], parent: null };
  const siblings = flatChildren(block);
  const at = siblings.indexOf(child);
  let from = at;
  let to = at;
  while (from > 0 && flowsInline(ix, siblings[from - 1] as Node)) from--;
  while (to < siblings.length - 1 && flowsInline(ix, siblings[to + 1] as Node)) to++;
  if (from === 0 && to === siblings.length - 1) return { nodes: [block], parent: flatParent(block) };
  return { nodes: siblings.slice(from, to + 1), parent: block };
}

/**
 * Widens a run over containers that add no content text of their own (wrappers of controls or of this one text),
 * so that its siblings are the texts a reader sees next to it.
 */
function widenRun(run: Run, ix: PageIndex): Run {
  const own = countOwn(ix, spanOfNodes(ix, run.nodes));
  let current = run;
  while (current.parent && current.parent !== ix.scope && flatContains(ix.scope, current.parent)) {
    if (countOwn(ix, spanOf(ix, current.parent)) !== own) break;
    current = { nodes: [current.parent], parent: flatParent(current.parent) };
  }
  return current;
}

/**
 * The nearest rendered sibling of a run with content text, before it (or after it, when `after`). A section, dialog
 * or page chrome (a footer) keeps its content to itself: what is outside does not label what is inside.
 */
function textSibling(run: Run, ix: PageIndex, after: boolean): Node | null {
  if (!run.parent) return null;
  const only = run.nodes.length === 1 ? run.nodes[0] : null;
  if (only?.nodeType === ELEMENT_NODE && (only as Element).matches(`${SECTION_SELECTOR},${CHROME_SELECTOR}`)) return null;
  const siblings = flatChildren(run.parent);
  const edge = siblings.indexOf(after ? (run.nodes[run.nodes.length - 1] as Node) : (run.nodes[0] as Node));
  for (let i = edge + (after ? 1 : -1); i >= 0 && i < siblings.length; i += after ? 1 : -1) {
    const sibling = siblings[i] as Node;
    if (hasOwnText(ix, spanOf(ix, sibling)) && nodeRendered(ix, sibling)) return sibling;
  }
  return null;
}

// ── owners of a control ──────────────────────────────────────────────────────────────────────────────────────

/** The texts a control belongs to (see the module comment), each with how. Empty: it belongs to nothing we know. */
export function ownersOf(control: Element, ix: PageIndex): Owner[] {
  const owners = explicitOwners(control, ix);
  const cell = cellOwners(control, ix);
  if (cell.length > 0) return [...owners, ...cell];

  const run = runOf(control, ix);
  const runSpan = spanOfNodes(ix, run.nodes);
  let direct: Node | null;
  if (run.nodes.length > 0 && hasOwnText(ix, runSpan) && !(run.nodes.length === 1 && run.nodes[0] === control)) {
    owners.push({ span: runSpan, relation: 'line' });
    // `…は<a>こちら</a>`: the control completes that sentence and belongs to it alone.
    if (!standsAfterSentence(control, runSpan, ix)) return owners;
    direct = run.nodes[0] ?? null;
  } else {
    const alone = widenRun(run, ix);
    direct = textSibling(alone, ix, false) ?? textSibling(alone, ix, true);
    if (!direct) return owners;
    owners.push({ span: spanOf(ix, direct), relation: 'flow' });
  }
  for (const heading of direct ? headingsOver(direct, ix) : []) owners.push({ span: spanOf(ix, heading), relation: 'heading' });
  return owners;
}

/** True when the content text before the control in its run is empty or ends a sentence. */
function standsAfterSentence(control: Element, runSpan: Span, ix: PageIndex): boolean {
  const at = spanOf(ix, control).first;
  const before = ownText(ix, { first: runSpan.first, end: Math.min(at, runSpan.end) });
  return before === '' || SENTENCE_END.test(before);
}

/** aria-labelledby, aria-describedby, `<label for>` and an enclosing `<label>`. */
function explicitOwners(el: Element, ix: PageIndex): Owner[] {
  return explicitLabels(el).map((label) => ({ span: spanOf(ix, label), relation: 'explicit' as const }));
}

/** The elements that label or describe `el` by reference (resolved in its own tree: shadow roots scope ids). */
function explicitLabels(el: Element): Element[] {
  const root = el.getRootNode() as Partial<NonElementParentNode>;
  const ids = `${el.getAttribute('aria-labelledby') ?? ''} ${el.getAttribute('aria-describedby') ?? ''}`.split(/\s+/);
  const found: Element[] = [];
  for (const id of ids) {
    const target = id ? root.getElementById?.(id) : null;
    if (target && !found.includes(target)) found.push(target);
  }
  for (const label of (el as Partial<HTMLInputElement>).labels ?? []) if (!found.includes(label)) found.push(label);
  const enclosing = el.parentElement?.closest('label');
  if (enclosing && !found.includes(enclosing)) found.push(enclosing);
  return found;
}

/**
 * A control that stands in a table cell (nothing before it in the cell but a finished sentence): its row's texts
 * before it and its column's header. In a `<dd>`: its `<dt>`s. Empty when the control completes a sentence of the
 * cell (`手順書は<a>こちら</a>`: then that sentence is its line).
 */
function cellOwners(control: Element, ix: PageIndex): Owner[] {
  const cell = flatClosest(control, `${CELL_SELECTOR},dd`, ix.scope);
  if (!cell || !standsAfterSentence(control, spanOf(ix, cell), ix)) return [];
  const heads = cell.localName === 'dd' ? { row: termsOf(cell), column: [] } : headersOf(cell, ix);
  const owners = [...heads.row, ...heads.column];
  return owners.filter((o) => hasOwnText(ix, spanOf(ix, o))).map((o) => ({ span: spanOf(ix, o), relation: 'cell' as const }));
}

/**
 * The headers of a cell, as a reader of the table pairs them: by `headers` ids when given; else its row's texts
 * before it (nearest last) and its column's header (the nearest header cell above it at the same column; colspans
 * are counted, rowspans are not).
 */
function headersOf(cell: Element, ix: PageIndex): { row: Element[]; column: Element[] } {
  const root = cell.getRootNode() as Partial<NonElementParentNode>;
  const ids = (cell.getAttribute('headers') ?? '').split(/\s+/).filter(Boolean);
  const named = ids.map((id) => root.getElementById?.(id)).filter((el): el is Element => el != null);
  if (named.length > 0) return { row: named, column: [] };
  const row = flatClosest(cell, ROW_SELECTOR, ix.scope);
  if (!row) return { row: [], column: [] };
  const cells = cellsOf(row);
  const before = cells.slice(0, cells.indexOf(cell)).filter((c) => hasOwnText(ix, spanOf(ix, c)));
  const table = flatClosest(row, TABLE_SELECTOR, ix.scope);
  if (!table) return { row: before, column: [] };
  const column = columnOf(cells, cell);
  const rows = [...table.querySelectorAll(ROW_SELECTOR)].filter((r) => r.closest(TABLE_SELECTOR) === table);
  for (let i = rows.indexOf(row) - 1; i >= 0; i--) {
    const above = cellAt(cellsOf(rows[i] as Element), column);
    if (above?.matches(COLUMN_HEADER) && hasOwnText(ix, spanOf(ix, above))) return { row: before, column: [above] };
  }
  return { row: before, column: [] };
}

function cellsOf(row: Element): Element[] {
  return [...row.children].filter((c) => c.matches(CELL_SELECTOR));
}

function span(cell: Element): number {
  return Math.max(1, Number(cell.getAttribute('colspan')) || 1);
}

function columnOf(cells: Element[], cell: Element): number {
  let column = 0;
  for (const c of cells) {
    if (c === cell) return column;
    column += span(c);
  }
  return column;
}

function cellAt(cells: Element[], column: number): Element | null {
  let at = 0;
  for (const c of cells) {
    if (column >= at && column < at + span(c)) return c;
    at += span(c);
  }
  return null;
}

/** The `<dt>`s of a `<dd>`: those right before the first `<dd>` of its group. */
function termsOf(dd: Element): Element[] {
  const terms: Element[] = [];
  let sibling = dd.previousElementSibling;
  while (sibling?.localName === 'dd') sibling = sibling.previousElementSibling;
  while (sibling?.localName === 'dt') {
    terms.unshift(sibling);
    sibling = sibling.previousElementSibling;
  }
  return terms;
}

// ── headings ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A heading by markup (h1–h6, role=heading, legend, caption, summary) or by look (a block in bold). */
function isHeading(el: Element, ix: PageIndex): boolean {
  if (el.matches(HEADING_SELECTOR)) return true;
  if (inlineLevel(ix, el) || !hasOwnText(ix, spanOf(ix, el))) return false;
  return isBold(el) || allOwnTextBold(el, ix);
}

function isBold(el: Element): boolean {
  const weight = el.ownerDocument.defaultView?.getComputedStyle(el).fontWeight ?? '';
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

function allOwnTextBold(el: Element, ix: PageIndex): boolean {
  const span = spanOf(ix, el);
  for (let i = span.first; i < span.end; i++) {
    const piece = ix.pieces[i];
    if (!piece || piece.control) continue;
    const parent = flatParent(piece.node);
    if (!parent || parent === el || !flatClosest(parent, 'b,strong', el)) return false;
  }
  return true;
}

/**
 * The headings whose section holds `node`: the nearest heading before it among its siblings, then its ancestors'
 * siblings, without leaving a section element and without entering an earlier section (a sibling holding a heading).
 * A block that is a heading by look only (bold) does not end the search: a marked-up heading further up may be the
 * real one (`<h3>…</h3><p><b>ご注意</b></p><p>…</p><button>`), so both are returned, nearest first.
 */
function headingsOver(node: Node, ix: PageIndex): Element[] {
  const found: Element[] = [];
  const take = (heading: Element): boolean => {
    found.push(heading);
    return heading.matches(HEADING_SELECTOR);
  };
  if (node.nodeType === ELEMENT_NODE && isHeading(node as Element, ix) && take(node as Element)) return found;
  for (let at: Node | null = node; at && at !== ix.scope; at = flatParent(at)) {
    const parent = flatParent(at);
    if (!parent) break;
    const siblings = flatChildren(parent);
    for (let i = siblings.indexOf(at) - 1; i >= 0; i--) {
      const sibling = siblings[i] as Node;
      if (sibling.nodeType !== ELEMENT_NODE || !hasOwnText(ix, spanOf(ix, sibling))) continue;
      const heading = headingIn(sibling as Element, ix);
      if (heading && take(heading)) return found;
      if (!heading && (sibling as Element).querySelector(HEADING_SELECTOR)) return found;
    }
    if (parent.matches(SECTION_SELECTOR) || parent.matches(CELL_SELECTOR)) break;
  }
  return found;
}

/** `el` itself when a heading, or the heading that holds all of its content text (a header wrapper). */
function headingIn(el: Element, ix: PageIndex): Element | null {
  if (isHeading(el, ix)) return el;
  const own = countOwn(ix, spanOf(ix, el));
  for (const inner of el.querySelectorAll(HEADING_SELECTOR)) {
    if (countOwn(ix, spanOf(ix, inner)) === own) return inner;
  }
  return null;
}

// ── labels of a value ────────────────────────────────────────────────────────────────────────────────────────

/**
 * What a reader takes as the label of a shown value (a piece): its explicit label, the text before it in its line,
 * its row or column header or `<dt>`, else the last line of the nearest text before it in its container.
 */
export function labelOfPiece(index: number, ix: PageIndex): string {
  const piece = ix.pieces[index];
  if (!piece) return '';
  const holder = piece.node.nodeType === ELEMENT_NODE ? (piece.node as Element) : flatParent(piece.node);
  if (!holder) return '';
  const explicit = explicitLabels(holder)
    .map((label) => ownText(ix, spanOf(ix, label)))
    .join('');
  if (explicit) return explicit;

  const run = runOf(piece.node, ix);
  const runSpan = spanOfNodes(ix, run.nodes);
  const inLine = ownText(ix, { first: runSpan.first, end: index });
  if (inLine) return inLine;

  const cell = flatClosest(holder, `${CELL_SELECTOR},dd`, ix.scope);
  if (cell && ownText(ix, { first: spanOf(ix, cell).first, end: index }) === '') {
    const heads = cell.localName === 'dd' ? { row: termsOf(cell), column: [] } : headersOf(cell, ix);
    const nearest = heads.row.length > 0 ? heads.row : heads.column;
    const last = nearest[nearest.length - 1];
    if (last) return ownText(ix, spanOf(ix, last));
  }

  const before = textSibling(widenRun(run, ix), ix, false);
  return before ? lastLineText(before, ix) : '';
}

/** The content text of the last line in a node: a whole section before a value is not its label, its last line is. */
function lastLineText(node: Node, ix: PageIndex): string {
  const span = spanOf(ix, node);
  for (let i = span.end - 1; i >= span.first; i--) {
    const piece = ix.pieces[i];
    if (!piece || piece.control) continue;
    const run = runOf(piece.node, ix);
    const inside = run.nodes.filter((n) => flatContains(node, n));
    return ownText(ix, inside.length > 0 ? spanOfNodes(ix, inside) : { first: i, end: i + 1 });
  }
  return '';
}
