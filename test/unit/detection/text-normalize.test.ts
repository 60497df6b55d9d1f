// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { compactText, normalizeText } from '../../../src/lib/text-normalize';
import { WEBORCA_TEXTS as TEXTS } from '../../../src/lib/site';

const PHRASE = 'クライアント証明書の有効期限が近づいています';

describe('normalizeText', () => {
  it.each([
    ['plain', 'クライアント証明書の有効期限が近づいています'],
    ['final 。', 'クライアント証明書の有効期限が近づいています。'],
    ['ASCII space and 。', 'クライアント証明書の有効期限が 近づいています。'],
    ['full-width space', 'クライアント証明書の有効期限が\u3000近づいています'],
    ['full-width stop', 'クライアント証明書の有効期限が近づいています．'],
    ['half-width stop', 'クライアント証明書の有効期限が近づいています｡'],
    ['NBSP, tabs, newlines', '\n\tクライアント証明書の\u00A0有効期限が\r\n  近づいています！ '],
    ['zero-width characters', 'クライアント\u200B証明書\u200Cの有効\u200D期限が\uFEFF近づいています'],
    ['half-width katakana', 'ｸﾗｲｱﾝﾄ証明書の有効期限が近づいています'],
  ])('%s', (_, text) => {
    expect(normalizeText(text)).toBe(PHRASE);
  });

  it('turns full-width ASCII into ASCII and keeps inner punctuation', () => {
    expect(normalizeText('残り４５日。　更新　１００')).toBe('残り45日。更新100');
    expect(normalizeText('有効期限：２０２５／０３／３１')).toBe('有効期限:2025/03/31');
  });

  it('drops letter-like icons (ⓘ, ℹ) that NFKC would turn into letters', () => {
    expect(normalizeText(`ⓘ${PHRASE}`)).toBe(PHRASE);
    expect(normalizeText(`ℹ︎ ${PHRASE}`)).toBe(PHRASE);
    expect(compactText('①')).toBe('1');
  });

  it('compactText keeps the final punctuation', () => {
    expect(compactText('近づいています。\u3000')).toBe('近づいています。');
  });

  it('is a no-op on the site texts', () => {
    expect(normalizeText(TEXTS.expiryBar)).toBe(TEXTS.expiryBar);
    expect(normalizeText(TEXTS.renewLink)).toBe(TEXTS.renewLink);
  });

  it('text split across elements matches through textContent', () => {
    const div = document.createElement('div');
    div.innerHTML = '<span>クライアント</span><b>証明書の<i>有効</i>期限が</b>\u3000<span>近づいて\u200Bいます</span>．';
    expect(normalizeText(div.textContent ?? '')).toBe(PHRASE);
  });
});
