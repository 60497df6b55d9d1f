/**
 * The shared PKCS#12 reader (DESIGN.md §3): used by the extension's service worker and by the native host.
 */
export { readPkcs12 } from './read.js';
export { pkcs12Error, type Pkcs12ErrorCode, type Pkcs12ErrorInfo } from './errors.js';
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
} from './types.js';
export { MAX_INPUT_BYTES, MAX_ITERATIONS } from './limits.js';
export { EXPIRES_SOON_DAYS, japaneseDate } from './problems.js';
export { formatName } from './names.js';
export { toInspectJson, type InspectJson } from './inspect-json.js';
