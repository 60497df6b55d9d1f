/**
 * Where our button goes: right after WebORCA's `更新` control, or at the end of the bar when it has none. We add one
 * element of our own as a sibling and never touch WebORCA's elements (no attribute, class or style of theirs changes).
 */
import type { ExpiryBarDetection } from '../lib/detection';

/** Gap between WebORCA's absolutely positioned `更新` and our button, in CSS pixels. */
const GAP_PX = 8;

/**
 * Puts `host` in place (again) when it is not there yet: the SPA may re-render the bar and drop our element. Call it
 * only from the watcher's callback, whose own DOM changes do not wake the watcher.
 */
export function placeWidget(host: HTMLElement, found: ExpiryBarDetection): void {
  const anchor = anchorOf(found.renewControl);
  if (anchor) {
    if (host.previousElementSibling !== anchor) anchor.after(host);
  } else if (found.bar.lastElementChild !== host) {
    found.bar.append(host);
  }
  followAbsoluteAnchor(host, anchor);
}

/**
 * Never inside a link or button: a click on our button would also follow WebORCA's `更新` link. The control itself
 * usually is the link (`<a>更新</a>`); a `<span>` inside one is widened to the link.
 */
function anchorOf(control: Element | null): Element | null {
  return control ? (control.closest('a,button') ?? control) : null;
}

/**
 * GTK-style layouts position every widget absolutely (`left:760px; top:40px`). A static element among them would land
 * at the container's top-left; so ours is positioned beside the control, in the same containing block (we are its
 * sibling: same offsetParent).
 */
function followAbsoluteAnchor(host: HTMLElement, anchor: Element | null): void {
  const a = anchor as HTMLElement | null;
  const position = a ? getComputedStyle(a).position : '';
  // offsetLeft is there for HTML elements only (not SVG); `instanceof` would fail across realms (jsdom, isolated worlds).
  const css =
    a && a.offsetLeft !== undefined && /absolute|fixed/.test(position)
      ? `position:${position};left:${a.offsetLeft + a.offsetWidth + GAP_PX}px;top:${a.offsetTop}px;margin:0`
      : '';
  // Compared with what we last set (an expando, not an attribute), not with cssText, which the browser re-serialises
  // (`margin: 0px;`): an unchanged position writes nothing, so it wakes no observer of the page's.
  const placed = host as HTMLElement & { placedCss?: string };
  if ((placed.placedCss ?? '') !== css) host.style.cssText = placed.placedCss = css;
}
