/**
 * Finds WebORCA's blue certificate-expiry bar (`クライアント証明書の有効期限が近づいています。 更新`) in a DOM.
 *
 * The bar's markup is not public (docs/ARCHITECTURE.md: facts about the real site), so everything keys on its TEXT (the manual's, or a policy's
 * alternatives: site-texts.ts) and on generic structure, never on guessed class names. Pure functions over a DOM
 * root: they work in jsdom and in the browser, read layout only for the few elements that contain the phrase, and
 * return at once (one `textContent` read, one scan for open shadow roots) on pages without it.
 *
 * What separates the bar from prose that mentions the same words (a news item, a help page): the "line" holding the
 * phrase — the phrase's smallest element, widened over inline elements (and over the cells of its table row, which
 * read as one line) to the block it is rendered in — must read like the bar (`looksLikeBar`):
 *   1. the phrase appears once, not in quotes (`「…」`, `『…』`, `"…"`, `【…】`), not in `<blockquote>`/`<q>`;
 *   2. before it, no letters or digits (an icon, a bullet at most): news items start with a date or a tag like
 *      `【新着】2024-06-05`, sentences with their subject;
 *   3. the phrase ends its sentence: what follows is nothing, a sentence end (`。`, `!`…), a bracket, or a part of
 *      the bar (`更新`, days left, `有効期限`, `閉じる`); not the quotative `と` (`…近づいています」と表示されたら`,
 *      `…近づいています、という表示`) nor a continuation (`…近づいていますので、…`).
 * The bar is the line widened to wrappers that add nothing but the bar's own parts (更新, days, date, close); its
 * parts may also be its neighbours (GTK-like layouts place label, button and days side by side as siblings): the
 * siblings next to it whose texts are only such parts. Its `更新` is the control inside the bar or among those parts,
 * else one that names the bar by `aria-labelledby`/`aria-describedby`. The bar must be visible: itself and all its
 * ancestors (through open shadow roots to their hosts), hence its screen (`#M00`) when it sits in one. A bar outside
 * every screen element counts when visible: its place in the real markup is unknown.
 */
import { SCREEN_ID_PATTERN, WEBORCA_LOGIN_SELECTORS, WEBORCA_TEXTS, WEBORCA_TITLE_PATTERN } from './site';
import { WEBORCA_SITE_TEXTS, type WebOrcaTexts } from './site-texts';
import { CLOSING_QUOTE, OPENING_QUOTE, commonAncestor, isInlineLevel } from './dom-layout';
import { compactText, normalizeText } from './text-normalize';

export interface ExpiryBarDetection {
  /**
   * The bar: the block holding the phrase (see `looksLikeBar`), widened to wrappers that add nothing but its `更新`,
   * days, date or close control.
   */
  bar: Element;
  /** The bar's normalised text, e.g. `クライアント証明書の有効期限が近づいています。更新100`. */
  text: string;
  /** The `更新` link/button: in the bar, among its side-by-side parts, or naming it by ARIA; null when none. */
  renewControl: Element | null;
  /** The absolute http(s) URL the `更新` control links to (the ORCAMO page); null for a button without URL. */
  orcamoUrl: string | null;
  /** Days left as shown (`残り45日`, a bare `100` beside `更新`), else computed from `expiresOn`; null when neither. */
  daysLeft: number | null;
  /** The expiry date shown in or beside the bar, as YYYY-MM-DD; null when none is shown. */
  expiresOn: string | null;
  /** The id of the screen the bar is in (`M00`), else of the visible screen; null on pages without screens. */
  screen: string | null;
}

export interface DetectOptions {
  /** "Today", for days left computed from a shown expiry date. */
  now?: Date;
  /** The texts to look for: the built-in ones, plus policy additions (site-texts.ts `withSiteTexts`). */
  texts?: WebOrcaTexts;
}

