/**
 * ORCAMO content script (issue #4), bundled as a standalone IIFE: the logic lives in orcamo-automation.ts.
 * chrome.* (promise-based in MV3) rather than webextension-polyfill keeps this bundle small.
 */
import type { OrcamoTexts } from '../lib/site-texts';
import { startOrcamoAutomation } from './orcamo-automation';

// The texts to look for, built-in ones and an administrator's additions, as the worker validated and merged them
// (site-text-policy.ts); the built-in ones alone until it has.
void chrome.storage.local
  .get('siteTexts')
  .catch(() => ({}))
  .then((stored) => {
    const texts = (stored as { siteTexts?: OrcamoTexts }).siteTexts;
    startOrcamoAutomation(chrome, document, texts ? { texts } : {});
  });
