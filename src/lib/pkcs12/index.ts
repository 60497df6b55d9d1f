/**
 * The shared PKCS#12 reader (docs/ARCHITECTURE.md): used by the extension's service worker and by the native host.
 */
export { readPkcs12 } from './read';
export { usePkcs12Primitives, type Pkcs12Primitives } from './primitives';
export { pkcs12Error, type Pkcs12ErrorCode, type Pkcs12ErrorInfo, type Pkcs12ErrorParams } from './errors';
export type {
  BlockingProblemCode,
  CertificateReport,
  ChainEntry,
  KeyType,
  MacAlgorithm,
  NameMap,
  Pkcs12Info,
  Pkcs12Material,
  Pkcs12Report,
  Pkcs12Result,
  Problem,
  ProblemCode,
  ProblemParams,
  ReadPkcs12Options,
  WarningProblemCode,
} from './types';
export { MAX_INPUT_BYTES, MAX_ITERATIONS } from './limits';
export { EXPIRES_SOON_DAYS } from './problems';
export { formatName } from './names';
export { toInspectJson, type InspectJson, type InspectProblem } from './inspect-json';
export { checkPkcs12Structure } from './structure';
export { issuerInChain, tieToCurrentIssuer, type TieInput, type TieResult, type TrustFailureReason } from './chain';
export { randomOneTimePassword, writeLegacyPkcs12, type Pkcs12Contents, type WritePkcs12Options } from './writer';
