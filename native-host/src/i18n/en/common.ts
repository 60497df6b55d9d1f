/** English for ja/common.ts (same keys: a missing one is a compile error). */
import type { JA_COMMON } from '../ja/common';

export const EN_COMMON: Record<keyof typeof JA_COMMON, string> = {
  'fs.accessDenied': 'access denied',
  'fs.readOnlyDrive': 'the drive is read-only',
  'fs.diskFull': 'the disk is full',
  'fs.notFound': 'not found',
  'fs.alreadyExists': 'a file with the same name exists',
  'fs.tooLarge': 'the file is too large',
  'fs.busy': 'the file is in use; stop the program using it and try again',
  'fs.otherCode': '{errno}',
  'fs.unknown': 'unknown error',
  'list.separator': ', ',
  'cli.detail': 'Details: {detail}',
};
