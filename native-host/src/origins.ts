/**
 * Where `verifyLogin` may connect: the real WebORCA origins, origins the user's IT vendor configured, and the
 * loopback *.localhost names of the local simulator. Nothing else: the host is not a general-purpose TLS client.
 */
import { WEBORCA_ORIGINS } from '../../src/lib/site';

export function isAllowedVerifyOrigin(origin: string, extraOrigins: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return false;
  const normalised = url.origin;
  if ((WEBORCA_ORIGINS as readonly string[]).includes(normalised) || extraOrigins.includes(normalised)) return true;
  return url.hostname.endsWith('.localhost') || url.hostname === 'localhost';
}
