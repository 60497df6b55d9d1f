/**
 * Layout facts the text-based page readers (WebORCA's bar in detection.ts, ORCAMO's lines in orcamo-page.ts) both
 * need: where a phrase split across elements lives, whether an element is part of a line or a box of its own, and
 * whether a phrase is quoted (prose mentioning it, not the thing itself). Pure DOM, no dependencies.
 */

/** A quote mark right before / right after a phrase (Japanese and Western). */
export const OPENING_QUOTE = /[「『"“〝'‘【《〈]$/;
export const CLOSING_QUOTE = /^[」』"”〟'’】》〉]/;

/**
 * Inline-level by default; used only where no computed style is available (a DOMParser document, never a page the
 * extension reads): the common phrasing tags, not every one (the WebORCA script carries this list within its budget).
 */
const INLINE_TAGS = new Set(['a', 'b', 'code', 'em', 'font', 'i', 'label', 'small', 'span', 'strong']);
const POSITIONED = /position:\s*(absolute|fixed)/;

/** The nearest element containing both nodes (a phrase's first and last text node). */
export function commonAncestor(a: Node, b: Node): Element | null {
  const ancestors = new Set<Element>();
  for (let e = a.parentElement; e; e = e.parentElement) ancestors.add(e);
  for (let e = b.parentElement; e; e = e.parentElement) if (ancestors.has(e)) return e;
  return null;
}

/** True when the element flows inside a line rather than making a box of its own. */
export function isInlineLevel(el: Element): boolean {
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  if (!style) return INLINE_TAGS.has(el.localName) && !POSITIONED.test(el.getAttribute('style') ?? '');
  // Absolute/fixed positioning and floats make a box of its own (CSS "blockification"); jsdom does not apply it.
  const ownBox = /absolute|fixed/.test(style.position) || (style.cssFloat || 'none') !== 'none';
  return !ownBox && /^(inline|contents)/.test(style.display);
}
