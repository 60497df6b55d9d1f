/**
 * Where the host may present a client certificate (`verifyLogin`, and the proof an `import` runs before it writes):
 * the real WebORCA origins and those an administrator put in config.json `extraOrigins`. Loopback names
 * (`localhost`, `*.localhost`: the simulator) only when the host's own config.json marks a test setup — never
 * because a request names one. Nothing else: the host is not a general-purpose TLS client, and a clinic's
 * certificate must not be shown to a local service that asks for one.
 */
import { WEBORCA_ORIGINS } from '../../src/lib/site';
import type { HostConfig } from './config';

export type OriginPolicy = Pick<HostConfig, 'extraOrigins' | 'testSetup'>;

function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

/** The origin in its normal form when it is a bare https origin, else null. */
function bareOrigin(origin: string): URL | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  return url;
}

export function isAllowedVerifyOrigin(origin: string, policy: OriginPolicy): boolean {
  const url = bareOrigin(origin);
  if (!url) return false;
  if (isLoopbackName(url.hostname)) return policy.testSetup;
  return (WEBORCA_ORIGINS as readonly string[]).includes(url.origin) || policy.extraOrigins.includes(url.origin);
}

/**
 * The origins an import proves the new identity against, in order: the administrator's (the deployment this clinic
 * uses when there is one), then WebORCA's own. A test setup proves against its configured (simulator) origins only:
 * a test certificate is never shown to the real WebORCA.
 */
export function proofOrigins(policy: OriginPolicy): string[] {
  const configured = policy.extraOrigins.filter((origin) => isAllowedVerifyOrigin(origin, policy));
  if (policy.testSetup) return configured;
  return [...new Set([...configured, ...WEBORCA_ORIGINS])];
}
