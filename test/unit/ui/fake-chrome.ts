/**
 * A fake `chrome` for the UI tests: i18n from the real _locales/<locale>/messages.json (placeholders substituted the
 * way Chrome does), a runtime that records what is sent and lets the test answer, and ports the test can push views
 * through. Installed on globalThis, since the UI code calls `chrome.*` directly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { RenewalView } from '../../../src/lib/renewal-view';

const LOCALES = join(dirname(fileURLToPath(import.meta.url)), '../../../public/_locales');

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function loadMessages(locale: 'ja' | 'en'): Record<string, MessageEntry> {
  return JSON.parse(readFileSync(join(LOCALES, locale, 'messages.json'), 'utf8')) as Record<string, MessageEntry>;
}

/** chrome.i18n.getMessage over a messages.json: `$NAME$` → its placeholder's content, `$1`… → substitutions. */
export function getMessageFrom(messages: Record<string, MessageEntry>) {
  return (key: string, substitutions?: string | string[]): string => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const fill = (text: string): string => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), fill(p.content)]));
    return entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole).replace(/\$\$/g, '$');
  };
}

export interface FakePort {
  name: string;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect: () => void;
  /** Test side: the background posts a message. */
  post(message: unknown): void;
  /** Test side: the background side closes the port (worker stopped). */
  drop(): void;
}

export interface FakeChrome {
  sent: unknown[];
  ports: FakePort[];
  /** How the fake background answers sendMessage (default: `{ ok: true }`). */
  reply: (message: unknown) => unknown;
  /** Pushes a view to every open port. */
  pushView(view: RenewalView): void;
  uninstall(): void;
}

export function installFakeChrome(locale: 'ja' | 'en' = 'ja'): FakeChrome {
  const messages = loadMessages(locale);
  const fake: FakeChrome = {
    sent: [],
    ports: [],
    reply: () => ({ ok: true }),
    pushView(view) {
      for (const port of fake.ports) port.post({ type: 'background:view', view });
    },
    uninstall() {
      delete (globalThis as { chrome?: unknown }).chrome;
    },
  };
  const makePort = (name: string): FakePort => {
    const messageListeners: Array<(message: unknown) => void> = [];
    const disconnectListeners: Array<() => void> = [];
    const port: FakePort = {
      name,
      onMessage: { addListener: (listener) => void messageListeners.push(listener) },
      onDisconnect: { addListener: (listener) => void disconnectListeners.push(listener) },
      disconnect: vi.fn((): void => {
        fake.ports = fake.ports.filter((p) => p !== port);
      }),
      post: (message) => messageListeners.forEach((listener) => listener(message)),
      drop() {
        fake.ports = fake.ports.filter((p) => p !== port);
        disconnectListeners.forEach((listener) => listener());
      },
    };
    return port;
  };
  (globalThis as { chrome?: unknown }).chrome = {
    i18n: { getMessage: getMessageFrom(messages), getUILanguage: () => locale },
    // The content scripts read what the worker put there (the site texts); an empty storage here.
    storage: { local: { get: vi.fn(async () => ({})) } },
    runtime: {
      id: 'testextensionid',
      sendMessage: vi.fn(async (message: unknown) => {
        fake.sent.push(message);
        return fake.reply(message);
      }),
      connect: vi.fn(({ name }: { name: string }) => {
        const port = makePort(name);
        fake.ports.push(port);
        return port;
      }),
      openOptionsPage: vi.fn(async () => {}),
    },
  };
  return fake;
}

export { NOW, viewFor } from './views';
