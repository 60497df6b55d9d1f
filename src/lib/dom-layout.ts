/**
 * Layout facts the text-based page readers (WebORCA's bar in detection.ts, ORCAMO's lines in orcamo-page.ts) both
 * need: where a phrase split across elements lives, whether an element is part of a line or a box of its own, and
 * whether a phrase is quoted (prose mentioning it, not the thing itself). Pure DOM, no dependencies.
 */

/** A quote mark right before / right after a phrase (Japanese and Western). */
export const OPENING_QUOTE = /[「『"“〝'‘【《〈]$/;
export const CLOSING_QUOTE = /^[」』"”〟'’】》〉]/;

/** Inline-level by default; used only where no computed style is available (a DOMParser document). */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'label', 'mark', 'nobr',
  'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);
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
  if (style.position === 'absolute' || style.position === 'fixed') return false;
  if (style.cssFloat && style.cssFloat !== 'none') return false;
  return style.display.startsWith('inline') || style.display === 'contents';
}
