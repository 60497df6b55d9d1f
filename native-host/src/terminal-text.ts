/**
 * Text that reaches a terminal or a file name from outside (a path, a file name from a server, a certificate's
 * subject): control characters (C0, DEL, C1 — terminal escape sequences start with ESC or CSI) and Unicode
 * bidirectional formatting characters (which reorder what is displayed: `exe.p12` can show as `21p.exe`) are never
 * printed raw and never kept in a backup's name.
 */

/** Every character that must not reach a terminal or a file name raw. */
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex4 = (char: string): string => char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** One line for a terminal: each unsafe character shown as `\u{XXXX}`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_TEXT, (char) => `\\u{${hex4(char)}}`);
}

/**
 * JSON for a terminal: JSON.stringify already escapes C0 controls; the rest (DEL, C1, bidi, separators) becomes
 * `\uXXXX` too. The parsed value is unchanged.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_TEXT, (char) => `\\u${hex4(char)}`);
}

/** Lines of a message for a terminal: split on its own newlines, each line made safe. */
export function terminalLines(text: string): string[] {
  return text.split('\n').map(terminalSafe);
}
