/**
 * Our inline widget as a user meets it, in real Chromium. Its shadow root is closed — page scripts, and so
 * Playwright's locators, cannot reach into it — so the tests read it through the DevTools protocol (the DOM domain
 * pierces closed roots, as the DevTools' Elements panel does) and click it with the real mouse at the button's
 * place on screen: a trusted click, the only kind the widget acts on.
 */
import type { CDPSession, Locator, Page } from 'playwright-core';

const HOST_TAG = 'weborca-cert-companion';

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

/** What the tests do with a control: the part of Playwright's Locator they use, for a widget button or a page one. */
export interface Control {
  click(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { timeout?: number }): Promise<void>;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  innerText(): Promise<string>;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function session(page: Page): Promise<CDPSession> {
  let made = sessions.get(page);
  if (!made) {
    made = page.context().newCDPSession(page);
    sessions.set(page, made);
  }
  return made;
}

function attribute(node: DomNode, name: string): string | null {
  const list = node.attributes ?? [];
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1] ?? '';
  return null;
}

function* walk(node: DomNode): Generator<DomNode> {
  yield node;
  for (const root of node.shadowRoots ?? []) yield* walk(root);
  for (const child of node.children ?? []) yield* walk(child);
  if (node.contentDocument) yield* walk(node.contentDocument);
}

function textOf(node: DomNode): string {
  let text = '';
  for (const each of walk(node)) if (each.nodeType === 3) text += each.nodeValue ?? '';
  return text;
}

/** The closed shadow root of our widget, as DevTools sees it (null when the widget is not on the page). */
async function widgetRoot(page: Page): Promise<DomNode | null> {
  const cdp = await session(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  for (const node of walk(root)) {
    if (node.localName === HOST_TAG) return node.shadowRoots?.[0] ?? null;
  }
  return null;
}

/** Elements under our root that match a simple test (tag, role, data-k…). */
async function find(page: Page, match: (node: DomNode) => boolean): Promise<DomNode[]> {
  const root = await widgetRoot(page);
  if (!root) return [];
  return [...walk(root)].filter((node) => node.nodeType === 1 && match(node));
}

/** The element's centre on screen, or null when it is not rendered (hidden, or has no box). */
async function centre(page: Page, node: DomNode): Promise<{ x: number; y: number } | null> {
  const cdp = await session(page);
  try {
    await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendNodeId });
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as {
      model: { border: number[]; width: number; height: number };
    };
    if (model.width === 0 || model.height === 0) return null;
    const xs = [model.border[0]!, model.border[2]!, model.border[4]!, model.border[6]!];
    const ys = [model.border[1]!, model.border[3]!, model.border[5]!, model.border[7]!];
    return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
  } catch {
    return null;
  }
}

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`widget: ${what} not found within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A button of our widget, found by its text (a RegExp against the trimmed label). */
export function widgetButton(page: Page, name: RegExp): Control {
  const buttons = () => find(page, (node) => node.localName === 'button' && name.test(textOf(node).trim()));
  const visible = async (): Promise<{ x: number; y: number } | null> => {
    for (const node of await buttons()) {
      const point = await centre(page, node);
      if (point) return point;
    }
    return null;
  };
  return {
    async click(options = {}) {
      const point = await poll(`button ${name}`, options.timeout ?? 30_000, visible);
      await page.mouse.click(point.x, point.y);
    },
    async waitFor(options = {}) {
      await poll(`button ${name}`, options.timeout ?? 30_000, visible);
    },
    count: async () => (await buttons()).length,
    isVisible: async () => (await visible()) !== null,
    async innerText() {
      const [first] = await buttons();
      return first ? textOf(first).trim() : '';
    },
  };
}

/** The widget's main button (the first one: ワンクリックで更新, 更新しています…, 更新しました…). */
export async function widgetLabel(page: Page): Promise<string | null> {
  const [main] = await find(page, (node) => node.localName === 'button' && attribute(node, 'data-k') === 'b');
  return main ? textOf(main).trim() : null;
}

/** The widget's alert (an error), or null when there is none. */
export async function widgetAlert(page: Page): Promise<string | null> {
  const [alert] = await find(page, (node) => attribute(node, 'role') === 'alert');
  return alert ? textOf(alert) : null;
}

/** Whether our host element is on the page at all (page scripts can see that much). */
export async function widgetPresent(page: Page): Promise<boolean> {
  return (await widgetRoot(page)) !== null;
}

/** A Playwright locator as a Control (popup and options pages are ordinary pages). */
export function pageControl(locator: Locator): Control {
  return {
    click: (options) => locator.click(options),
    waitFor: (options) => locator.waitFor(options),
    count: () => locator.count(),
    isVisible: () => locator.isVisible(),
    innerText: () => locator.innerText(),
  };
}
