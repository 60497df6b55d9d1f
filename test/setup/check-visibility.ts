/**
 * jsdom has no Element.checkVisibility (every browser we support has: Chrome 105, Firefox 106). The content
 * scripts call it directly, so the unit tests that run them in jsdom get this stand-in: the same answer from
 * computed styles — not displayed when it or an ancestor has display:none, invisible with visibility hidden or
 * collapse (when asked to look at visibility). Installed on the test environment's window by the vitest setup, and
 * by the tests that make their own JSDOM window (`installCheckVisibility(dom.window)`); only where it is missing.
 */
export function installCheckVisibility(window: { Element: typeof Element }): void {
  const proto = window.Element.prototype;
  if (typeof proto.checkVisibility === 'function') return;
  proto.checkVisibility = function checkVisibility(this: Element, options?: CheckVisibilityOptions): boolean {
    const view = this.ownerDocument.defaultView;
    if (!view) return true;
    for (let e = this as Element | null; e; e = e.parentElement) {
      if (view.getComputedStyle(e).display === 'none') return false;
    }
    if (options?.visibilityProperty || options?.checkVisibilityCSS) {
      const visibility = view.getComputedStyle(this).visibility;
      if (visibility === 'hidden' || visibility === 'collapse') return false;
    }
    return true;
  };
}

if (typeof Element !== 'undefined') installCheckVisibility({ Element });
