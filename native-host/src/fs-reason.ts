/**
 * Why a file operation failed, for sentences that end with what to do about it. A failure carries the system's code
 * (`errno`: EACCES…) and the catalogue entry with the words for it (`reasonKey`), so a template says `{reason}` and
 * each reader renders it in its own language (i18n/index.ts fills `{reason}` from `reasonKey`). The system's own
 * text ("EACCES: permission denied, open '…'") is technical detail: fsDetail, shown apart, never inside a sentence.
 */
import { text, type CatalogueKey } from './i18n';

export interface FsReasonParams {
  [name: string]: string;
  reasonKey: CatalogueKey;
}

const REASONS: Readonly<Record<string, CatalogueKey>> = {
  EACCES: 'fs.accessDenied',
  EPERM: 'fs.accessDenied',
  EROFS: 'fs.readOnlyDrive',
  ENOSPC: 'fs.diskFull',
  ENOENT: 'fs.notFound',
  ENOTDIR: 'fs.notFound',
  EEXIST: 'fs.alreadyExists',
  EFBIG: 'fs.tooLarge',
  EBUSY: 'fs.busy',
};

function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code !== '' ? code : null;
}

/** The parameters a `{reason}` needs: the system's code (when it has one) and the entry with its words. */
export function fsReasonParams(error: unknown): FsReasonParams {
  const code = errorCode(error);
  if (code === null) return { reasonKey: 'fs.unknown' };
  return { errno: code, reasonKey: REASONS[code] ?? 'fs.otherCode' };
}

/** The short reason in the current locale (アクセスが拒否されました / access denied; an unknown code as itself). */
export function fsReason(error: unknown): string {
  const params = fsReasonParams(error);
  return text(params.reasonKey, params);
}

/** The system's own text of the error, for the detail line; undefined when there is none. */
export function fsDetail(error: unknown): string | undefined {
  return error instanceof Error && error.message !== '' ? error.message : undefined;
}
