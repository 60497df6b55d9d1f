/**
 * Text normalisation for matching site texts against what the page renders: pages split, pad and re-encode text
 * (full-width letters, U+3000, NBSP, zero-width characters) in ways a reader never notices.
 */

/**
 * Everything that renders as nothing or as blank space. `\s` already covers NBSP, U+3000, U+FEFF and the line
 * separators; zero-width characters, word joiner, soft hyphen and variation selectors (`ℹ︎`) are not whitespace to JS
 * but invisible all the same.
 */
const INVISIBLE = /[\s\u00AD\u180E\u200B-\u200D\u2060\uFE00-\uFE0F]+/g;

/** Sentence-final punctuation (after NFKC: `．`→`.`, `！`→`!`, `｡`→`。`), which bars and texts add or drop at will. */
const TRAILING_PUNCTUATION = /[。、.,!?:;…]+$/;

/**
 * Letter-like icons: ℹ and the circled letters (ⓘ, Ⓘ…), which NFKC would turn into plain letters, so that an info
 * icon before a text would read as a word.
 */
const ICON_LETTERS = /[\u2139\u24B6-\u24E9]/g;

/**
 * NFKC (full-width ASCII → ASCII, half-width kana → kana), every invisible character and letter-like icon removed.
 * Keeps punctuation, so offsets into concatenations of compacted pieces stay meaningful.
 */
export function compactText(text: string): string {
  return text.replace(ICON_LETTERS, '').normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * `compactText` plus trailing sentence punctuation dropped: `クライアント証明書の有効期限が　近づいています。`
 * → `クライアント証明書の有効期限が近づいています`. Compare or search site texts in this form only.
 */
export function normalizeText(text: string): string {
  return compactText(text).replace(TRAILING_PUNCTUATION, '');
}
