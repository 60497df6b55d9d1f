import { isoSeconds } from './certificate';
import type { Problem, ProblemCode, ProblemParams } from './types';

/**
 * Problems found in a file that opened, in a fixed order: blocking ones first. Each is a code with its facts as
 * parameters (EXPIRED `notAfter`; EXPIRES_SOON `days`, `notAfter`; NOT_YET_VALID `notBefore` — ISO 8601 UTC;
 * MULTIPLE_IDENTITIES `keys`); the words, with what to do next, are each program's (the host's catalogue `problem.*`,
 * the extension's _locales `code_<CODE>`).
 */

/** Certificates expiring within this many days get EXPIRES_SOON (WebORCA shows its banner from 90 days). */
export const EXPIRES_SOON_DAYS = 90;

export interface ProblemFacts {
  expired: boolean;
  notYetValid: boolean;
  daysLeft: number;
  notAfter: Date;
  notBefore: Date;
  clientAuth: boolean;
  isCA: boolean;
  keyCount: number;
  keyMatches: boolean;
  hasMac: boolean;
  hasChain: boolean;
}

const BLOCKING: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'EXPIRED',
  'NOT_CLIENT_AUTH',
  'IS_CA',
  'KEY_MISMATCH',
  'NO_PRIVATE_KEY',
  'MULTIPLE_IDENTITIES',
]);

export function isBlocking(code: ProblemCode): boolean {
  return BLOCKING.has(code);
}

export function findProblems(f: ProblemFacts): Problem[] {
  const found: Problem[] = [];
  const add = (code: ProblemCode, params?: ProblemParams): void => {
    found.push({ code, blocking: isBlocking(code), ...(params ? { params } : {}) });
  };

  if (f.expired) add('EXPIRED', { notAfter: isoSeconds(f.notAfter) });
  if (!f.clientAuth) add('NOT_CLIENT_AUTH');
  if (f.isCA) add('IS_CA');
  if (f.keyCount === 0) add('NO_PRIVATE_KEY');
  else if (!f.keyMatches) add('KEY_MISMATCH');
  if (f.keyCount > 1) add('MULTIPLE_IDENTITIES', { keys: f.keyCount });
  if (!f.expired && f.daysLeft <= EXPIRES_SOON_DAYS) add('EXPIRES_SOON', { days: f.daysLeft, notAfter: isoSeconds(f.notAfter) });
  if (f.notYetValid) add('NOT_YET_VALID', { notBefore: isoSeconds(f.notBefore) });
  if (!f.hasMac) add('NO_MAC');
  if (!f.hasChain) add('NO_CHAIN');
  return found;
}
