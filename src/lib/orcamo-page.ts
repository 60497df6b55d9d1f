/**
 * Recognises ORCAMO's replacement-certificate page (manual steps 4–8) in a DOM: the `こちら` control of
 * `差し替え用のクライアント証明書のダウンロードはこちら`, the `確認する` control of
 * `クライアント証明書のパスワードを確認する`, and the password once the page shows it.
 *
 * The page's markup is not public (DESIGN.md §2): everything keys on the manual's texts (ORCAMO_TEXTS) and on generic structure,
 * never on class names or ids. Pure functions over a DOM root (no side effects): they work in jsdom and the browser.
 *
 * Rules:
 * - A line is an occurrence of the phrase in the rendered text (text nodes, and the values of button-like inputs,
 *   concatenated in compact form: a phrase split across elements, padded with full-width or zero-width spaces, in
 *   half-width kana, still counts), not in quotes (`「…こちら」を押して` is a help text), whose holder (the smallest
 *   element holding it) is rendered. Its block is the holder widened over inline elements. The page is recognised
 *   when the download line is there; everything else may be null.
 * - A line's control is a link/button/clickable whose label ends with the control word (`こちら`, `確認する`) and is
 *   a tail of the phrase (`こちら`, `ダウンロードはこちら`, the whole line): the holder's own enclosing control, else
 *   one inside the line's block, else one in a short sibling of the block (a button beside a label); a sibling with
 *   more text ends that search (the next control belongs to other content).
 * - `downloadUrl` is the control's absolute http(s) href; null when the control is driven by script or a form
 *   (a button, `javascript:`, `#…`, an `onclick` attribute), since only a click can start such a download.
 * - The password is a token of 8–32 ASCII letters/digits (and `!#$%&*+-=?@^~`) with at least one letter (an
 *   all-letter token must mix cases inside), shown as a whole text (or after `パスワード：` in one) or as the value
 *   of a visible text-like input; never a hidden input, a control's label, script text, nor the certificate's
 *   `clientNNNN`/`uNNNNNNNN`. It must be near the password: labelled `パスワード` by the nearest preceding text,
 *   beside a `コピーする` control in a short row, inside a dialog ("strong" evidence), or right after / in the region
 *   of the password line ("weak"). Candidates whose label names something else (`ご注文番号`, `ID`, `証明書`, dates…)
 *   are dropped; the rest are scored (10 alphanumerics, letters and digits, label, copy button, dialog, region) and
 *   the first best one in document order wins.
 */
import { CERT_SUBJECT_ID_PATTERN, ORCAMO_TEXTS } from './site';
import { CLOSING_QUOTE, OPENING_QUOTE, commonAncestor, isInlineLevel } from './dom-layout';
import { compactText, normalizeText } from './text-normalize';

export interface ReplacementPage {
  /** The `こちら` control (link, button or clickable); null when the line has none. */
  downloadLink: Element | null;
  /** Absolute http(s) URL of a plain link; null for script- or form-driven controls (and when there is no control). */
  downloadUrl: string | null;
  /** The `確認する` control; null when the page has no password line or the line has no control. */
  passwordButton: Element | null;
  /** The password the page shows now; null until it is revealed. */
  revealedPassword: string | null;
}

const DOWNLOAD_PHRASE = normalizeText(ORCAMO_TEXTS.downloadLine);
const DOWNLOAD_WORD = normalizeText(ORCAMO_TEXTS.downloadLink);
const PASSWORD_PHRASE = normalizeText(ORCAMO_TEXTS.passwordLine);
const PASSWORD_WORD = normalizeText(ORCAMO_TEXTS.passwordButton);
const COPY_WORD = normalizeText(ORCAMO_TEXTS.copyButton);
/** The download phrase before its control word: always text (the `こちら` may be an input's value). */
const DOWNLOAD_TEXT_PART = DOWNLOAD_PHRASE.slice(0, DOWNLOAD_PHRASE.length - DOWNLOAD_WORD.length);
/** A character of the download phrase that NFKC leaves as is: absent from the raw text, the page is not it. */
const ANCHOR = '替';

export const CONTROL_SELECTOR =
  'a,button,input[type=button],input[type=submit],input[type=image],[role=button],[role=link],[onclick]';
const DIALOG_SELECTOR = 'dialog,[role=dialog],[role=alertdialog],[aria-modal=true]';
/** Text in these never is the password: code, templates, and controls or options (their texts are labels). */
const NOT_PASSWORD_TEXT = 'script,style,noscript,template,textarea,title,a,button,select,option,label,[role=button]';
/** Inputs that may display a password; `hidden` never does (CSRF tokens live there), nor checkboxes and the like. */
const TEXT_INPUT_TYPES = new Set(['', 'text', 'password', 'search']);
const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset']);
const NOT_RENDERED = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title']);

