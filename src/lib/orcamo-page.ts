/**
 * Recognises ORCAMO's replacement-certificate page (manual steps 4–8) in a DOM: the `こちら` control of
 * `差し替え用のクライアント証明書のダウンロードはこちら`, the `確認する` control of
 * `クライアント証明書のパスワードを確認する`, and the password once the page shows it.
 *
 * The page's markup is not public (docs/ARCHITECTURE.md: facts about the real site): everything keys on the manual's texts (or a policy's alternatives,
 * site-texts.ts) and on the page's structure as a person reads it (page-structure.ts), never on class names or ids.
 * Pure functions over a DOM root (no side effects): they work in jsdom and the browser, on open shadow roots too.
 *
 * Rules:
 * - A line is an occurrence of a phrase in the rendered text (split across elements, padded with odd spaces, in
 *   half-width kana, inside a longer sentence: all count), not in quotes (`「…こちら」を押して` is a help text), whose
 *   holder (the smallest element holding it) is rendered. The page is recognised when a download line is there;
 *   everything else may be null — a page still rendering gives null, never another line's control.
 * - A line's control is a rendered control labelled with the control word (or a tail of the phrase ending with it,
 *   or the whole phrase) that belongs to the line (page-structure.ts `ownersOf`): the phrase ends in it or it holds
 *   the line; else by label/ARIA reference; table row, column or `<dt>`; the line's own sentence; standing alone
 *   right after the line; standing alone in the section of the heading that is the line. The strongest relation
 *   wins, then the nearest control after the line. A control that belongs to another text (`手順書は<a>こちら</a>`,
 *   the current certificate's row) is never the line's.
 * - `downloadUrl` is the control's absolute http(s) href; null when the control is driven by script or a form
 *   (a button, `javascript:`, `#…`, an `onclick` attribute, a `blob:` link), since only a click can start it.
 * - The password is a token of 8–32 ASCII letters/digits (and `!#$%&*+-=?@^~`) with at least one letter (an
 *   all-letter token must mix cases inside), shown as a whole text (or after `パスワード：` in one) or as the value
 *   of a visible text-like input; never a hidden input, a control's label, script text, masked dots, nor the
 *   certificate's `clientNNNN`/`uNNNNNNNN`. Evidence that it is the password: its label (explicit, the text before it
 *   in its line, its row/column header or `<dt>`, else the last line of the text before it) says `パスワード`; a
 *   `コピーする` control belongs to it; a dialog holds it ("strong"); or it follows the password line in that line's
 *   section, outside page chrome ("weak"). Candidates whose label names something else (`ご注文番号`, `ID`, `証明書`,
 *   dates…) are dropped; the rest are scored and the first best one in document order wins.
 */
import { CERT_SUBJECT_ID_PATTERN } from './site';
import { type OrcamoTexts, orcamoSiteTexts } from './site-texts';
import {
  CHROME_SELECTOR,
  CONTROL_SELECTOR,
  DIALOG_SELECTOR,
  type Line,
  type PageIndex,
  RELATION_STRENGTH,
  SECTION_SELECTOR,
  TEXT_INPUT_TYPES,
  flatClosest,
  flatContains,
  flatParent,
  findLines,
  hasOpenShadowRoot,
  indexPage,
  isRendered,
  labelOfPiece,
  lineSpan,
  overlaps,
  ownText,
  ownersOf,
  rendered,
  scopeOf,
  spanOf,
} from './page-structure';
import { normalizeText } from './text-normalize';

export { CONTROL_SELECTOR, isRendered };

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

export interface ShownPassword {
  password: string;
  /**
   * True when more than proximity says it is the password: a `パスワード` label of its own, a `コピーする` control
   * belonging to it, or a dialog around it. A token that merely follows the password line may be something else.
   */
  strong: boolean;
}

