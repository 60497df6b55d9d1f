/** `weborca-cert linkage` / `linkageList`: every linkage config found, what it uses, and what stands in the way. */
import { configCandidates } from './locations';
import { inspectConfig, type InspectedConfig } from './inspect-config';
import { reportIssue, type LinkageConfigInfo, type LinkageIssue, type LinkageListing, type LinkageSources } from './types';

export interface Discovery {
  configs: LinkageConfigInfo[];
  /** Why configs cannot be read or updated safely, as codes (rendered by whoever shows them). */
  issues: LinkageIssue[];
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
  return { configs: inspected.map((config) => config.info), issues, inspected };
}

/** The `linkageList` reply: each issue's code and parameters, with the sentence in the host's locale as a fallback. */
export async function listLinkage(sources: LinkageSources, now = new Date()): Promise<LinkageListing> {
  const { configs, issues } = await discoverLinkage(sources, now);
  return {
    configs,
    errors: issues.map((issue) => {
      // The protocol's issue has no detail field; a system error's text stays with the CLI.
      const { detail: _detail, ...report } = reportIssue(issue);
      return report;
    }),
  };
}
