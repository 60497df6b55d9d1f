/**
 * `weborca-cert list [--json] [--all]`: the client identities in every certificate store of this user, WebORCA's
 * (issuer Intermediate CA, clientAuth, not a CA, with its key) by default, with serial, expiry, days left and whether
 * the host proved it in a handshake — what support asks for first. `--all` shows every certificate the stores list,
 * for a vendor. Names from certificates are printed with control and bidi characters escaped.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand } from '../cli-io';
import { realExecutor } from '../exec';
import { messageFor, text } from '../i18n';
import { hostPaths } from '../paths';
import { userStores } from '../stores';
import { storeFailure, type StoredIdentity } from '../stores/types';
import { jsonSafe, terminalLines } from '../terminal-text';
import { verifiedRecords } from '../verified-records';
import { listWebOrcaIdentities } from '../weborca-identities';
import { formatName } from '../../../src/lib/pkcs12';

export const listCommand: CliCommand = async (argv, io) => {
  const unknown = argv.filter((arg) => !['--json', '--all'].includes(arg));
  if (unknown.length > 0) {
    io.stderr(`${text('cli.unknownArgument', { arg: terminalLines(unknown[0]!).join(' ') })}\n${text('list.usage')}\n`);
    return EXIT_USAGE;
  }
  const all = argv.includes('--all');
  const stores = userStores({ platform: process.platform, env: process.env, exec: realExecutor });
  const records = verifiedRecords(hostPaths().state);
  let shown: Array<StoredIdentity & { verified: boolean }>;
  const errors: Array<{ store: string; code: string; message: string }> = [];
  if (all) {
    shown = [];
    for (const store of stores) {
      try {
        shown.push(...(await store.list(io.now())).map((identity) => ({ ...identity, verified: records.isVerified(identity.thumbprint) })));
      } catch (error) {
        const failure = storeFailure(error, store.info);
        errors.push({ store: store.info.label, code: failure.code, message: messageFor(failure) });
      }
    }
  } else {
    const listing = await listWebOrcaIdentities(stores, records, io.now(), { issuers: false });
    shown = listing.identities.filter((identity) => identity.hasPrivateKey).map(({ der: _der, ...identity }) => identity);
    for (const { store, failure } of listing.errors) errors.push({ store: store.info.label, code: failure.code, message: messageFor(failure) });
  }
  if (argv.includes('--json')) {
    io.stdout(`${jsonSafe(JSON.stringify({ ok: errors.length === 0, identities: shown, stores: stores.map((store) => store.info), errors }))}\n`);
    return errors.length === 0 ? EXIT_OK : EXIT_FAILED;
  }
  const lines: string[] = [];
  for (const store of stores) {
    lines.push(`${store.info.label}:`);
    const here = shown.filter((identity) => identity.store.id === store.info.id);
    if (here.length === 0) lines.push(`  ${text('list.none')}`);
    for (const identity of here.sort((a, b) => a.notAfter.localeCompare(b.notAfter))) {
      const state = identity.daysLeft < 0 ? text('list.expired') : text('list.daysLeft', { days: identity.daysLeft });
      const row = text('list.identity', { name: formatName(identity.subject), serial: identity.serialNumber, date: identity.notAfter.slice(0, 10), state });
      const flags = [...(identity.hasPrivateKey ? [] : [text('list.noKey')]), ...(identity.verified ? [text('list.verified')] : [])];
      lines.push(`  ${[row, ...flags].join('  ')}`);
    }
  }
  for (const error of errors) lines.push(`✗ ${error.store}: ${error.message}`);
  io.stdout(`${lines.flatMap(terminalLines).join('\n')}\n`);
  return errors.length === 0 ? EXIT_OK : EXIT_FAILED;
};
