/**
 * The host's Japanese words (the default). Keys are error codes or `cli.*` texts, and `<area>.*` entries from the
 * files in ja/ (one per area, and the words several share); en.ts must have the same keys.
 */
import { JA_COMMON } from './ja/common';
import { JA_INSTALL } from './ja/install';
import { JA_LINKAGE } from './ja/linkage';

export const JA = {
  ...JA_COMMON,
  ...JA_INSTALL,
  ...JA_LINKAGE,
  // ── The protocol layer ──
  FRAME_TOO_LARGE: 'リクエストが大きすぎます（上限 8 MiB）。拡張機能を更新してください。',
  TRUNCATED_FRAME: 'リクエストが途中で切れました。もう一度お試しください。',
  BAD_UTF8: 'リクエストが UTF-8 ではありません。拡張機能を更新してください。',
  BAD_JSON: 'リクエストが JSON ではありません。拡張機能を更新してください。',
  BAD_REQUEST: 'リクエストの形式が正しくありません。拡張機能とヘルパー（weborca-cert）のバージョンを確認してください。',
  UNKNOWN_TYPE: '未対応のリクエストです。拡張機能とヘルパー（weborca-cert）のバージョンを確認してください。',
  REPLY_TOO_LARGE: '応答が大きすぎるため送れません。サポートにご連絡ください。',
  INTERNAL: 'ヘルパーで予期しないエラーが起きました。weborca-cert doctor を実行し、サポートにご連絡ください。',
  CALLER_NOT_ALLOWED: 'この拡張機能は weborca-cert に登録されていません。weborca-cert install を実行してください。',
} as const;

export type CatalogueKey = keyof typeof JA;
