/**
 * ORCAMO content script (issue #4), bundled as a standalone IIFE: the logic lives in orcamo-automation.ts.
 * chrome.* (promise-based in MV3) rather than webextension-polyfill keeps this bundle small.
 */
import { startOrcamoAutomation } from './orcamo-automation';

startOrcamoAutomation(chrome, document);
