/**
 * The offscreen document's one job: the clipboard, for guided mode. The service worker has none, and the popup may be
 * closed a minute later when the copied password must be wiped; this page lives only for the moment of writing.
 */
import { copyWithDocument, WRITE_CLIPBOARD_MESSAGE, type WriteClipboardMessage } from '../lib/clipboard';

function isWriteMessage(message: unknown): message is WriteClipboardMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, text } = message as Partial<WriteClipboardMessage>;
  return type === WRITE_CLIPBOARD_MESSAGE && typeof text === 'string' && text.length <= 1024 && Object.keys(message).length === 2;
}

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
  // Only our own service worker (no tab, our extension id) may ask.
  if (sender.id !== chrome.runtime.id || sender.tab || !isWriteMessage(message)) return undefined;
  sendResponse({ ok: copyWithDocument(document, message.text) });
  return true;
});
