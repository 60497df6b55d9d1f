/** The shapes of the ids the host accepts, in one place (caller detection, config.json, install options). */

/** Chrome extension ids: 32 letters a–p (the hex of a key hash shifted into a–p). */
export const EXTENSION_ID_PATTERN = /^[a-p]{32}$/;
/** Firefox add-on ids: email-like or a {GUID}. */
export const FIREFOX_ID_PATTERN = /^(\{[0-9a-fA-F-]{36}\}|[A-Za-z0-9._+-]{1,80}@[A-Za-z0-9._-]{1,80})$/;
