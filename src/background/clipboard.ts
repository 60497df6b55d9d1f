/**
 * The clipboard for guided mode: the password is copied on the user's request through a short-lived offscreen
 * document (the popup never handles it for copying), and wiped a minute later — an alarm wakes the worker even if
 * the popup is long closed.
 */
import { CLEAR_CLIPBOARD_AFTER_MINUTES, CLEAR_CLIPBOARD_ALARM, WRITE_CLIPBOARD_MESSAGE, type WriteClipboardMessage } from '../lib/clipboard';

export async function writeClipboard(text: string): Promise<boolean> {
  const url = chrome.runtime.getURL('offscreen.html');
  const existing = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
  if (existing.length === 0) {
    await chrome.offscreen.createDocument({ url, reasons: [chrome.offscreen.Reason.CLIPBOARD], justification: 'Copy the certificate password on request and wipe it a minute later' });
  }
  try {
    const message: WriteClipboardMessage = { type: WRITE_CLIPBOARD_MESSAGE, text };
    const reply = (await chrome.runtime.sendMessage(message)) as { ok?: boolean } | undefined;
    return reply?.ok === true;
  } finally {
    await chrome.offscreen.closeDocument().catch(() => {});
  }
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