const EDGE_SYMBOLS = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Letters, digits and the few symbols a generated password may use; `.` and `_` are left out (file names). */
const TOKEN = /^[A-Za-z0-9!#$%&*+\-=?@^~]{8,32}$/;
const TOKEN_IN_LABELLED_TEXT = /(?:パスワード|password|pw)\s*(?:は)?\s*[:=]?\s*([A-Za-z0-9!#$%&*+\-=?@^~]{8,32})\s*(?:です)?[。.]?$/i;
const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;
const PREFERRED_TOKEN = /^[A-Za-z0-9]{10}$/;
const PASSWORD_LABEL = /パスワード|password|暗証/i;
/** Labels of other things a page shows in the same shape: order numbers, ids, codes, dates, file names. */
const OTHER_LABEL = /番号|ID|コード|ユーザ|アカウント|ファイル|シリアル|日付|日時|期限|契約|注文|受付|No\.|トークン|token|証明書|名前|氏名|名称|医療機関|発行|CN|serial/i;
/** Levels above the password line's block that still count as its region (a card holding the lines and a result). */
const REGION_LEVELS = 3;
/** Levels above a candidate searched for its label and for a copy button. */
const LABEL_LEVELS = 3;
const COPY_LEVELS = 2;
const MAX_LABEL_CHARS = 40;
/** Siblings of a line's block looked at for its control, and how much text such a sibling may carry. */
const SIBLING_DISTANCE = 2;
const MAX_SIBLING_CHARS = 20;

// Node type numbers instead of `instanceof`, which fails across realms (jsdom windows, extension isolated worlds).
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const SHOW_ELEMENT_AND_TEXT = 0x1 | 0x4;

interface Line {
  /** The smallest element holding the whole phrase. */
  holder: Element;
  /** The holder widened over inline elements: the line as rendered. */
  block: Element;
}

export interface ShownPassword {
  password: string;
  /**
   * True when more than proximity says it is the password: a `パスワード` label of its own, a `コピーする` button
   * beside it, or a dialog around it. A token that is merely near the password line may be something else.
   */
  strong: boolean;
}

/** The replacement page's controls and revealed password under `root`, or null when it is not that page. */
export function recogniseReplacementPage(root: ParentNode): ReplacementPage | null {
  const found = analyse(root);
  return found && { ...found.page, revealedPassword: found.shown?.password ?? null };
}

/** The password shown on the replacement page under `root`, with how sure we are; null when none (or not the page). */
export function findShownPassword(root: ParentNode): ShownPassword | null {
  return analyse(root)?.shown ?? null;
}

function analyse(root: ParentNode): { page: Omit<ReplacementPage, 'revealedPassword'>; shown: ShownPassword | null } | null {
  const scope = scopeOf(root);
  // The cheap exit, taken on every other page: one native text read, then one normalisation.
  const raw = scope?.textContent ?? '';
  if (!scope || !raw.includes(ANCHOR) || !compactText(raw).includes(DOWNLOAD_TEXT_PART)) return null;

  const index = indexText(scope);
  const downloadLines = findLines(index, DOWNLOAD_PHRASE, scope);
  if (downloadLines.length === 0) return null;
  const download = firstWithControl(downloadLines, DOWNLOAD_PHRASE, DOWNLOAD_WORD);
  const passwordLines = findLines(index, PASSWORD_PHRASE, scope);
  const password = firstWithControl(passwordLines, PASSWORD_PHRASE, PASSWORD_WORD);
  const best = bestPasswordCandidate(scope, password.line ?? passwordLines[0] ?? null);
  return {
    page: {
      downloadLink: download.control,
      downloadUrl: download.control ? plainUrlOf(download.control) : null,
      passwordButton: password.control,
    },
    shown: best && { password: best.token, strong: best.strong },
  };
}

/** True when `el` renders: no `hidden`, no `display: none` on it or an ancestor, not `visibility: hidden`. */
export function isRendered(el: Element): boolean {
  // aria-hidden is deliberately not checked: modal libraries set it on the page behind a dialog, which still counts.
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (e.hasAttribute('hidden')) return false;
    const inline = (e as Partial<ElementCSSInlineStyle>).style;
    if (inline && (inline.display === 'none' || (e === el && inline.visibility === 'hidden'))) return false;
  }
  const view = el.ownerDocument.defaultView;
  if (typeof el.checkVisibility === 'function') {
    if (el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) return true;
    // `display: contents` has no box, so checkVisibility says false: its content renders if its parent does.
    const parent = el.parentElement;
    return view?.getComputedStyle(el).display === 'contents' && parent !== null && isRendered(parent);
  }
  if (!view) return true;
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (view.getComputedStyle(e).display === 'none') return false;
  }
  const visibility = view.getComputedStyle(el).visibility;
  return visibility !== 'hidden' && visibility !== 'collapse';
}

/**
 * The password in a piece of text: the whole text when it is a token (`jzN56hKHbm`), or a token after a password
 * label in the same text (`パスワード：jzN56hKHbm`). Null for anything else, including letter-less tokens (dates,
 * numbers) and plain words (`Download`, `ORCAMOCLOUD`): an all-letter token must mix upper and lower case inside.
 */
export function passwordTokenIn(text: string): { token: string; labelled: boolean } | null {
  // Not compactText: spaces inside a text separate words, they must not join them into a token.
  const compact = text.normalize('NFKC').replace(ZERO_WIDTH, '').trim();
  if (TOKEN.test(compact)) return plausibleToken(compact) ? { token: compact, labelled: false } : null;
  const labelled = TOKEN_IN_LABELLED_TEXT.exec(compact)?.[1];
  return labelled && plausibleToken(labelled) ? { token: labelled, labelled: true } : null;
}

function plausibleToken(token: string): boolean {
  if (!/[A-Za-z]/.test(token) || CERT_SUBJECT_ID_PATTERN.test(token)) return false;
  if (/[0-9]/.test(token)) return true;
  // No digit (so are about 17% of random 10-character alphanumerics): a word has one capital at most, at its start.
  const inner = token.slice(1);
  return (inner.match(/[A-Z]/g)?.length ?? 0) >= 2 && (token.match(/[a-z]/g)?.length ?? 0) >= 2;
}

// ── lines ────────────────────────────────────────────────────────────────────────────────────────────────────

interface TextIndex {
  /** Text nodes, and the inputs whose values render as text. */
  texts: Node[];
  /** End offset in `all` of each text's compact form. */
  ends: number[];
  /** The compact forms of all rendered texts, concatenated. */
  all: string;
}

function scopeOf(root: ParentNode): Element | null {
  if (root.nodeType === DOCUMENT_NODE) {
    const doc = root as Document;
    // Only <body> renders; <head> may hold scripts carrying the very phrase.
    return doc.body ?? doc.documentElement;
  }
  return root.nodeType === ELEMENT_NODE ? (root as Element) : null;
}

function indexText(scope: Element): TextIndex {
  const walker = scope.ownerDocument.createTreeWalker(scope, SHOW_ELEMENT_AND_TEXT);
  const texts: Node[] = [];
  const ends: number[] = [];
  let all = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const piece = renderedText(node);
    if (!piece) continue;
    texts.push(node);
    all += piece;
    ends.push(all.length);
  }
  return { texts, ends, all };
}

