/** Guided mode copies the certificate password for the user; it is wiped from the clipboard this long after. */
export const CLEAR_CLIPBOARD_AFTER_MINUTES = 1;
export const CLEAR_CLIPBOARD_ALARM = 'clear-clipboard';
/** Service worker → offscreen document: put this text on the clipboard ('' empties it). */
export const WRITE_CLIPBOARD_MESSAGE = 'offscreen:writeClipboard';
export interface WriteClipboardMessage {
  type: typeof WRITE_CLIPBOARD_MESSAGE;
  text: string;
}

/**
 * Puts `text` on the clipboard through a copy event on `doc` (the offscreen document in Chrome, the background page
 * itself in Firefox; both hold the clipboardWrite permission). True when the browser performed the copy.
 */
export function copyWithDocument(doc: Document, text: string): boolean {
  const onCopy = (event: ClipboardEvent): void => {
    event.clipboardData?.setData('text/plain', text);
    event.preventDefault();
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}
