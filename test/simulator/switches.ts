/**
 * Run-time switches: how the simulator behaves, changeable while it runs (in process with
 * `sim.setSwitches`, over HTTP with `POST /__sim/switches`, or from the CLI flags).
 */
import { type P12Mode, P12_MODES } from './pkcs12';

/**
 * Faults of the replacement download on ORCAMO:
 * - `http500`: the download URL answers 500 with an error page.
 * - `hang`: the download URL never answers (the socket is closed when the simulator closes).
 * - `truncated`: the full Content-Length is declared, half the body is sent, the socket is destroyed.
 * - `wrongPassword`: the password revealed on the page does not open the file.
 * - `otherSubject`: the replacement is issued for `O=u00000999, CN=client9999`.
 * - `expired`: the replacement's notAfter is in the past.
 * - `forged`: the replacement has the clinic's subject but is signed by a look-alike CA named `Intermediate CA`
 *   (another root's; forged.ts), as an attacker would make it; WebORCA (this simulator) refuses it.
 */
export type Fault = 'http500' | 'hang' | 'truncated' | 'wrongPassword' | 'otherSubject' | 'expired' | 'forged';

export const FAULTS: readonly Fault[] = ['http500', 'hang', 'truncated', 'wrongPassword', 'otherSubject', 'expired', 'forged'];

/**
 * How ORCAMO's `こちら` starts the download:
 * - `link`: a plain `<a href>` to the download URL (GET);
 * - `form`: a `<button>` inside `<form method="post">` (no URL a script could fetch: the browser downloads it);
 * - `blob`: a `<button type="button">` whose script fetches the download URL and saves the body through a `blob:`
 *   URL with a temporary `<a download>` click (no URL on the page at all; the saved file keeps the server's name);
 * - `blobOnce`: the same, but the page revokes the `blob:` URL right after the click (a common pattern): the browser
 *   still saves the file, and nobody can read that URL again.
 */
export type DownloadVia = 'link' | 'form' | 'blob' | 'blobOnce';

export const DOWNLOAD_VIAS: readonly DownloadVia[] = ['link', 'form', 'blob', 'blobOnce'];

/**
 * How ORCAMO's page lays out its two actions:
 * - `list`: one list item per line, the control right after its text (the manual's wording as one line each);
 * - `heading`: a section per action: a heading, an explanatory paragraph, then the button (issue 15: the layout
 *   where the password's `確認する` is not beside its text).
 */
export type PageLayout = 'list' | 'heading';

export const PAGE_LAYOUTS: readonly PageLayout[] = ['list', 'heading'];

/**
 * What WebORCA's blue bar says: `manual` (クライアント証明書の有効期限が近づいています。, as the vendor's manual shows
 * it) or `reworded` (クライアント証明書のご利用期限がまもなく終了します。: the day the site changes its wording, which
 * only an administrator's `siteTexts` policy teaches the extension).
 */
export type BarWording = 'manual' | 'reworded';

export const BAR_WORDINGS: readonly BarWording[] = ['manual', 'reworded'];

/** The reworded bar's text (the `reworded` switch). */
export const REWORDED_BAR_TEXT = 'クライアント証明書のご利用期限がまもなく終了します';

export interface Switches {
  /** Encryption of the PKCS#12 files ORCAMO hands out. */
  mode: P12Mode;
  /** How long after a screen shows the SPA renders the blue bar (mimics late SPA rendering). */
  bannerDelayMs: number;
  /** When false, client.html opens on M00 without the login screen. */
  requireLogin: boolean;
  fault: Fault | null;
  downloadVia: DownloadVia;
  /** ORCAMO's page layout. */
  layout: PageLayout;
  /** What WebORCA's blue bar says. */
  barWording: BarWording;
}

export const DEFAULT_SWITCHES: Readonly<Switches> = Object.freeze({
  mode: 'aes',
  bannerDelayMs: 300,
  requireLogin: true,
  fault: null,
  downloadVia: 'link',
  layout: 'list',
  barWording: 'manual',
});

export class SwitchesError extends Error {}

/** Longest banner delay accepted: long enough for any test, short enough to catch unit mistakes (s vs ms). */
const MAX_BANNER_DELAY_MS = 600_000;

/**
 * Validates a partial update coming from outside (JSON body, CLI). Unknown keys and wrong types
 * are errors rather than being ignored, so a typo in a test fails loudly.
 */
export function parseSwitchesPatch(input: unknown): Partial<Switches> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SwitchesError('switches must be a JSON object');
  }
  const patch: Partial<Switches> = {};
  for (const [key, value] of Object.entries(input)) {
    // `undefined` means "leave as is" (it can only come from in-process callers; JSON has no undefined).
    if (value === undefined) continue;
    switch (key) {
      case 'mode':
        if (!P12_MODES.includes(value as P12Mode)) throw new SwitchesError(`mode must be one of ${P12_MODES.join(', ')}`);
        patch.mode = value as P12Mode;
        break;
      case 'bannerDelayMs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_BANNER_DELAY_MS) {
          throw new SwitchesError(`bannerDelayMs must be an integer from 0 to ${MAX_BANNER_DELAY_MS}`);
        }
        patch.bannerDelayMs = value;
        break;
      case 'requireLogin':
        if (typeof value !== 'boolean') throw new SwitchesError('requireLogin must be a boolean');
        patch.requireLogin = value;
        break;
      case 'fault':
        if (value !== null && !FAULTS.includes(value as Fault)) {
          throw new SwitchesError(`fault must be null or one of ${FAULTS.join(', ')}`);
        }
        patch.fault = value as Fault | null;
        break;
      case 'downloadVia':
        if (!DOWNLOAD_VIAS.includes(value as DownloadVia)) throw new SwitchesError(`downloadVia must be one of ${DOWNLOAD_VIAS.join(', ')}`);
        patch.downloadVia = value as DownloadVia;
        break;
      case 'layout':
        if (!PAGE_LAYOUTS.includes(value as PageLayout)) throw new SwitchesError(`layout must be one of ${PAGE_LAYOUTS.join(', ')}`);
        patch.layout = value as PageLayout;
        break;
      case 'barWording':
        if (!BAR_WORDINGS.includes(value as BarWording)) throw new SwitchesError(`barWording must be one of ${BAR_WORDINGS.join(', ')}`);
        patch.barWording = value as BarWording;
        break;
      default:
        throw new SwitchesError(`unknown switch: ${key}`);
    }
  }
  return patch;
}
