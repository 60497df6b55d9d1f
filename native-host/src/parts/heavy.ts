/**
 * Everything the host needs beyond answering `hello` and `inspect`: the other CLI commands, the request handlers, the
 * certificate stores — and with them pkijs, node-forge, the YAML library. The core reaches it only through
 * load-part.ts, on first use: a browser that only asks `hello` (the popup checking the helper) and a vendor running
 * `weborca-cert inspect` never load it. In the built file this part is stored compressed and inflated when first
 * needed (scripts/host-bundle.ts), so a start costs what the small core costs.
 */
import type { CliCommand } from '../cli-io';
import { usePkcs12Primitives } from '../../../src/lib/pkcs12';
import { NODE_PRIMITIVES } from '../pkcs12-primitives';

// The PKCS#12 reader runs on Node's OpenSSL here, not node-forge: the same answers without forge's cold start.
usePkcs12Primitives(NODE_PRIMITIVES);

export { importCommand } from '../commands/import';
export { listCommand } from '../commands/list';
export { installCommand } from '../commands/install';
export { uninstallCommand } from '../commands/uninstall';
export { doctorCommand } from '../commands/doctor';
export { linkageCommand } from '../commands/linkage';
export { userStores } from '../stores';
export { realExecutor } from '../exec';
export { inspect } from '../host/handlers/inspect';
export { importHandler } from '../host/handlers/import';
export { list } from '../host/handlers/list';
export { verifyLogin } from '../host/handlers/verify-login';
export { removeIdentity } from '../host/handlers/remove-identity';
export { backup } from '../host/handlers/backup';
export { readDownload } from '../host/handlers/read-download';
export { linkageList, linkageUpdate } from '../host/handlers/linkage';

/** `policy` stays a module of its own inside this part, run only when asked for. */
export const policyCommand: CliCommand = (argv, io) => import('../commands/policy').then((module) => module.policyCommand(argv, io));