const PHRASE = normalizeText(WEBORCA_TEXTS.expiryBar);
const RENEW = normalizeText(WEBORCA_TEXTS.renewLink);

const LEADING_PUNCTUATION = /^[。、.,!?:;]+/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const NOT_LETTER = /\P{L}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
/** Words of a bar's days/date/button texts; removed before looking for letters a bar part would not have. */
const BAR_WORDS = /更新|閉じる|有効期限|期限|残り|あと|まで|迄|日|こちら/g;

const DATE = /(\d{4})[/.\-年](\d{1,2})[/.\-月](\d{1,2})日?/;
const REIWA_DATE = /令和(元|\d{1,2})年(\d{1,2})月(\d{1,2})日/;
/** Reiwa 1 = 2019. */
const REIWA_OFFSET = 2018;
const DAYS = /(?:残り|あと|まで)?(\d{1,4})日/;
const BARE_NUMBER = /^\d{1,4}$/;
/** A certificate lives 3 years: a larger bare number is not a count of days left. */
const MAX_DAYS = 1200;
const DAY_MS = 86_400_000;

/** Elements whose text is not rendered as page text. */
const NOT_RENDERED = new Set(['script', 'style', 'noscript', 'textarea', 'title']);
const QUOTATION = 'blockquote,q';
const CELL = /^t[dh]$/;
/** Links, buttons, button-like inputs (`[type=…]`: a `<button>` matches anyway), ARIA links/buttons, clickables. */
const CONTROL_SELECTOR = 'a,button,[type=button],[type=submit],[role=button],[role=link],[onclick]';

// Node type numbers instead of `instanceof`, which fails across realms (jsdom windows, extension isolated worlds).
const DOCUMENT_NODE = 9;
const SHOW_TEXT = 0x4;

/** Finds the visible expiry bar under `root`, or null. See the module comment for what counts as the bar. */
export function detectExpiryBar(root: ParentNode, opts: DetectOptions = {}): ExpiryBarDetection | null {
  const scope = root.nodeType === DOCUMENT_NODE ? bodyOf(root as Document) : (root as Node);
  const texts = opts.texts ?? WEBORCA_SITE_TEXTS;
  // Empty texts would match everything (and a phrase search would never end): dropped.
  const [phrases, renew] = [texts.expiryBar, texts.renewLink].map((list) => list.map(normalizeText).filter(Boolean));
  return scope && detectIn(scope, root, phrases as string[], renew as string[], opts.now ?? new Date());
}

function detectIn(scope: Node, root: ParentNode, phrases: string[], renew: string[], now: Date): ExpiryBarDetection | null {
  // The cheap exit, taken on almost every call: one native text read, no walking, no style or layout reads. A page
  // without a phrase's last character (`す`: hiragana and kanji have no compatibility forms) skips the normalisation.
  const raw = scope.textContent ?? '';
  const compact = phrases.some((phrase) => raw.includes(phrase.slice(-1))) ? compactText(raw) : '';
  for (const phrase of phrases) {
    if (!compact.includes(phrase)) continue;
    for (const holder of phraseHolders(scope, phrase)) {
      const found = examine(holder, scope, root, phrase, renew, now);
      if (found) return found;
    }
  }
  // textContent does not enter shadow roots: a bar drawn by a web component is looked for in its open shadow root.
  // (A live collection where there is one: no selector matching, no tree walk.)
  const elements = (scope as Element).getElementsByTagName?.('*') ?? (scope as ParentNode).querySelectorAll('*');
  for (const el of elements) {
    const found = el.shadowRoot && detectIn(el.shadowRoot, root, phrases, renew, now);
    if (found) return found;
  }
  return null;
}