/** What a node shows as text: a text node's text, a button-like input's value (`…ダウンロードは<input value=こちら>`). */
function renderedText(node: Node): string {
  if (node.nodeType === TEXT_NODE) {
    return NOT_RENDERED.has(node.parentElement?.localName ?? '') ? '' : compactText(node.nodeValue ?? '');
  }
  const el = node as Element;
  return el.localName === 'input' && BUTTON_INPUT_TYPES.has((el.getAttribute('type') ?? '').toLowerCase())
    ? compactText(el.getAttribute('value') ?? '')
    : '';
}

/** Each rendered, unquoted occurrence of `phrase`, in document order. */
function findLines(index: TextIndex, phrase: string, scope: Element): Line[] {
  const lines: Line[] = [];
  let k = 0;
  for (let at = index.all.indexOf(phrase); at >= 0; at = index.all.indexOf(phrase, at + phrase.length)) {
    while ((index.ends[k] ?? Infinity) <= at) k++;
    let last = k;
    while ((index.ends[last] ?? Infinity) < at + phrase.length) last++;
    if (OPENING_QUOTE.test(index.all.slice(0, at)) || CLOSING_QUOTE.test(index.all.slice(at + phrase.length))) continue;
    const first = index.texts[k];
    const end = index.texts[last];
    const holder = first && end ? commonAncestor(first, end) : null;
    if (!holder || !scope.contains(holder) || !isRendered(holder)) continue;
    if (lines.some((line) => line.holder === holder)) continue;
    lines.push({ holder, block: blockOf(holder, scope) });
  }
  return lines;
}

