import type { PasswordCandidate } from './password';

/**
 * A parsed, validated encryption algorithm (an EncryptedData's or a ShroudedKeyBag's AlgorithmIdentifier).
 * Building one checks the algorithm is supported and its iteration count within the caps, without deriving
 * anything; `decrypt` then does the work (charged against the file's budget by the caller beforehand).
 */
export interface EncryptionScheme {
  /** Name reported in pkcs12.encryption. */
  readonly name: string;
  readonly iterations: number;
  /** Work units one decryption attempt costs (see WorkBudget). */
  readonly cost: number;
  /** The password bytes this scheme derives from (to skip retrying an identical encoding). */
  passwordBytes(candidate: PasswordCandidate): Uint8Array;
  /** Plaintext, or throws DecryptionFailed (bad padding / unaligned input). */
  decrypt(candidate: PasswordCandidate, data: Uint8Array): Promise<Uint8Array>;
}