/** The id of the visible WebORCA screen (`M00`); the one named in the title wins when dialogs stack. */
export function visibleScreen(root: ParentNode): string | null {
  const doc = root.nodeType === DOCUMENT_NODE ? (root as Document) : (root as Node).ownerDocument;
  const titled = /^\(([^)]+)\)/.exec(doc?.title ?? '')?.[1];
  let first: string | null = null;
  for (const screen of screenElements(root)) {
    if (!isShown(screen)) continue;
    if (screen.id === titled) return screen.id;
    first ??= screen.id;
  }
  return first;
}

/** True for a WebORCA page (a screen, or the login form), so callers can stop watching anything else. */
export function isWebOrcaDocument(doc: Document): boolean {
  if (WEBORCA_TITLE_PATTERN.test(doc.title)) return true;
  if (screenElements(doc).length > 0) return true;
  const login = WEBORCA_LOGIN_SELECTORS;
  return Boolean(doc.querySelector(login.user) && doc.querySelector(login.password) && doc.querySelector(login.submit));
}

/** True when `el` and every ancestor are displayed and not hidden (attributes, `hidden` class, styles). */
export function isShown(el: Element): boolean {
  // A shadow tree shows only when its host does.
  const host = (el.getRootNode() as Partial<ShadowRoot>).host;
  if (host && !isShown(host)) return false;
  for (let e: Element | null = el; e; e = e.parentElement) {
    if (e.hasAttribute('hidden') || e.classList.contains('hidden')) return false;
    if (e.getAttribute('aria-hidden') === 'true') return false;
    const inline = inlineStyle(e);
    if (inline && (inline.display === 'none' || inline.visibility === 'hidden' || inline.visibility === 'collapse')) {
      return false;
    }
  }
  // The browser answers for stylesheets in one call (Chrome 105+, Firefox 106+; the jsdom tests get a stand-in).
  return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
}

/**
 * Reads days left and expiry date from texts shown in or beside the bar, in order of preference: `残り45日`,
 * `あと45日`, dates `2025/03/31`, `2025-03-31`, `2025年3月31日`, `令和7年3月31日`, and a piece that is nothing but a
 * number besides the phrase and `更新` (the manual shows `更新 100`). Days left are computed from the date when only
 * the date is shown.
 */
export function parseExpiry(pieces: readonly string[], now: Date = new Date(), phrase: string = PHRASE): { daysLeft: number | null; expiresOn: string | null } {
  let daysLeft: number | null = null;
  let expiresOn: string | null = null;
  for (const piece of pieces) {
    // The bar's own phrase (the one that matched, an administrator's alternative included) is not a number's label.
    let rest = compactText(piece).replace(phrase, ' ');
    const reiwa = REIWA_DATE.exec(rest);
    const western = reiwa ? null : DATE.exec(rest);
    const date = reiwa
      ? isoDate(REIWA_OFFSET + (reiwa[1] === '元' ? 1 : Number(reiwa[1])), Number(reiwa[2]), Number(reiwa[3]))
      : western && isoDate(Number(western[1]), Number(western[2]), Number(western[3]));
    const dateText = (reiwa ?? western)?.[0];
    if (dateText) rest = rest.replace(dateText, ' ');
    expiresOn ??= date ?? null;

    const days = DAYS.exec(rest);
    const bare = rest.replace(RENEW, '').replace(NOT_LETTER_OR_DIGIT, '');
    if (daysLeft === null && days) daysLeft = Number(days[1]);
    else if (daysLeft === null && BARE_NUMBER.test(bare) && Number(bare) <= MAX_DAYS) daysLeft = Number(bare);
  }
  if (daysLeft === null && expiresOn) daysLeft = daysUntil(expiresOn, now);
  return { daysLeft, expiresOn };
}

/**
 * The smallest element holding each occurrence of the phrase, in document order. The phrase may be split across
 * text nodes (spans, `<br>`, odd whitespace), so rendered text nodes are concatenated in compact form and each match
 * is mapped back to the lowest common ancestor of its first and last text nodes.
 */
