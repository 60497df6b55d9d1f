/**
 * Linkage tools (onshi-shell, onshi-receiver, push-exchanger) — EXPERIMENTAL, see README.md in this folder.
 */
export { listLinkage, discoverLinkage } from './discover';
export { updateLinkage, type LinkageUpdateOptions, type LinkageUpdateResult, type UpdatedConfig, type UpdateStep } from './update';
export { rollbackLinkage, type LinkageRollbackResult } from './rollback';
export { backupSetIds, linkageBackupRoot, BACKUP_ID_PATTERN } from './backup-set';
export { CONFIG_FILE_NAMES, LINKAGE_PATHS_ENV, defaultLinkageDirs, defaultLinkageFiles } from './locations';
export {
  LinkageError,
  reportIssue,
  type LinkageConfigInfo,
  type LinkageFailure,
  type LinkageIssue,
  type LinkageIssueReport,
  type LinkageListing,
  type LinkageSources,
  type LinkageTool,
} from './types';
