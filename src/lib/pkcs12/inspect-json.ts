import type { Pkcs12Report, Problem } from './types';

/** A problem as `inspect --json` shows it: its code, whether it blocks, and the caller's words for it. */
export interface InspectProblem {
  code: Problem['code'];
  blocking: boolean;
  message: string;
}

/** The `inspect --json` success document (the contract in docs/ARCHITECTURE.md), keys in contract order. */
export type InspectJson = { ok: true } & Omit<Pkcs12Report, 'problems'> & { problems: InspectProblem[] };

/** `words` renders a problem in the caller's language (this module holds no words). */
export function toInspectJson(report: Pkcs12Report, words: (problem: Problem) => string): InspectJson {
  return {
    ok: true,
    certificate: report.certificate,
    privateKey: report.privateKey,
    identities: report.identities,
    chain: report.chain,
    pkcs12: report.pkcs12,
    problems: report.problems.map((problem) => ({ code: problem.code, blocking: problem.blocking, message: words(problem) })),
  };
}