function phraseHolders(scope: Node, phrase: string): Element[] {
  // SHOW_TEXT without a filter callback: no JS call per element. Unrendered text (script, style, title, textarea)
  // always sits directly in its element, so looking at the parent is enough. (The scope is a body, an element or a
  // shadow root, never a document: it has an owner document.)
  const walker = (scope.ownerDocument as Document).createTreeWalker(scope, SHOW_TEXT);
  const texts: Node[] = [];
  const ends: number[] = [];
  let all = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (NOT_RENDERED.has(node.parentElement?.localName ?? '')) continue;
    const piece = compactText(node.nodeValue ?? '');
    if (!piece) continue;
    texts.push(node);
    all += piece;
    ends.push(all.length);
  }
  const holders: Element[] = [];
  let k = 0;
  for (let at = all.indexOf(phrase); at >= 0; at = all.indexOf(phrase, at + phrase.length)) {
    while ((ends[k] ?? Infinity) <= at) k++;
    let last = k;
    while ((ends[last] ?? Infinity) < at + phrase.length) last++;
    const first = texts[k];
    const end = texts[last];
    const holder = first && end ? commonAncestor(first, end) : null;
    if (holder && !holders.includes(holder)) holders.push(holder);
  }
  return holders;
}

/** Applies the bar rule to one phrase holder; builds the detection when it passes. */
function examine(holder: Element, scope: Node, root: ParentNode, phrase: string, renew: string[], now: Date): ExpiryBarDetection | null {
  // A quotation is prose by definition, however bar-like its text.
  if (!isShown(holder) || holder.closest(QUOTATION)) return null;
  const screen = closestScreen(holder);
  // A phrase inside inline elements is part of its block's line, and a table row's cells read as one line: judge
  // the whole line, date prefixes (a news table's date cell) and all.
  let line = holder;
  while ((isInlineLevel(line) || CELL.test(line.localName)) && line.parentElement && scope.contains(line.parentElement)) {
    line = line.parentElement;
  }
  if (!looksLikeBar(compactText(line.textContent ?? ''), phrase, renew)) return null;

  // Widen to wrappers that add nothing but the bar's own parts (更新, days, date, close): never to a screen's menu.
  let bar = line;
  let barText = compactText(line.textContent ?? '');
  for (let up = bar.parentElement; up && !isBoundary(up, scope, screen); up = up.parentElement) {
    const upText = compactText(up.textContent ?? '');
    if (unknownLetters(upText.replace(barText, ''), renew)) break;
    bar = up;
    barText = upText;
  }
  const parts = [bar, ...barParts(bar, renew)];
  const renewControl = findRenewControl(bar, parts, renew);
  const { daysLeft, expiresOn } = parseExpiry(
    parts.map((part) => part.textContent ?? ''),
    now,
    phrase,
  );
  return {
    bar,
    text: normalizeText(bar.textContent ?? ''),
    renewControl,
    orcamoUrl: renewControl ? linkOf(renewControl) : null,
    daysLeft,
    expiresOn,
    screen: screen?.id ?? visibleScreen(root),
  };
}

/** The bar rule (module comment): the phrase once, unquoted, only symbols before it, ending its sentence. */
export function looksLikeBar(compact: string, phrase: string = PHRASE, renew: readonly string[] = [RENEW]): boolean {
  const at = compact.indexOf(phrase);
  if (at < 0 || compact.includes(phrase, at + phrase.length)) return false;
  const prefix = compact.slice(0, at);
  if (LETTER_OR_DIGIT.test(prefix) || OPENING_QUOTE.test(prefix)) return false;
  const suffix = compact.slice(at + phrase.length);
  const rest = suffix.replace(LEADING_PUNCTUATION, '');
  if (CLOSING_QUOTE.test(suffix) || rest.startsWith('と')) return false;
  // After a sentence end anything may follow (`。お早めに更新してください`); without one, only the bar's parts.
  return rest !== suffix || !unknownLetters(rest, renew);
}

