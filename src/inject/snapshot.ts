/**
 * The support snapshot (調査用の情報), injected on demand by the service worker into a WebORCA or ORCAMO tab (it is no
 * content script: the WebORCA one must stay small, and a picture is wanted rarely). It runs in our isolated world,
 * takes the sanitized picture of the page (src/lib/page-snapshot.ts) and leaves it where the worker's next call in
 * that same world reads it and deletes it. Nothing here ever reaches the page.
 */
import { capturePageSnapshot } from '../lib/page-snapshot';

(globalThis as { __weborcaCertSnapshot?: unknown }).__weborcaCertSnapshot = capturePageSnapshot(document);
