/**
 * The catalogues by locale. In the host's core the build puts a compressed copy here instead, inflated the first
 * time a sentence is needed (scripts/host-bundle.ts): `hello` never pays for the words.
 */
import { EN } from './en';
import { JA, type CatalogueKey } from './ja';

export type Locale = 'ja' | 'en';

export function catalogues(): Record<Locale, Record<CatalogueKey, string>> {
  return { ja: JA, en: EN };
}
