/** What the host does for each whitelisted request type. */
import type { NativeRequest } from '../../../src/lib/native-protocol';
import { HOST_VERSION } from '../build-info';
import { availableStores, availableTools } from '../tools';
import type { Reply } from './serve';

export interface HandlerContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

export function createHandler(context: HandlerContext): (request: NativeRequest) => Promise<Reply> {
  return async (request) => {
    switch (request.type) {
      case 'hello':
        return hello(context);
      case 'inspect':
        return inspect(request);
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

async function inspect(_request: Extract<NativeRequest, { type: 'inspect' }>): Promise<Reply> {
  return { ok: false, error: { code: 'NOT_IMPLEMENTED', message: 'この機能はまだ使えません。' } };
}
