// @vitest-environment jsdom
/**
 * A bar in an administrator's alternative wording (policy siteTexts) is found only with that text given, and reads
 * its days left as the manual's wording does (the matched phrase, not only the built-in one, is set aside).
 */
import { afterEach, expect, test } from 'vitest';
import { detectExpiryBar } from '../../../src/lib/detection';

const REWORDED = 'クライアント証明書のご利用期限がまもなく終了します';

afterEach(() => {
  document.body.innerHTML = '';
});

function reworded(): void {
  document.body.innerHTML = `<div id="M00"><div id="M00.fixed1"><div class="infobar"><span class="infobar-label"><span>クライアント証明書の</span>
    <span>ご利用期限がまもなく終了します。</span>　</span> <a class="gtk-button infobar-action" href="https://cloud.orcamo.jp/cert"><span>更新</span></a><span class="infobar-days">60</span></div></div></div>`;
}

test('without the policy text the reworded bar is not the bar', () => {
  reworded();
  expect(detectExpiryBar(document)).toBeNull();
});

test('with it: found, its 更新 link, and the days beside it', () => {
  reworded();
  const found = detectExpiryBar(document, { texts: { expiryBar: ['クライアント証明書の有効期限が近づいています', REWORDED], renewLink: ['更新'] } });
  expect(found).toMatchObject({ daysLeft: 60, orcamoUrl: 'https://cloud.orcamo.jp/cert' });
});
