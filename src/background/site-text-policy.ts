/**
 * Site texts by policy (issue 15, item 4): an administrator adds alternative texts for the bar, the download line, the
 * password line and their buttons through storage.managed `siteTexts`, so a wording change on WebORCA or ORCAMO is
 * fixed by the vendor without a release. The worker validates the policy (data only: site-texts.ts) and hands the
 * content scripts only what passed, in storage.local; what was refused is kept for the options page to show.
 */
import browser from 'webextension-polyfill';
import { parseSiteTextPolicy, withSiteTexts, type SiteTextRejection } from '../lib/site-texts';
import { logEvent } from './support-info';

/** storage.local: every text the content scripts look for (built-in ones first, then the validated additions). */
export const SITE_TEXTS_KEY = 'siteTexts';
/** storage.local: what the policy held that was refused (key, position, reason code) — for the options page. */
export const SITE_TEXTS_REJECTED_KEY = 'siteTextsRejected';

export interface RejectedEntry {
  key: string;
  index: number | null;
  reason: SiteTextRejection;
}

export async function applySiteTextPolicy(): Promise<void> {
  const managed = (await browser.storage.managed.get('siteTexts').catch(() => ({}))) as { siteTexts?: unknown };
  const policy = parseSiteTextPolicy(managed.siteTexts);
  const rejected: RejectedEntry[] = policy.rejected.map(({ key, index, reason }) => ({ key, index, reason }));
  await browser.storage.local.set({ [SITE_TEXTS_KEY]: withSiteTexts(policy.texts), [SITE_TEXTS_REJECTED_KEY]: rejected });
  for (const entry of rejected) await logEvent({ event: 'policy.siteTextRefused', code: entry.reason });
}
