import type * as pkijs from 'pkijs';
import { Pkcs12Failure } from './errors.js';
import { isLegacyPbe, legacyPbeScheme } from './legacy-pbe.js';
import { OID, PBES1_NAMES } from './oids.js';
import { pbes2Scheme } from './pbes2.js';
import type { EncryptionScheme } from './scheme.js';

/** Maps an AlgorithmIdentifier to the engine that decrypts it, or fails with UNSUPPORTED_ALGORITHM. */
export function encryptionScheme(algorithm: pkijs.AlgorithmIdentifier): EncryptionScheme {
  const oid = algorithm.algorithmId;
  if (oid === OID.pbes2) return pbes2Scheme(algorithm);
  if (isLegacyPbe(oid)) return legacyPbeScheme(algorithm);
  throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', PBES1_NAMES[oid] ?? oid);
}
