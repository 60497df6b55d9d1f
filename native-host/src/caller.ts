/**
 * How the file was started: by a browser as the native-messaging host, or by a person as the CLI.
 * Chrome and Edge pass `chrome-extension://ID/` (on Windows also `--parent-window=N`, ignored);
 * Firefox passes the path of the host manifest and the add-on id.
 */
export type Caller = { kind: 'chrome'; extensionId: string } | { kind: 'firefox'; addonId: string } | { kind: 'cli' };

import { FIREFOX_ID_PATTERN } from './ids';

const CHROME_ORIGIN = /^chrome-extension:\/\/([a-p]{32})\/$/;

export function detectCaller(argv: readonly string[]): Caller {
  const [first, second] = argv;
  const chrome = first !== undefined ? CHROME_ORIGIN.exec(first) : null;
  if (chrome) return { kind: 'chrome', extensionId: chrome[1]! };
  if (first !== undefined && second !== undefined && /\.json$/i.test(first) && FIREFOX_ID_PATTERN.test(second)) {
    return { kind: 'firefox', addonId: second };
  }
  return { kind: 'cli' };
}
