/**
 * Everything the host needs beyond answering `hello`: the CLI's commands, the request handlers, the certificate
 * stores — and with them pkijs, node-forge, the YAML library. main.ts reaches it only through load-heavy.ts, on
 * first use: a browser that only asks `hello` (the popup checking the helper) never loads it. In the built file
 * this part is stored compressed and inflated when first needed (scripts/build-host.ts), so a start costs what
 * the small core costs.
 */
export { runCli } from './cli';
export { userStores } from './stores';
export { realExecutor } from './exec';
export { inspect } from './host/handlers/inspect';
export { importHandler } from './host/handlers/import';
export { list } from './host/handlers/list';
export { verifyLogin } from './host/handlers/verify-login';
export { removeIdentity } from './host/handlers/remove-identity';
export { backup } from './host/handlers/backup';
export { readDownload } from './host/handlers/read-download';
export { linkageList, linkageUpdate } from './host/handlers/linkage';