/** A phrase inside inline elements is part of its block's line (`<li><span>…は<a>こちら</a></span></li>`). */
function blockOf(holder: Element, scope: Element): Element {
  let block = holder;
  while (isInlineLevel(block) && block.parentElement && block !== scope && scope.contains(block.parentElement)) {
    block = block.parentElement;
  }
  return block;
}

// ── controls ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The first line that has a control; with no such line, the first line and no control. */
function firstWithControl(lines: Line[], phrase: string, word: string): { line: Line | null; control: Element | null } {
  for (const line of lines) {
    const control = controlOf(line, phrase, word);
    if (control) return { line, control };
  }
  return { line: lines[0] ?? null, control: null };
}

function controlOf(line: Line, phrase: string, word: string): Element | null {
  const enclosing = line.holder.closest(CONTROL_SELECTOR);
  if (enclosing && isControlFor(enclosing, phrase, word)) return enclosing;
  const inside = controlIn(line.block, phrase, word);
  if (inside) return inside;
  for (const sibling of nearSiblings(line.block)) {
    const control = controlIn(sibling, phrase, word);
    if (control) return control;
  }
  return null;
}

function controlIn(el: Element, phrase: string, word: string): Element | null {
  if (isControlFor(el, phrase, word)) return isRendered(el) ? el : null;
  for (const candidate of el.querySelectorAll(CONTROL_SELECTOR)) {
    if (isControlFor(candidate, phrase, word) && isRendered(candidate)) return candidate;
  }
  return null;
}

/** A control labelled with a tail of the phrase that ends with the control word: `こちら`, `…はこちら`, the line. */
function isControlFor(el: Element, phrase: string, word: string): boolean {
  if (!el.matches(CONTROL_SELECTOR)) return false;
  const label = controlLabel(el);
  return label.endsWith(word) && phrase.endsWith(label);
}

/** What a control says: an input's value, else its text, else its accessible name; icons and arrows trimmed. */
export function controlLabel(el: Element): string {
  const text =
    el.localName === 'input'
      ? (el.getAttribute('value') ?? '')
      : compactText(el.textContent ?? '') ? (el.textContent ?? '') : (el.getAttribute('aria-label') ?? el.getAttribute('title') ?? '');
  return normalizeText(text).replace(EDGE_SYMBOLS, '');
}

/**
 * Short rendered siblings by distance, the following one first. A sibling with more text than a control's ends the
 * search in its direction: content in between means the next control belongs to something else.
 */
function nearSiblings(el: Element): Element[] {
  const result: Element[] = [];
  const short = (sibling: Element): boolean => compactText(sibling.textContent ?? '').length <= MAX_SIBLING_CHARS;
  let next = el.nextElementSibling;
  let previous = el.previousElementSibling;
  for (let d = 0; d < SIBLING_DISTANCE && (next || previous); d++) {
    if (next) {
      if (!short(next)) next = null;
      else {
        if (isRendered(next)) result.push(next);
        next = next.nextElementSibling;
      }
    }
    if (previous) {
      if (!short(previous)) previous = null;
      else {
        if (isRendered(previous)) result.push(previous);
        previous = previous.previousElementSibling;
      }
    }
  }
  return result;
}

/**
 * The absolute http(s) URL a control links to; null when only a click can start the download: buttons and form
 * controls, `javascript:`, same-page `#…` links, anything with an `onclick` attribute.
 */