/** The letters of a text that are not a bar's own words (its renew labels too), dates, numbers or punctuation. */
function unknownLetters(compact: string, renew: readonly string[]): string {
  // The renew labels first: a policy's label may contain a bar word (`証明書を更新`).
  for (const word of renew) compact = compact.replaceAll(word, '');
  return compact.replace(REIWA_DATE, '').replace(BAR_WORDS, '').replace(NOT_LETTER, '');
}

/** Climbing for the bar stops below the screen element and the page's top elements. */
function isBoundary(el: Element, scope: Node, screen: Element | null): boolean {
  return el === screen || /^(body|html)$/.test(el.localName) || !scope.contains(el);
}

/**
 * The siblings beside the bar that are parts of it (label, 更新 and days side by side): the shown siblings next to it,
 * both ways, up to one with letters no bar part has (a menu button such as `03 プログラム更新`).
 */
function barParts(bar: Element, renew: readonly string[]): Element[] {
  const parts: Element[] = [];
  for (const step of ['nextElementSibling', 'previousElementSibling'] as const) {
    for (let sibling = bar[step]; sibling; sibling = sibling[step]) {
      if (!isShown(sibling)) continue;
      if (unknownLetters(compactText(sibling.textContent ?? ''), renew)) break;
      parts.push(sibling);
    }
  }
  return parts;
}

/**
 * The shown 更新 control in the bar, else in its side-by-side parts, else anywhere in its tree naming the bar (or a
 * part of it) by `aria-describedby`/`aria-labelledby`.
 */
function findRenewControl(bar: Element, parts: readonly Element[], renew: readonly string[]): Element | null {
  const tree = bar.getRootNode() as Document;
  const controls = [...tree.querySelectorAll(CONTROL_SELECTOR)].filter((c) => isRenewControl(c, renew) && isShown(c));
  for (const part of parts) {
    const inside = controls.find((control) => part.contains(control));
    if (inside) return inside;
  }
  // contains(null) is false: an id that resolves to nothing names nothing.
  return (
    controls.find((control) =>
      `${control.getAttribute('aria-describedby')} ${control.getAttribute('aria-labelledby')}`.split(' ').some((id) => bar.contains(tree.getElementById(id))),
    ) ?? null
  );
}

/** A control (CONTROL_SELECTOR) labelled 更新 (or a policy's alternative). */
function isRenewControl(el: Element, renew: readonly string[]): boolean {
  const label = el.localName === 'input' ? (el.getAttribute('value') ?? '') : el.textContent || el.getAttribute('aria-label') || '';
  return renew.includes(normalizeText(label));
}

/** The control's http(s) link, resolved against the page; `javascript:` and other schemes give null. */
function linkOf(control: Element): string | null {
  const href = control.closest('a[href],area[href]')?.getAttribute('href') ?? control.getAttribute('data-href');
  if (!href) return null;
  try {
    const url = new URL(href, control.ownerDocument.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function closestScreen(el: Element): Element | null {
  for (let e = el.parentElement; e; e = e.parentElement) if (SCREEN_ID_PATTERN.test(e.id)) return e;
  return null;
}

/** Only <body> renders; <head> may hold inline scripts that carry the very phrase. */
function bodyOf(doc: Document): Node {
  return doc.body ?? doc.documentElement;
}

function screenElements(root: ParentNode): Element[] {
  return [...root.querySelectorAll('[id]')].filter((el) => SCREEN_ID_PATTERN.test(el.id));
}

function inlineStyle(el: Element): CSSStyleDeclaration | null {
  const style = (el as Partial<ElementCSSInlineStyle>).style;
  return style ?? null;
}

/** YYYY-MM-DD for a real calendar date, else null (`2025/02/30` is not one). */
function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** Whole days from `now`'s local calendar date to the expiry date (0 on the day itself, negative once past). */
function daysUntil(iso: string, now: Date): number {
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - today) / DAY_MS);
}
