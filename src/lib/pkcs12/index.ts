/**
 * The shared PKCS#12 reader (DESIGN.md §3): used by the extension's service worker and by the native host.
 */
export { readPkcs12 } from './read';
export { pkcs12Error, type Pkcs12ErrorCode, type Pkcs12ErrorInfo } from './errors';
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
  ReadPkcs12Options,
  WarningProblemCode,
} from './types';
export { MAX_INPUT_BYTES, MAX_ITERATIONS } from './limits';
export { EXPIRES_SOON_DAYS, japaneseDate } from './problems';
export { formatName } from './names';
export { toInspectJson, type InspectJson } from './inspect-json';
export { checkPkcs12Structure } from './structure';
export { issuerInChain, tieToCurrentIssuer, type TieInput, type TieResult, type TrustFailureReason } from './chain';
export { randomOneTimePassword, writeLegacyPkcs12, type Pkcs12Contents, type WritePkcs12Options } from './writer';
