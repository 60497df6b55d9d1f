/** `hello`: who the host is and what this machine offers. Loads nothing beyond the tools probe (start-up speed). */
import { HOST_VERSION } from '../../build-info';
import { availableStores, availableTools } from '../../tools';
import type { Handler } from './context';

export const hello: Handler<'hello'> = async (_request, { env, platform }) => {
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
};
