/** `weborca-cert linkage` / `linkageList`: every linkage config found, what it uses, and what stands in the way. */
import { configCandidates } from './locations';
import { inspectConfig, type InspectedConfig } from './inspect-config';
import type { LinkageIssue, LinkageListing, LinkageSources } from './types';

export interface Discovery {
  listing: LinkageListing;
  /** The same configs with what update needs (never serialised: holds the passphrase). */
  inspected: InspectedConfig[];
}

export async function discoverLinkage(sources: LinkageSources, now: Date): Promise<Discovery> {
  const { candidates, errors } = await configCandidates(sources);
  const issues: LinkageIssue[] = [...errors];
  const inspected: InspectedConfig[] = [];
  for (const candidate of candidates) {
    const result = await inspectConfig(candidate, now);
    if (result.kind === 'issue') issues.push(result.issue);
    if (result.kind === 'config') {
      inspected.push(result.config);
      issues.push(...result.config.problems);
    }
  }
  return { listing: { configs: inspected.map((config) => config.info), errors: issues }, inspected };
}

export async function listLinkage(sources: LinkageSources, now = new Date()): Promise<LinkageListing> {
  return (await discoverLinkage(sources, now)).listing;
}