export function plainUrlOf(control: Element): string | null {
  const anchor = control.closest('a,area');
  if (!anchor || control.hasAttribute('onclick') || anchor.hasAttribute('onclick')) return null;
  const href = anchor.getAttribute('href')?.trim();
  if (!href || href.startsWith('#')) return null;
  try {
    const url = new URL(href, anchor.ownerDocument.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

// ── the revealed password ────────────────────────────────────────────────────────────────────────────────────

interface Candidate {
  token: string;
  score: number;
  strong: boolean;
}

/** The best-scoring password candidate under `scope` (see the module comment), or null. */
function bestPasswordCandidate(scope: Element, passwordLine: Line | null): Candidate | null {
  const region = passwordLine ? regionOf(passwordLine.block, scope) : null;
  const walker = scope.ownerDocument.createTreeWalker(scope, SHOW_ELEMENT_AND_TEXT);
  let best: Candidate | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const candidate = candidateAt(node, region);
    // Strictly greater: on a tie the first in document order wins.
    if (candidate && (!best || candidate.score > best.score)) best = candidate;
  }
  return best;
}

/** The password line's block and a few ancestors below <body>: where a page puts what 確認する reveals. */
function regionOf(block: Element, scope: Element): Element {
  let region = block;
  for (let i = 0; i < REGION_LEVELS; i++) {
    const up = region.parentElement;
    if (!up || up === scope || !scope.contains(up) || up.localName === 'body' || up.localName === 'html') break;
    region = up;
  }
  return region;
}

function candidateAt(node: Node, region: Element | null): Candidate | null {
  let holder: Element | null;
  let found: { token: string; labelled: boolean } | null;
  if (node.nodeType === TEXT_NODE) {
    holder = node.parentElement;
    if (!holder || holder.closest(NOT_PASSWORD_TEXT)) return null;
    found = passwordTokenIn(node.nodeValue ?? '');
  } else if (node.nodeType === ELEMENT_NODE && (node as Element).localName === 'input') {
    holder = node as HTMLInputElement;
    if (!TEXT_INPUT_TYPES.has((holder.getAttribute('type') ?? '').toLowerCase())) return null;
    found = passwordTokenIn((holder as HTMLInputElement).value);
  } else {
    return null;
  }
  if (!found || !isRendered(holder)) return null;
  return scoreCandidate(found.token, found.labelled, node, holder, region);
}

function scoreCandidate(token: string, labelledInText: boolean, node: Node, holder: Element, region: Element | null): Candidate | null {
  const label = labelledInText ? '' : labelOf(node, holder);
  // The password line itself (or its 確認する) right before a token says less than a label of its own: the line may
  // be followed by other things, a label is not.
  const byLine = label.includes(PASSWORD_PHRASE) || label.endsWith(PASSWORD_WORD);
  const byLabel = labelledInText || (PASSWORD_LABEL.test(label) && !byLine);
  if (!byLabel && !byLine && OTHER_LABEL.test(label)) return null;
  const copy = hasCopyControlBeside(holder, token);
  const dialog = holder.closest(DIALOG_SELECTOR);
  const inRegion = region !== null && region.contains(holder);
  if (!byLabel && !byLine && !copy && !dialog && !inRegion) return null;

  let score = 0;
  if (PREFERRED_TOKEN.test(token)) score += 4;
  if (/[A-Za-z]/.test(token) && /[0-9]/.test(token)) score += 1;
  if (byLabel) score += 3;
  else if (byLine) score += 1;
  if (copy) score += 3;
  if (dialog) score += PASSWORD_LABEL.test(dialog.textContent ?? '') ? 2 : 1;
  if (inRegion) score += 2;
  return { token, score, strong: byLabel || copy || dialog !== null };
}

/**
 * The nearest text before the candidate: the closest preceding sibling with text, at the candidate's level or up to
 * LABEL_LEVELS above (`<dt>パスワード</dt><dd>…</dd>`, `<th>…</th><td><code>…</code></td>`, a dialog's title).
 * A copy button is skipped: it labels nothing.
 */
function labelOf(node: Node, holder: Element): string {
  // A text node's own element is the first level; an input is its own holder.
  let child: Node = node.nodeType === TEXT_NODE ? node : holder;
  for (let level = 0; level <= LABEL_LEVELS && child.parentElement; level++) {
    for (let sibling = child.previousSibling; sibling; sibling = sibling.previousSibling) {
      if (sibling.nodeType === ELEMENT_NODE && NOT_RENDERED.has((sibling as Element).localName)) continue;
      const text = normalizeText(sibling.textContent ?? '');
      if (!text || isCopyLabel(text)) continue;
      // A long text before the candidate is content (a paragraph, a whole section), not its label.
      return text.length <= MAX_LABEL_CHARS ? text : '';
    }
    child = child.parentElement;
  }
  return '';
}

/**
 * A `コピーする` control in the candidate's row: the nearest ancestor (within COPY_LEVELS) that holds one, provided
 * that row holds little else (a label, the token, the button), so a copy button elsewhere in a card does not count.
 */
function hasCopyControlBeside(holder: Element, token: string): boolean {
  let row: Element | null = holder.parentElement;
  for (let level = 0; level < COPY_LEVELS && row; level++, row = row.parentElement) {
    const copy = [...row.querySelectorAll(CONTROL_SELECTOR)].some((control) => isCopyLabel(controlLabel(control)));
    if (!copy) continue;
    const rest = compactText(row.textContent ?? '').replace(token, '').replace(COPY_WORD, '');
    return rest.length <= MAX_LABEL_CHARS;
  }
  return false;
}

function isCopyLabel(label: string): boolean {
  return label === COPY_WORD || label === 'コピー';
}
