// @vitest-environment jsdom
// @vitest-environment-options {"url":"https://orcamo.localhost/cloud/certificate"}
/**
 * Saved ORCAMO variants read by structure (issue 15): each finds the right control, or none, and never a decoy.
 */
import { describe, expect, it } from 'vitest';
import { findShownPassword, recogniseReplacementPage } from '../../../src/lib/orcamo-page';
import { $, loadFixture } from './fixture';

describe('sections with explanations (heading, paragraph, button)', () => {
  it('takes the 確認する of the password heading, not the one of the certificate in use', () => {
    loadFixture('section-heading-explanation.html');
    const page = recogniseReplacementPage(document);
    expect(page?.downloadLink).toBe($('#dl'));
    expect(page?.downloadUrl).toBe('https://orcamo.localhost/cloud/certificate/replacement/download');
    expect(page?.passwordButton).toBe($('#reveal'));
    expect(page?.revealedPassword).toBeNull();
  });

  it('reads the password revealed into the section', () => {
    loadFixture('section-heading-explanation.html');
    $('#password .result').innerHTML = '<p>パスワード：<code>Vb8Kx2Qm5T</code></p>';
    expect(findShownPassword(document)).toEqual({ password: 'Vb8Kx2Qm5T', strong: true });
  });
});
