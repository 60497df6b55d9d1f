/**
 * Runtime messages inside the extension, named by direction (content→background, popup→background), each with a
 * strict schema: the background validates every incoming message before it looks at it, and checks its sender.
 */
import * as v from 'valibot';

const screenCode = v.nullable(v.pipe(v.string(), v.regex(/^[A-Z][0-9]{2}[A-Z0-9]?$/)));

/** The WebORCA content script reports the page it runs on (which screen is visible). */
export const ContentPageSeen = v.strictObject({
  type: v.literal('content:pageSeen'),
  screen: screenCode,
  title: v.pipe(v.string(), v.maxLength(200)),
});

export const ContentToBackground = v.variant('type', [ContentPageSeen]);
export type ContentToBackground = v.InferOutput<typeof ContentToBackground>;

export const PopupGetStatus = v.strictObject({ type: v.literal('popup:getStatus'), refreshHost: v.boolean() });
export const PopupToBackground = v.variant('type', [PopupGetStatus]);
export type PopupToBackground = v.InferOutput<typeof PopupToBackground>;

/** What the background knows about the native host. */
export type HostStatus =
  | { state: 'unknown' }
  | { state: 'ready'; version: string; platform: string; stores: string[]; checkedAt: number }
  | { state: 'missing' | 'error'; code: string; message: string; checkedAt: number };

export interface PageSeen {
  origin: string;
  screen: string | null;
  title: string;
  at: number;
}

export interface Status {
  host: HostStatus;
  lastPage: PageSeen | null;
}

export type StatusReply = { ok: true; status: Status } | { ok: false; error: { code: string; message: string } };
