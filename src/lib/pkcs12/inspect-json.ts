import type { Pkcs12Report } from './types';

/** The `inspect --json` success document (DESIGN.md §4), keys in contract order. */
export type InspectJson = { ok: true } & Pkcs12Report;

export function toInspectJson(report: Pkcs12Report): InspectJson {
  return {
    ok: true,
    certificate: report.certificate,
    privateKey: report.privateKey,
    identities: report.identities,
    chain: report.chain,
    pkcs12: report.pkcs12,
    problems: report.problems,
  };
}
