/**
 * `linkageList` / `linkageUpdate` (experimental): the online-eligibility linkage tools' configs. The browser gives
 * no --config: config.json's linkageConfigs, the Windows defaults, or the environment override.
 */
import { listLinkage, updateLinkage, type LinkageSources } from '../../linkage';
import type { Handler, HandlerContext } from './context';
import { p12Bytes } from '../p12-field';

function linkageSources(context: HandlerContext): LinkageSources {
  return { platform: context.platform, env: context.env, configured: context.config.linkageConfigs };
}

export const linkageList: Handler<'linkageList'> = async (_request, context) => ({ ok: true, ...(await listLinkage(linkageSources(context))) });

export const linkageUpdate: Handler<'linkageUpdate'> = async (request, context) => {
  const result = await updateLinkage(p12Bytes(request.p12), request.password, { sources: linkageSources(context), backupsDir: context.paths.backups });
  if (!result.ok) return { ok: false, error: result.error };
  return {
    ok: true,
    updated: result.updated.map(({ tool, path }) => ({ tool, path })),
    unchanged: result.unchanged,
    backupId: result.backupId,
  };
};
