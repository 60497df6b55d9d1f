/**
 * Site texts by policy (issue 15, item 4): the validator accepts data only, and says why it refused the rest.
 */
import { describe, expect, it } from 'vitest';
import { WEBORCA_MATCHES, WEBORCA_ORIGINS } from '../../../src/lib/site';
import { MAX_ALTERNATIVES, MAX_TEXT_LENGTH, defaultSiteTexts, parseSiteTextPolicy, withSiteTexts } from '../../../src/lib/site-texts';

describe('parseSiteTextPolicy', () => {
  it('accepts lists of texts for the known keys, trimmed', () => {
    const policy = parseSiteTextPolicy({
      expiryBar: [' 電子証明書の有効期限が近づいております '],
      renewLink: ['更新する'],
      downloadLine: ['新しい証明書のダウンロード'],
      downloadLink: ['ダウンロード'],
      passwordLine: ['証明書パスワードの表示'],
      passwordButton: ['表示'],
      copyButton: ['クリップボードにコピー'],
    });
    expect(policy.rejected).toEqual([]);
    expect(policy.texts.expiryBar).toEqual(['電子証明書の有効期限が近づいております']);
    expect(policy.texts.passwordButton).toEqual(['表示']);
  });

  it('is no addition and no complaint without a policy', () => {
    expect(parseSiteTextPolicy(undefined)).toEqual({ texts: {}, rejected: [] });
  });

  it.each([null, 'text', 42, ['a'], true])('refuses a value that is not an object: %j', (value) => {
    const policy = parseSiteTextPolicy(value);
    expect(policy.texts).toEqual({});
    expect(policy.rejected).toEqual([expect.objectContaining({ key: '', index: null, reason: 'NOT_AN_OBJECT' })]);
  });

  it('refuses unknown keys and values that are not lists, keeping the rest', () => {
    const policy = parseSiteTextPolicy({ expiryBar: '証明書の期限です', barText: ['x'], renewLink: ['更新する'] });
    expect(policy.texts).toEqual({ renewLink: ['更新する'] });
    expect(policy.rejected.map((r) => [r.key, r.reason])).toEqual([
      ['expiryBar', 'NOT_AN_ARRAY'],
      ['barText', 'UNKNOWN_KEY'],
    ]);
  });

  it.each([
    [42, 'NOT_A_STRING'],
    [{ text: '更新' }, 'NOT_A_STRING'],
    ['   ', 'EMPTY'],
    ['・・・', 'EMPTY'],
    ['あ'.repeat(MAX_TEXT_LENGTH + 1), 'TOO_LONG'],
    ['<b>更新</b>', 'MARKUP'],
    ['更新&amp;確認', 'MARKUP'],
    ['/更新|確認/', 'PATTERN'],
    ['有効期限.*近づいて', 'PATTERN'],
    ['更新\\s*する', 'PATTERN'],
    ['(?:更新)', 'PATTERN'],
    ['更新\u0007', 'CONTROL_CHARACTER'],
  ])('refuses %j (%s) with a reason in plain words', (entry, reason) => {
    const policy = parseSiteTextPolicy({ renewLink: [entry] });
    expect(policy.texts).toEqual({});
    expect(policy.rejected).toEqual([{ key: 'renewLink', index: 0, reason, why: expect.any(String) }]);
    expect(policy.rejected[0]?.why.length).toBeGreaterThan(0);
  });

  it('refuses lines too short to be a line (they would match everywhere), not short button labels', () => {
    const policy = parseSiteTextPolicy({ expiryBar: ['期限'], passwordLine: ['パス'], renewLink: ['更'] });
    expect(policy.texts).toEqual({ renewLink: ['更'] });
    expect(policy.rejected.map((r) => r.reason)).toEqual(['TOO_SHORT', 'TOO_SHORT']);
  });

  it('refuses duplicates of the built-in texts and of earlier entries, compared as the readers compare', () => {
    const policy = parseSiteTextPolicy({
      renewLink: ['更　新', '更新する', '更新する'],
      downloadLink: ['こ ち ら'],
    });
    expect(policy.texts).toEqual({ renewLink: ['更新する'] });
    expect(policy.rejected.map((r) => [r.key, r.index, r.reason])).toEqual([
      ['renewLink', 0, 'DUPLICATE'],
      ['renewLink', 2, 'DUPLICATE'],
      ['downloadLink', 0, 'DUPLICATE'],
    ]);
  });

  it('keeps at most MAX_ALTERNATIVES per key', () => {
    const entries = Array.from({ length: MAX_ALTERNATIVES + 2 }, (_, i) => `ボタン${i}`);
    const policy = parseSiteTextPolicy({ renewLink: entries });
    expect(policy.texts.renewLink).toHaveLength(MAX_ALTERNATIVES);
    expect(policy.rejected.map((r) => [r.index, r.reason])).toEqual([
      [MAX_ALTERNATIVES, 'TOO_MANY'],
      [MAX_ALTERNATIVES + 1, 'TOO_MANY'],
    ]);
  });

  it('quotes at most the start of a refused entry', () => {
    const long = `<div>${'あ'.repeat(100)}</div>`;
    const [rejected] = parseSiteTextPolicy({ expiryBar: [long] }).rejected;
    expect(rejected?.why).not.toContain(long);
    expect(rejected?.why.length).toBeLessThan(80);
  });
});

describe('withSiteTexts', () => {
  it('puts the additions after the built-in texts, leaving the built-in ones untouched', () => {
    const texts = withSiteTexts({ renewLink: ['更新する'] });
    expect(texts.renewLink).toEqual(['更新', '更新する']);
    expect(texts.expiryBar).toEqual(defaultSiteTexts().expiryBar);
    expect(defaultSiteTexts().renewLink).toEqual(['更新']);
  });
});

describe('site.ts', () => {
  it('WEBORCA_MATCHES (a literal) is each WebORCA origin with /*', () => {
    expect(WEBORCA_MATCHES).toEqual(WEBORCA_ORIGINS.map((origin) => `${origin}/*`));
  });
});
