import type * as pkijs from 'pkijs';
import { Pkcs12Failure } from './errors';
import { isLegacyPbe, legacyPbeScheme } from './legacy-pbe';
import { OID, PBES1_NAMES } from './oids';
import { pbes2Scheme } from './pbes2';
import type { EncryptionScheme } from './scheme';

/** Maps an AlgorithmIdentifier to the engine that decrypts it, or fails with UNSUPPORTED_ALGORITHM. */
export function encryptionScheme(algorithm: pkijs.AlgorithmIdentifier): EncryptionScheme {
  const oid = algorithm.algorithmId;
  if (oid === OID.pbes2) return pbes2Scheme(algorithm);
  if (isLegacyPbe(oid)) return legacyPbeScheme(algorithm);
  throw new Pkcs12Failure('UNSUPPORTED_ALGORITHM', `encryption ${PBES1_NAMES[oid] ?? oid}`, { algorithm: PBES1_NAMES[oid] ?? oid });
}
