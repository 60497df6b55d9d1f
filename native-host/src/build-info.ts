/**
 * Facts fixed at build time (scripts/build-host.ts defines them; tests running the sources get the fallbacks,
 * which are computed the same way from package.json and manifest.json).
 */
declare const __HOST_VERSION__: string | undefined;
declare const __DEV_EXTENSION_ID__: string | undefined;

export const HOST_VERSION: string = typeof __HOST_VERSION__ === 'string' ? __HOST_VERSION__ : '0.0.0-dev';
/** The id Chrome derives from manifest.json's `key`: always allowed, so a development build just works. */
export const DEV_EXTENSION_ID: string = typeof __DEV_EXTENSION_ID__ === 'string' ? __DEV_EXTENSION_ID__ : 'anhaoafokhdioakgfkeelcidlihlhlnl';
export const FIREFOX_ADDON_ID = 'weborca-cert-companion@weborca-cert';
