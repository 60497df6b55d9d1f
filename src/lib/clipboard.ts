/** Guided mode copies the certificate password for the user; it is wiped from the clipboard this long after. */
export const CLEAR_CLIPBOARD_AFTER_MINUTES = 1;
export const CLEAR_CLIPBOARD_ALARM = 'clear-clipboard';
/** Service worker → offscreen document: put this text on the clipboard ('' empties it). */
export const WRITE_CLIPBOARD_MESSAGE = 'offscreen:writeClipboard';
export interface WriteClipboardMessage {
  type: typeof WRITE_CLIPBOARD_MESSAGE;
  text: string;
}
