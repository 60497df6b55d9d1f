/** Which manual-import guide to show first: the user's OS, from User-Agent Client Hints where available. */
export type Os = 'windows' | 'mac' | 'linux';

/** NavigatorUAData is not in TypeScript's DOM library yet. */
interface NavigatorLike {
  platform?: string;
  userAgentData?: { platform?: string };
}

export function detectOs(nav: NavigatorLike = navigator as NavigatorLike): Os {
  const platform = (nav.userAgentData?.platform || nav.platform || '').toLowerCase();
  if (platform.startsWith('win')) return 'windows';
  if (platform.startsWith('mac')) return 'mac';
  // Linux, ChromeOS and the unknown: Chrome's own certificate manager is the common ground.
  return 'linux';
}

export const OS_ORDER: readonly Os[] = ['windows', 'mac', 'linux'];
