// @vitest-environment jsdom
/**
 * New saved WebORCA variants (issue 15): the bar's 更新 found by structure (its table row, an ARIA reference), a bar
 * inside an open shadow root, a news table that must not count, and policy texts.
 */
import { describe, expect, it } from 'vitest';
import { detectExpiryBar } from '../../../src/lib/detection';
import { withSiteTexts } from '../../../src/lib/site-texts';
import { byId, loadFixture } from './fixture';

const NOW = new Date(2025, 0, 31, 9, 30); // local 2025-01-31: 59 days before 2025-03-31

describe('the bar read by structure', () => {
  it('takes the table row holding the split text as the bar, with the 更新 button of its next cell', () => {
    loadFixture('bar-table-cells.html');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found?.bar.classList.contains('bar')).toBe(true);
    expect(found?.renewControl).toBe(byId('renew'));
    expect(found?.orcamoUrl).toBeNull();
    expect(found?.daysLeft).toBe(30);
    expect(found?.screen).toBe('M00');
  });

  it('takes the 更新 that names the role=alert bar by aria-describedby, not F12 更新 nor プログラム更新', () => {
    loadFixture('bar-role-alert.html');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found?.bar.getAttribute('role')).toBe('alert');
    expect(found?.renewControl).toBe(byId('renew'));
    expect(found?.orcamoUrl).toBe('https://cloud.orcamo.jp/client-cert/renew');
    expect(found?.expiresOn).toBe('2025-03-31');
    expect(found?.daysLeft).toBe(59);
  });

  it('has no 更新 for the role=alert bar once the reference is gone (the row’s other buttons are not it)', () => {
    loadFixture('bar-role-alert.html');
    byId('renew').removeAttribute('aria-describedby');
    const found = detectExpiryBar(document, { now: NOW });
    expect(found).not.toBeNull();
    expect(found?.renewControl).toBeNull();
  });

  it('finds a bar inside an open shadow root, on its screen, and not while the screen is hidden', () => {
    loadFixture('bar-shadow-root.html');
    expect(detectExpiryBar(document)).toBeNull();
    const template = byId('notice-template') as HTMLTemplateElement;
    const shadow = byId('notice').attachShadow({ mode: 'open' });
    shadow.append(template.content.cloneNode(true));
    const found = detectExpiryBar(document, { now: NOW });
    expect(found?.bar).toBe(shadow.querySelector('.bar'));
    expect(found?.renewControl).toBe(shadow.querySelector('a.renew'));
    expect(found?.orcamoUrl).toBe('https://cloud.orcamo.jp/client-cert/renew');
    expect(found?.daysLeft).toBe(45);
    expect(found?.screen).toBe('M00');
    byId('M00').classList.add('hidden');
    expect(detectExpiryBar(document)).toBeNull();
  });

  it('does not take a dated news table row with the same words and a 更新 link', () => {
    loadFixture('news-table-decoy.html');
    expect(detectExpiryBar(document)).toBeNull();
  });
});

describe('texts by policy', () => {
  it('detects an alternative bar text and renew label given by policy, and only with them', () => {
    document.body.innerHTML =
      '<div id="M00"><div class="bar"><span>電子証明書の有効期限が近づいております。</span>' +
      '<a href="https://cloud.orcamo.jp/r">証明書を更新</a></div></div>';
    expect(detectExpiryBar(document)).toBeNull();
    const texts = withSiteTexts({ expiryBar: ['電子証明書の有効期限が近づいております'], renewLink: ['証明書を更新'] });
    const found = detectExpiryBar(document, { texts });
    expect(found?.renewControl?.textContent).toBe('証明書を更新');
    expect(found?.orcamoUrl).toBe('https://cloud.orcamo.jp/r');
    // The built-in texts still work alongside.
    document.body.innerHTML = '<div class="bar"><span>クライアント証明書の有効期限が近づいています。</span><a href="/r">更新</a></div>';
    expect(detectExpiryBar(document, { texts })?.renewControl?.textContent).toBe('更新');
  });
});
