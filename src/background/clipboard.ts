/**
 * The clipboard for guided mode: the password is copied on the user's request (the popup never handles it for
 * copying), and wiped a minute later — an alarm wakes the background even if the popup is long closed.
 * Chrome/Edge: the service worker has no DOM, so a short-lived offscreen document does the copy.
 * Firefox: the background is an event page with a DOM (and no chrome.offscreen): it copies itself.
 */
import { CLEAR_CLIPBOARD_AFTER_MINUTES, CLEAR_CLIPBOARD_ALARM, copyWithDocument, WRITE_CLIPBOARD_MESSAGE, type WriteClipboardMessage } from '../lib/clipboard';
import { hasOffscreenDocuments, hasOwnDocument } from './platform';

export async function writeClipboard(text: string): Promise<boolean> {
  if (hasOffscreenDocuments()) return writeThroughOffscreenDocument(text);
  if (hasOwnDocument()) return writeInThisPage(text);
  return false;
}

async function writeThroughOffscreenDocument(text: string): Promise<boolean> {
  const url = chrome.runtime.getURL('offscreen.html');
  const existing = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
  if (existing.length === 0) {
    await chrome.offscreen.createDocument({
      url,
      reasons: [chrome.offscreen.Reason.CLIPBOARD],
      justification: 'Copy the certificate password on request and wipe it a minute later',
    });
  }
  try {
    const message: WriteClipboardMessage = { type: WRITE_CLIPBOARD_MESSAGE, text };
    const reply = (await chrome.runtime.sendMessage(message)) as { ok?: boolean } | undefined;
    return reply?.ok === true;
  } finally {
    await chrome.offscreen.closeDocument().catch(() => {});
  }
}

/** Firefox's event page: a copy event on its own document (clipboardWrite allows it without a user gesture). */
async function writeInThisPage(text: string): Promise<boolean> {
  if (copyWithDocument(document, text)) return true;
  // Should execCommand be refused, the async Clipboard API (also covered by clipboardWrite in Firefox).
  return navigator.clipboard
    .writeText(text)
    .then(() => true)
    .catch(() => false);
}

/** Copies the password and schedules its removal. */
export async function copyForAMinute(text: string): Promise<boolean> {
  const copied = await writeClipboard(text);
  if (copied) await chrome.alarms.create(CLEAR_CLIPBOARD_ALARM, { delayInMinutes: CLEAR_CLIPBOARD_AFTER_MINUTES });
  return copied;
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === CLEAR_CLIPBOARD_ALARM) void writeClipboard('');
});
