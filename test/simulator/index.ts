/**
 * Local simulator of WebORCA and ORCAMO (DESIGN.md §5): the public entry for e2e tests and
 * `npm start`. See server.ts for the URLs, pki.ts for the test PKI.
 */
export {
  ORCAMO_HOST,
  WEBORCA_HOST,
  startSimulator,
  type PresentedLogEntry,
  type SimSite,
  type Simulator,
  type StartSimulatorOptions,
} from './server.js';
export {
  CLIENT_VALIDITY_YEARS,
  DEFAULT_CLIENT_SUBJECT,
  INTERMEDIATE_CA_CN,
  ROOT_CA_CN,
  createTestPki,
  p12FileName,
  type ClientIdentity,
  type ClientSubject,
  type CreateTestPkiOptions,
  type IssueClientOptions,
  type P12Mode,
  type ServerIdentity,
  type TestPki,
} from './pki.js';
/** Aliases used by the e2e harness. */
export type { StartSimulatorOptions as StartOptions } from './server.js';
export type { ClientIdentity as IssuedIdentity } from './pki.js';
export { describeCertificate, type PresentedCertificate } from './cert-info.js';
export { DAY_MS, RENEWAL_WINDOW_DAYS, daysLeft } from './dates.js';
export { OTHER_SUBJECT, type IssuedReplacement } from './replacements.js';
export { ORCAMO_PATHS, ORCAMO_TEXTS } from './orcamo-pages.js';
export { DEFAULT_USER, HOSPITAL_NAME, type SessionInfo } from './weborca-pages.js';
export { BUSY_BAR_DAYS_LEFT, BUSY_DEFAULTS, type BusyRunOptions, type BusyRunResult } from './busy-page.js';
export {
  DEFAULT_SWITCHES,
  DOWNLOAD_VIAS,
  FAULTS,
  PAGE_LAYOUTS,
  SwitchesError,
  type DownloadVia,
  type Fault,
  type PageLayout,
  type Switches,
} from './switches.js';
