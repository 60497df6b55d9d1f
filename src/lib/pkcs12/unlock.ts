import { bytesEqual } from './bytes';
import { DecryptionFailed, Pkcs12Failure } from './errors';
import type { WorkBudget } from './limits';
import type { PasswordCandidate } from './password';
import type { EncryptionScheme } from './scheme';

/**
 * Decrypts encrypted parts of the file with the password candidates, cheapest-known-good first.
 *
 * A wrong password shows up as bad padding or as plaintext that is not the expected ASN.1 shape; `shape` performs
 * that check (and only that: deeper parsing happens later, so that a genuine but unusual structure is reported as
 * NOT_PKCS12 rather than as a wrong password). When every candidate fails the result is BAD_PASSWORD, also for files
 * whose MAC did verify (OpenSSL's -twopass writes such files: one password for the MAC, another for the contents).
 */
export class Unlocker {
  private readonly candidates: PasswordCandidate[];

  constructor(
    candidates: readonly PasswordCandidate[],
    private readonly budget: WorkBudget,
  ) {
    this.candidates = [...candidates];
  }

  async open<T>(scheme: EncryptionScheme, data: Uint8Array, shape: (plain: Uint8Array) => T): Promise<T> {
    const tried: Uint8Array[] = [];
    for (const candidate of this.candidates) {
      const password = scheme.passwordBytes(candidate);
      if (tried.some((t) => bytesEqual(t, password))) continue;
      tried.push(password);
      this.budget.charge(scheme.cost);
      try {
        const result = shape(await scheme.decrypt(candidate, data));
        this.prefer(candidate);
        return result;
      } catch (error) {
        if (error instanceof DecryptionFailed) continue;
        if (error instanceof Pkcs12Failure && error.code === 'NOT_PKCS12') continue;
        throw error;
      }
    }
    throw new Pkcs12Failure('BAD_PASSWORD');
  }

  /** The encoding that worked is tried first next time (files use one password throughout). */
  prefer(candidate: PasswordCandidate): void {
    const i = this.candidates.indexOf(candidate);
    if (i > 0) {
      this.candidates.splice(i, 1);
      this.candidates.unshift(candidate);
    }
  }

  get preferred(): PasswordCandidate {
    return this.candidates[0]!;
  }
}
