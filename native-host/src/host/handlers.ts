/** What the host does for each whitelisted request type. Every failure is a typed {code, message} in Japanese. */
import type { NativeRequest } from '../../../src/lib/native-protocol';
import { readPkcs12, toInspectJson } from '../../../src/lib/pkcs12';
import { HOST_VERSION } from '../build-info';
import type { HostConfig } from '../config';
import type { Executor } from '../exec';
import { backupP12 } from '../backup';
import { readDownload } from '../read-download';
import { importIdentity } from '../identity-import';
import { isAllowedVerifyOrigin } from '../origins';
import { listLinkage, updateLinkage, type LinkageSources } from '../linkage';
import type { HostPaths } from '../paths';
import { userStores } from '../stores';
import { StoreError, type CertificateStore, type StoreInfo } from '../stores/types';
import { availableStores, availableTools } from '../tools';
import { VerifyError, verifyLogin } from '../verify-login';
import type { Reply } from './serve';

export interface HandlerContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exec: Executor;
  paths: HostPaths;
  config: HostConfig;
  /** Injected in tests; by default the user's stores on this OS. */
  stores?: () => CertificateStore[];
}

type Request<T extends NativeRequest['type']> = Extract<NativeRequest, { type: T }>;

export function createHandler(context: HandlerContext): (request: NativeRequest) => Promise<Reply> {
  const stores = context.stores ?? (() => userStores(context));
  return async (request) => {
    switch (request.type) {
      case 'hello':
        return hello(context);
      case 'inspect':
        return inspect(request);
      case 'import':
        return importRequest(request, context, stores());
      case 'list':
        return list(stores());
      case 'verifyLogin':
        return verify(request, context);
      case 'removeIdentity':
        return removeIdentity(request, stores());
      case 'backup':
        return backup(request, context);
      case 'readDownload':
        return readDownloadRequest(request);
      case 'linkageList':
        return { ok: true, ...(await listLinkage(linkageSources(context))) };
      case 'linkageUpdate':
        return linkageUpdate(request, context);
    }
  };
}

function hello({ env, platform }: HandlerContext): Reply {
  const tools = availableTools(env, platform);
  return {
    ok: true,
    version: HOST_VERSION,
    protocol: 1,
    platform: platform === 'linux' || platform === 'win32' || platform === 'darwin' ? platform : 'other',
    node: process.versions.node,
    stores: availableStores(tools, platform),
    tools,
  };
}

async function inspect(request: Request<'inspect'>): Promise<Reply> {
  const read = await readPkcs12(Buffer.from(request.p12, 'base64'), request.password);
  if (!read.ok) return { ok: false, error: read.error };
  const { ok: _ok, ...report } = toInspectJson(read.report);
  return { ok: true, ...report };
}

async function importRequest(request: Request<'import'>, context: HandlerContext, stores: CertificateStore[]): Promise<Reply> {
  const result = await importIdentity(
    { p12: Buffer.from(request.p12, 'base64'), password: request.password, fileName: request.fileName },
    { backupFolder: context.paths.backups, stores },
  );
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, certificate: result.certificate, backup: result.backup, stores: result.stores };
}

async function list(stores: CertificateStore[]): Promise<Reply> {
  const now = new Date();
  const identities = [];
  const errors: Array<{ store: StoreInfo; code: string; message: string }> = [];
  for (const store of stores) {
    try {
      identities.push(...(await store.list(now)));
    } catch (error) {
      errors.push({ store: store.info, ...describeError(error, store.info) });
    }
  }
  return { ok: true, identities, stores: stores.map((store) => store.info), errors };
}

async function verify(request: Request<'verifyLogin'>, context: HandlerContext): Promise<Reply> {
  if (!isAllowedVerifyOrigin(request.origin, context.config.extraOrigins)) {
    return { ok: false, error: { code: 'ORIGIN_NOT_ALLOWED', message: `${request.origin} は接続確認の対象ではありません。拡張機能の設定で WebORCA のアドレスを確認してください。` } };
  }
  try {
    const result = await verifyLogin(request.origin, Buffer.from(request.p12, 'base64'), request.password);
    return { ok: true, accepted: result.accepted, status: result.status, certificate: result.certificate };
  } catch (error) {
    if (error instanceof VerifyError) return { ok: false, error: { code: error.code, message: error.message } };
    throw error;
  }
}

async function removeIdentity(request: Request<'removeIdentity'>, stores: CertificateStore[]): Promise<Reply> {
  const removed: Array<{ store: StoreInfo }> = [];
  for (const store of stores) {
    try {
      if ((await store.remove(request.thumbprint)).removed) removed.push({ store: store.info });
    } catch (error) {
      return { ok: false, error: describeError(error, store.info) };
    }
  }
  return { ok: true, removed };
}

async function backup(request: Request<'backup'>, context: HandlerContext): Promise<Reply> {
  try {
    const saved = await backupP12(context.paths.backups, request.fileName, Buffer.from(request.p12, 'base64'));
    return { ok: true, path: saved.path };
  } catch {
    return { ok: false, error: { code: 'BACKUP_FAILED', message: `バックアップ用のフォルダー（${context.paths.backups}）に保存できませんでした。空き容量と権限を確認してください。` } };
  }
}

async function readDownloadRequest(request: Request<'readDownload'>): Promise<Reply> {
  const result = await readDownload(request.path);
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, p12: result.p12.toString('base64'), fileName: result.fileName };
}

/** The browser gives no --config: config.json's linkageConfigs, the Windows defaults, or the env override. */
function linkageSources(context: HandlerContext): LinkageSources {
  return { platform: context.platform, env: context.env, configured: context.config.linkageConfigs };
}

async function linkageUpdate(request: Request<'linkageUpdate'>, context: HandlerContext): Promise<Reply> {
  const result = await updateLinkage(Buffer.from(request.p12, 'base64'), request.password, { sources: linkageSources(context), backupsDir: context.paths.backups });
  if (!result.ok) return { ok: false, error: result.error };
  return {
    ok: true,
    updated: result.updated.map(({ tool, path }) => ({ tool, path })),
    unchanged: result.unchanged,
    backupId: result.backupId,
  };
}

function describeError(error: unknown, store: StoreInfo): { code: string; message: string } {
  if (error instanceof StoreError) return { code: error.code, message: error.message };
  return { code: 'STORE_UNAVAILABLE', message: `${store.label} を読み取れませんでした。weborca-cert doctor を実行してください。` };
}
