// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { looksLikeBar, parseExpiry } from '../../../src/lib/detection';
import { compactText } from '../../../src/lib/text-normalize';

const P = 'クライアント証明書の有効期限が近づいています';

describe('looksLikeBar: the bar versus prose', () => {
  it('takes policy texts: another phrase, another renew label', () => {
    const phrase = '電子証明書の有効期限が近づいております';
    expect(looksLikeBar(compactText(`${phrase}証明書を更新`), phrase, ['証明書を更新'])).toBe(true);
    expect(looksLikeBar(compactText(`${phrase}証明書を更新`), phrase, ['更新'])).toBe(false);
  });

  it.each([
    [`${P}`],
    [`${P}。`],
    [`${P}。 更新`],
    [`${P}。 更新 100`],
    [`⚠ ${P}。 残り45日 更新`],
    [`${P}(有効期限: 2025/03/31) 更新 閉じる`],
    [`${P}。有効期限：令和7年3月31日 こちらから更新してください`],
    [`${P}。お早めに更新してください。`],
    [`● ${P}！ ×`],
    // An info icon that NFKC would make a letter; no sentence end but only the bar's parts after; a bracket after.
    [`ⓘ ${P}。`],
    [`${P}更新 45`],
    [`${P}（残り45日）`],
  ])('bar: %s', (text) => {
    expect(looksLikeBar(compactText(text))).toBe(true);
  });

  it.each([
    [`「${P}」と表示された場合`, 'quoted'],
    [`『${P}』`, 'quoted'],
    [`"${P}"`, 'quoted'],
    [`【${P}】`, 'bracketed heading'],
    [`${P}、という表示が出たら更新してください`, 'quotative と'],
    [`${P}と表示されます`, 'quotative と'],
    [`2024-06-05 ${P}`, 'date before'],
    [`【新着】${P}`, 'tag before'],
    [`画面上部に${P}。`, 'sentence before'],
    [`${P}ので、お早めに更新手続きをお願いいたします。詳しくは手順書をご覧ください。`, 'long sentence after'],
    [`${P}。 更新 ${P}`, 'twice'],
    ['クライアント証明書の有効期限が切れています', 'another message'],
    [`${P}お早めに更新してください`, 'a continuation without a sentence end'],
    [`${P}ため、お早めに`, 'a clause continuing the sentence'],
  ])('prose: %s (%s)', (text) => {
    expect(looksLikeBar(compactText(text))).toBe(false);
  });
});

describe('parseExpiry', () => {
  const now = new Date(2025, 0, 31, 23, 59); // local date 2025-01-31, late in the day

  it.each<[string, number | null, string | null]>([
    [`${P}。 残り45日`, 45, null],
    [`${P}。 あと４５日`, 45, null],
    [`${P}（残り 7 日）`, 7, null],
    [`${P}。有効期限まで30日`, 30, null],
    [`${P}。 更新 100`, 100, null],
    [`${P}。 更新`, null, null],
    [`${P}。 有効期限: 2025/03/31`, 59, '2025-03-31'],
    [`${P}。 有効期限：２０２５／３／３１`, 59, '2025-03-31'],
    [`${P}。 2025-03-31 まで`, 59, '2025-03-31'],
    [`${P}（2025年3月31日まで）`, 59, '2025-03-31'],
    [`${P}（令和7年3月31日まで）`, 59, '2025-03-31'],
    [`${P}（令和元年5月1日）`, -2102, '2019-05-01'],
    [`${P}。 有効期限: 2025/03/31 残り60日`, 60, '2025-03-31'],
    [`${P}。 2025/02/30`, null, null],
    [`${P}。 更新 99999`, null, null],
  ])('%s → %s days, %s', (text, daysLeft, expiresOn) => {
    expect(parseExpiry([text], now)).toEqual({ daysLeft, expiresOn });
  });

  it('reads the days from a sibling piece and ignores numbered menu buttons', () => {
    expect(parseExpiry([P, '01 医事業務', '更新', '100'], now)).toEqual({ daysLeft: 100, expiresOn: null });
    expect(parseExpiry([P, '01 医事業務', '03 プログラム更新'], now)).toEqual({ daysLeft: null, expiresOn: null });
  });

  it('counts days from the local calendar date of now', () => {
    expect(parseExpiry(['2025-01-31'], now).daysLeft).toBe(0);
    expect(parseExpiry(['2025-01-30'], now).daysLeft).toBe(-1);
    expect(parseExpiry(['2025-02-01'], new Date(2025, 0, 31, 0, 0)).daysLeft).toBe(1);
  });
});
