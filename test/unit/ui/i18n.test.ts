/**
 * Every text the UI shows comes from _locales, in Japanese (default) and English: the key sets match, placeholders
 * match, and every key the UI code asks for exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDate, messageKey, STEP_IDS, STEP_STATUS_KEYS } from '../../../src/lib/renewal-text';
import { REJECTION_KEYS } from '../../../src/ui/options/origins';
import { GUIDE_STEPS } from '../../../src/ui/shared/guide';
import { getMessageFrom, loadMessages } from './fake-chrome';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../../src');
const ja = loadMessages('ja');
const en = loadMessages('en');

function sources(dir: string): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [readFileSync(join(SRC, dir, entry.name), 'utf8')] : [],
  );
}

/** Keys passed literally to t(…), plus the tables and the keys built from ids. */
function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const text of ['content', 'ui', 'background', 'lib'].flatMap(sources)) {
    for (const match of text.matchAll(/\bt\(\s*'([A-Za-z][A-Za-z0-9]*)'/g)) keys.add(match[1]!);
    // Key tables: `{ windows: 'guidedOsWindows' }`.
    for (const match of text.matchAll(/'((?:inline|guided|options|done|confirm|step|phase|cert|start|error|host|popup)[A-Z][A-Za-z0-9]*)'/g))
      keys.add(match[1]!);
  }
  for (const id of STEP_IDS) keys.add(messageKey('step', id));
  for (const phase of ['fetching', 'checking', 'importing', 'verifying']) keys.add(messageKey('phase', phase));
  for (const phase of ['confirming', 'done', 'guided', 'failed']) keys.add(messageKey('inline', phase));
  Object.values(STEP_STATUS_KEYS).forEach((key) => keys.add(key));
  Object.values(REJECTION_KEYS).forEach((key) => keys.add(key));
  Object.values(GUIDE_STEPS)
    .flat()
    .forEach((key) => keys.add(key));
  return keys;
}

describe('i18n', () => {
  it('ja and en have the same keys and the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ja).sort());
    for (const key of Object.keys(ja)) {
      expect(Object.keys(en[key]?.placeholders ?? {}).sort(), key).toEqual(Object.keys(ja[key]?.placeholders ?? {}).sort());
    }
  });

  it('{name} placeholders (codes rendered from params) are the same in both languages', () => {
    const names = (text: string | undefined): string[] => [...(text ?? '').matchAll(/\{([a-zA-Z][a-zA-Z0-9]*)\}/g)].map((m) => m[1]!).sort();
    for (const key of Object.keys(ja)) expect(names(en[key]?.message), key).toEqual(names(ja[key]?.message));
  });

  it('every key the UI asks for exists', () => {
    const missing = [...usedKeys()].filter((key) => !(key in ja));
    expect(missing).toEqual([]);
  });

  it('placeholders are filled in both languages', () => {
    expect(getMessageFrom(ja)('inlineStartDays', '45')).toBe('ワンクリックで更新（残り45日）');
    expect(getMessageFrom(en)('inlineStartDays', '45')).toBe('Renew in one click (45 days left)');
    expect(getMessageFrom(ja)('donePick', '114F')).toContain('シリアル番号 114F（有効期限の遅いほう）');
    expect(getMessageFrom(ja)('confirmCurrent', ['0659', '2025年7月16日'])).toBe('いま使っている証明書：シリアル番号 0659（2025年7月16日 まで）');
  });

  it('dates read as clinic staff and vendors expect, a bare date never moved by the time zone', () => {
    expect(formatDate('2028-05-31T03:00:00.000Z', 'ja')).toBe('2028年5月31日');
    expect(formatDate('2028-05-31T03:00:00.000Z', 'en')).toBe('May 31, 2028');
    expect(formatDate('2025-07-16', 'ja')).toBe('2025年7月16日');
    expect(formatDate(null, 'ja')).toBe('');
  });
});
