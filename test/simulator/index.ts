/**
 * Local simulator of WebORCA and ORCAMO (docs/ARCHITECTURE.md: tests): the public entry for e2e tests and
 * `npm start`. See server.ts for the URLs, pki.ts for the test PKI.
 */
export { ORCAMO_HOST, WEBORCA_HOST, startSimulator, type PresentedLogEntry, type SimSite, type Simulator, type StartSimulatorOptions } from './server';
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
} from './pki';
/** Aliases used by the e2e harness. */
export type { StartSimulatorOptions as StartOptions } from './server';
export type { ClientIdentity as IssuedIdentity } from './pki';
export { describeCertificate, type PresentedCertificate } from './cert-info';
export { DAY_MS, RENEWAL_WINDOW_DAYS, daysLeft } from './dates';
export { OTHER_SUBJECT, type IssuedReplacement } from './replacements';
export { ORCAMO_PATHS, ORCAMO_TEXTS } from './orcamo-pages';
export { DEFAULT_USER, HOSPITAL_NAME, type SessionInfo } from './weborca-pages';
export { BUSY_BAR_DAYS_LEFT, BUSY_DEFAULTS, type BusyRunOptions, type BusyRunResult } from './busy-page';
export { DEFAULT_SWITCHES, DOWNLOAD_VIAS, FAULTS, PAGE_LAYOUTS, SwitchesError, type DownloadVia, type Fault, type PageLayout, type Switches } from './switches';
