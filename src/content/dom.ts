/**
 * A hyperscript-sized element builder for the content script, where preact would cost more bytes than the whole UI.
 * Text always goes in as text nodes (never innerHTML): whatever a view carries is shown, never interpreted. Events are
 * delegated by the caller (one listener per widget), so attributes are plain non-empty strings; `false` or `undefined` leaves one out.
 */
export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | false | undefined>;

export function h(doc: Document, tag: string, attrs: Attrs | null, ...children: Child[]): HTMLElement {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) if (value) el.setAttribute(name, value);
  return append(el, ...children);
}

/** Appends the children that are there (null, undefined and false are "nothing here"). */
export function append<E extends Element>(el: E, ...children: Child[]): E {
  for (const child of children) if (child) el.append(child);
  return el;
}
