import { Pkcs12Failure } from './errors';

/**
 * Resource caps. They are checked before the corresponding work starts, so that a hostile file costs at most a
 * bounded amount of time and memory (the reader runs inside the browser's service worker and the native host).
 */

/** Files over 1 MiB are refused (a client .p12 is ~3-6 KiB). */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** Any PBKDF2, PKCS#12-PBE or MAC iteration count above this is refused; exactly this value is accepted. */
export const MAX_ITERATIONS = 1_000_000;

/**
 * Total key-derivation work allowed for one file, in "hash compression" units (see WorkBudget). A legitimate file
 * at the per-count cap needs at most ~7 M units (legacy 3DES + RC2 + MAC at 1,000,000 with the empty password tried
 * in both encodings); 12 M bounds the worst case at roughly 15-20 s of CPU even for a file crafted to maximise it.
 */
export const MAX_WORK_UNITS = 12_000_000;

/** Structural caps: a real identity file has a handful of bags and no nesting. */
export const MAX_BAGS = 1000;
export const MAX_SAFE_CONTENTS_DEPTH = 4;

/** asn1js parser limits used for every parse of untrusted bytes. */
export const ASN1_LIMITS = { maxDepth: 64, maxNodes: 200_000, maxContentLength: MAX_INPUT_BYTES * 2 } as const;

/**
 * Counts key-derivation work across the whole file. Costs are charged before deriving; crossing the budget aborts
 * with ITERATIONS_TOO_HIGH (the only contract code that describes "too much derivation work").
 */
export class WorkBudget {
  private spent = 0;

  constructor(private readonly limit: number = MAX_WORK_UNITS) {}

  charge(units: number): void {
    if (!(units >= 0) || this.spent + units > this.limit) {
      throw new Pkcs12Failure('ITERATIONS_TOO_HIGH', 'total key-derivation work over the budget');
    }
    this.spent += units;
  }

  get used(): number {
    return this.spent;
  }
}

/** Throws unless 1 <= n <= MAX_ITERATIONS. Written so that NaN/Infinity also fail. */
export function assertIterations(n: number, what: string): number {
  if (!(n >= 1)) throw new Pkcs12Failure('NOT_PKCS12', `${what}: invalid iteration count`);
  if (!(n <= MAX_ITERATIONS)) {
    throw Number.isFinite(n)
      ? new Pkcs12Failure('ITERATIONS_TOO_HIGH', `${what}: ${n} iterations`, { what, iterations: n })
      : new Pkcs12Failure('ITERATIONS_TOO_HIGH', `${what}: iteration count over 2^32`, { what });
  }
  return n;
}