const EDGE_SYMBOLS = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Letters, digits and the few symbols a generated password may use; `.` and `_` are left out (file names). */
const TOKEN = /^[A-Za-z0-9!#$%&*+\-=?@^~]{8,32}$/;
const TOKEN_IN_LABELLED_TEXT = /(?:パスワード|password|pw)\s*(?:は)?\s*[:=]?\s*([A-Za-z0-9!#$%&*+\-=?@^~]{8,32})\s*(?:です)?[。.]?$/i;
const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/g;
const PREFERRED_TOKEN = /^[A-Za-z0-9]{10}$/;
const PASSWORD_LABEL = /パスワード|password|暗証/i;
/** Labels of other things a page shows in the same shape: order numbers, ids, codes, dates, file names. */
const OTHER_LABEL =
  /番号|ID|コード|ユーザ|アカウント|ファイル|シリアル|日付|日時|期限|契約|注文|受付|No\.|トークン|token|証明書|名前|氏名|名称|医療機関|発行|CN|serial/i;
/** A character class no compatibility form maps onto in practice: absent from the raw text, the phrase is too. */
const HAN = /\p{Script=Han}/u;

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** The texts, normalised once per texts object. */
interface Prepared {
  downloadLines: string[];
  downloadWords: string[];
  passwordLines: string[];
  passwordWords: string[];
  copyWords: string[];
  /** The download lines without a trailing control word: always text (`こちら` may be an input's value). */
  downloadTextParts: string[];
  /** One ideograph of each text part, for the cheap exit; null when some part has none. */
  anchors: string[] | null;
}

const prepared = new WeakMap<OrcamoTexts, Prepared>();
const DEFAULT_TEXTS = orcamoSiteTexts();

interface Candidate {
  token: string;
  score: number;
  strong: boolean;
}

interface Found {
  line: Line;
  phrase: string;
}

/** The replacement page's controls and revealed password under `root`, or null when it is not that page. */
export function recogniseReplacementPage(root: ParentNode, texts: OrcamoTexts = DEFAULT_TEXTS): ReplacementPage | null {
  const found = analyse(root, texts);
  return found && { ...found.page, revealedPassword: found.shown?.password ?? null };
}

/** The password shown on the replacement page under `root`, with how sure we are; null when none (or not the page). */
export function findShownPassword(root: ParentNode, texts: OrcamoTexts = DEFAULT_TEXTS): ShownPassword | null {
  return analyse(root, texts)?.shown ?? null;
}

function analyse(root: ParentNode, texts: OrcamoTexts): { page: Omit<ReplacementPage, 'revealedPassword'>; shown: ShownPassword | null } | null {
  const scope = scopeOf(root);
  const t = prepare(texts);
  if (!scope || !mayHoldDownloadLine(scope, t)) return null;

  const ix = indexPage(scope);
  const downloadLines = linesOf(ix, t.downloadLines);
  if (downloadLines.length === 0) return null;
  const download = firstWithControl(downloadLines, t.downloadWords, ix);
  const passwordLines = linesOf(ix, t.passwordLines);
  const password = firstWithControl(passwordLines, t.passwordWords, ix);
  const best = bestPasswordCandidate(ix, password.line ?? passwordLines[0]?.line ?? null, t);
  return {
    page: {
      downloadLink: download.control,
      downloadUrl: download.control ? plainUrlOf(download.control) : null,
      passwordButton: password.control,
    },
    shown: best && { password: best.token, strong: best.strong },
  };
}

function prepare(texts: OrcamoTexts): Prepared {
  let p = prepared.get(texts);
  if (p) return p;
  const norm = (list: readonly string[]): string[] => [...new Set(list.map(normalizeText).filter(Boolean))];
  const downloadLines = norm(texts.downloadLine);
  const downloadWords = norm(texts.downloadLink);
  const downloadTextParts = downloadLines.map((line) => {
    const word = downloadWords.find((w) => line.endsWith(w) && line.length > w.length);
    return word ? line.slice(0, line.length - word.length) : line;
  });
  const anchors = downloadTextParts.map((part) => HAN.exec(part)?.[0] ?? null);
  p = {
    downloadLines,
    downloadWords,
    passwordLines: norm(texts.passwordLine),
    passwordWords: norm(texts.passwordButton),
    copyWords: norm(texts.copyButton),
    downloadTextParts,
    anchors: anchors.every((a): a is string => a !== null) ? anchors : null,
  };
  prepared.set(texts, p);
  return p;
}

/**
 * The cheap exit, taken on every other page: one native text read, then one normalisation. Open shadow roots hide
 * their text from textContent, so a page with any is always read in full.
 */
function mayHoldDownloadLine(scope: Node, t: Prepared): boolean {
  if (hasOpenShadowRoot(scope)) return true;
  const raw = scope.textContent ?? '';
  if (t.anchors && !t.anchors.some((anchor) => raw.includes(anchor))) return false;
  const compact = normalizeText(raw);
  return t.downloadTextParts.some((part) => compact.includes(part));
}

function linesOf(ix: PageIndex, phrases: readonly string[]): Found[] {
  return phrases.flatMap((phrase) => findLines(ix, phrase).map((line) => ({ line, phrase }))).sort((a, b) => a.line.first - b.line.first);
}

// ── controls ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The first line that has a control; with no such line, the first line and no control. */
function firstWithControl(lines: Found[], words: string[], ix: PageIndex): { line: Line | null; control: Element | null } {
  for (const { line, phrase } of lines) {
    const control = controlOf(line, phrase, words, ix);
    if (control) return { line, control };
  }
  return { line: lines[0]?.line ?? null, control: null };
}

/** The control that belongs to the line most strongly; on a tie the nearest after the line, then before it. */
function controlOf(line: Line, phrase: string, words: string[], ix: PageIndex): Element | null {
  const start = ix.order.get(ix.pieces[line.first]?.node as Node) ?? 0;
  let best: { control: Element; strength: number; distance: number } | null = null;
  for (const control of ix.controls) {
    if (!isControlFor(control, phrase, words, ix) || !rendered(ix, control)) continue;
    const strength = relationStrength(line, control, ix);
    if (strength === 0) continue;
    const at = ix.order.get(control) ?? 0;
    // Controls before the line rank after every control after it.
    const distance = at >= start ? at - start : ix.order.size + (start - at);
    if (!best || strength > best.strength || (strength === best.strength && distance < best.distance)) {
      best = { control, strength, distance };
    }
  }
  return best?.control ?? null;
}

function relationStrength(line: Line, control: Element, ix: PageIndex): number {
  const end = ix.pieces[line.last]?.node;
  if ((end && flatContains(control, end)) || flatContains(control, line.holder)) return RELATION_STRENGTH.inside;
  const span = lineSpan(line);
  let strength = 0;
  for (const owner of ownersOf(control, ix)) {
    if (overlaps(owner.span, span)) strength = Math.max(strength, RELATION_STRENGTH[owner.relation]);
  }
  return strength;
}

/** A control labelled with a control word, a tail of the phrase ending with one (`…はこちら`), or the whole line. */
function isControlFor(el: Element, phrase: string, words: readonly string[], ix: PageIndex): boolean {
  const label = labelOfControl(el, ix);
  if (!label) return false;
  return label === phrase || words.some((word) => label === word || (label.endsWith(word) && phrase.endsWith(label)));
}

function labelOfControl(el: Element, ix: PageIndex): string {
  const span = spanOf(ix, el);
  const shown = ix.all.slice(ix.pieces[span.first]?.start ?? 0, ix.pieces[span.end - 1]?.end ?? 0);
  return shown ? trimLabel(shown) : controlLabel(el);
}

/** What a control says: an input's value, else its text, else its accessible name; icons and arrows trimmed. */
export function controlLabel(el: Element): string {
  const text =
    el.localName === 'input'
      ? (el.getAttribute('value') ?? el.getAttribute('alt') ?? '')
      : normalizeText(el.textContent ?? '')
        ? (el.textContent ?? '')
        : (el.getAttribute('aria-label') ?? el.getAttribute('title') ?? '');
  return trimLabel(text);
}

function trimLabel(text: string): string {
  return normalizeText(text).replace(EDGE_SYMBOLS, '');
}

/**
 * The absolute http(s) URL a control links to; null when only a click can start the download: buttons and form
 * controls, `javascript:`, same-page `#…` links, `blob:`/`data:` links, anything with an `onclick` attribute.
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

/**
 * The password in a piece of text: the whole text when it is a token (`jzN56hKHbm`), or a token after a password
 * label in the same text (`パスワード：jzN56hKHbm`). Null for anything else, including letter-less tokens (dates,
 * numbers), masked placeholders, and plain words (`Download`, `ORCAMOCLOUD`): an all-letter token must mix upper
 * and lower case inside.
 */
export function passwordTokenIn(text: string): { token: string; labelled: boolean } | null {
  const found = tokenIn(text);
  return found && !found.wordLike ? { token: found.token, labelled: found.labelled } : null;
}

/**
 * passwordTokenIn, and also the letters-only tokens it refuses as words (`wordLike`): about 0.3% of real random
 * passwords look like that (`Zqrtvbnmkl`), and the page's structure (its label, コピーする beside it) can still say so.
 */
function tokenIn(text: string): { token: string; labelled: boolean; wordLike: boolean } | null {
  // Not compactText: spaces inside a text separate words, they must not join them into a token.
  const compact = text.normalize('NFKC').replace(ZERO_WIDTH, '').trim();
  const whole = TOKEN.test(compact) ? compact : undefined;
  const token = whole ?? TOKEN_IN_LABELLED_TEXT.exec(compact)?.[1];
  if (!token || !/[A-Za-z]/.test(token) || CERT_SUBJECT_ID_PATTERN.test(token)) return null;
  return { token, labelled: whole === undefined, wordLike: !plausibleToken(token) };
}

function plausibleToken(token: string): boolean {
  if (/[0-9]/.test(token)) return true;
  // No digit (so are about 17% of random 10-character alphanumerics): a word has one capital at most, at its start,
  // or is all capitals. Two capitals inside and any lower-case letter is no word (`ZTQJPLHYZv` is a real draw).
  const inner = token.slice(1);
  return (inner.match(/[A-Z]/g)?.length ?? 0) >= 2 && /[a-z]/.test(token);
}

/** The best-scoring password candidate (see the module comment), or null. */
function bestPasswordCandidate(ix: PageIndex, passwordLine: Line | null, t: Prepared): Candidate | null {
  const copySpans = ix.controls
    .filter((control) => t.copyWords.includes(labelOfControl(control, ix)) && rendered(ix, control))
    .flatMap((control) =>
      ownersOf(control, ix)
        .filter((owner) => owner.relation !== 'heading')
        .map((owner) => owner.span),
    );
  let best: Candidate | null = null;
  ix.pieces.forEach((_, index) => {
    const candidate = candidateAt(index, ix, passwordLine, copySpans, t);
    // Strictly greater: on a tie the first in document order wins.
    if (candidate && (!best || candidate.score > best.score)) best = candidate;
  });
  return best;
}

function candidateAt(
  index: number,
  ix: PageIndex,
  passwordLine: Line | null,
  copySpans: readonly { first: number; end: number }[],
  t: Prepared,
): Candidate | null {
  const piece = ix.pieces[index];
  if (!piece || piece.control || piece.quiet) return null;
  const shown = shownText(piece.node);
  if (!shown) return null;
  const found = tokenIn(shown.text);
  if (!found || !rendered(ix, shown.holder)) return null;

  const label = found.labelled ? '' : normalizeText(labelOfPiece(index, ix));
  // The password line itself (or its 確認する) right before a token says less than a label of its own: the line may
  // be followed by other things, a label is not.
  const byLine = t.passwordLines.some((line) => label.includes(line)) || t.passwordWords.some((word) => label.endsWith(word));
  const byLabel = found.labelled || (PASSWORD_LABEL.test(label) && !byLine);
  if (!byLabel && !byLine && OTHER_LABEL.test(label)) return null;
  const copy = copySpans.some((span) => index >= span.first && index < span.end);
  const dialog = flatClosest(shown.holder, DIALOG_SELECTOR, ix.scope);
  const inRegion = passwordLine !== null && followsInSection(index, shown.holder, passwordLine, ix);
  if (!byLabel && !byLine && !copy && !dialog && !inRegion) return null;
  // Letters only and shaped like a word: taken only where the page says it is the password twice over (its own
  // label, or コピーする beside it and the password line or label before it), and never over a token that is no word.
  if (found.wordLike) {
    const said = found.labelled || (copy && (byLabel || byLine || inRegion));
    if (!said || PASSWORD_LABEL.test(found.token) || t.copyWords.includes(normalizeText(found.token))) return null;
  }

  let score = 0;
  if (PREFERRED_TOKEN.test(found.token)) score += 4;
  if (found.wordLike) score -= 1; // on equal evidence, a token that is no word wins
  if (/[A-Za-z]/.test(found.token) && /[0-9]/.test(found.token)) score += 1;
  if (byLabel) score += 3;
  else if (byLine) score += 1;
  if (copy) score += 3;
  if (dialog) score += PASSWORD_LABEL.test(ownText(ix, spanOf(ix, dialog))) ? 2 : 1;
  if (inRegion) score += 2;
  return { token: found.token, score, strong: byLabel || copy || dialog !== null };
}

/** The raw text a piece shows (spaces kept: they separate words) and the element that shows it. */
function shownText(node: Node): { text: string; holder: Element } | null {
  if (node.nodeType === TEXT_NODE) {
    const holder = flatParent(node);
    return holder ? { text: node.nodeValue ?? '', holder } : null;
  }
  if (node.nodeType !== ELEMENT_NODE || (node as Element).localName !== 'input') return null;
  const input = node as HTMLInputElement;
  return TEXT_INPUT_TYPES.has((input.getAttribute('type') ?? '').toLowerCase()) ? { text: input.value, holder: input } : null;
}

/**
 * True when the piece comes after the password line, in the same section (the nearest section element around the
 * line, else the whole page), and not in page chrome (header, footer, navigation) that the line is not in.
 */
function followsInSection(index: number, holder: Element, line: Line, ix: PageIndex): boolean {
  if (index <= line.last) return false;
  const section = flatClosest(line.block, SECTION_SELECTOR, ix.scope) ?? ix.scope;
  if (!flatContains(section, holder)) return false;
  const chrome = flatClosest(holder, CHROME_SELECTOR, section);
  return !chrome || flatContains(chrome, line.holder);
}
