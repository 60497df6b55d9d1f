/**
 * `weborca-cert list [--json] [--all]`: the client identities in every certificate store of this user, WebORCA's
 * (issuer Intermediate CA) by default, with serial, expiry and days left — what support asks for first.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand } from '../cli-io';
import { realExecutor } from '../exec';
import { userStores } from '../stores';
import { StoreError, type StoredIdentity } from '../stores/types';
import { WEBORCA_ISSUER_CN } from '../../../src/lib/site';
import { formatName } from '../../../src/lib/pkcs12';

export const listCommand: CliCommand = async (argv, io) => {
  const unknown = argv.filter((arg) => !['--json', '--all'].includes(arg));
  if (unknown.length > 0) {
    io.stderr(`不明な引数です: ${unknown[0]}\n使い方: weborca-cert list [--json] [--all]\n`);
    return EXIT_USAGE;
  }
  const all = argv.includes('--all');
  const stores = userStores({ platform: process.platform, env: process.env, exec: realExecutor });
  const identities: StoredIdentity[] = [];
  const errors: Array<{ store: string; code: string; message: string }> = [];
  for (const store of stores) {
    try {
      identities.push(...(await store.list(io.now())));
    } catch (error) {
      errors.push({ store: store.info.label, code: error instanceof StoreError ? error.code : 'STORE_UNAVAILABLE', message: error instanceof Error ? error.message : '' });
    }
  }
  const shown = all ? identities : identities.filter((identity) => [identity.issuer.CN].flat().includes(WEBORCA_ISSUER_CN) && identity.hasPrivateKey);
  if (argv.includes('--json')) {
    io.stdout(`${JSON.stringify({ ok: errors.length === 0, identities: shown, stores: stores.map((store) => store.info), errors })}\n`);
    return errors.length === 0 ? EXIT_OK : EXIT_FAILED;
  }
  const lines: string[] = [];
  for (const store of stores) {
    lines.push(`${store.info.label}:`);
    const here = shown.filter((identity) => identity.store.id === store.info.id);
    if (here.length === 0) lines.push('  （WebORCA の証明書はありません）');
    for (const identity of here.sort((a, b) => a.notAfter.localeCompare(b.notAfter))) {
      const state = identity.daysLeft < 0 ? '期限切れ' : `残り ${identity.daysLeft} 日`;
      lines.push(`  ${formatName(identity.subject)}  シリアル ${identity.serialNumber}  有効期限 ${identity.notAfter.slice(0, 10)}（${state}）${identity.hasPrivateKey ? '' : '  秘密鍵なし'}`);
    }
  }
  for (const error of errors) lines.push(`✗ ${error.store}: ${error.message}`);
  io.stdout(`${lines.join('\n')}\n`);
  return errors.length === 0 ? EXIT_OK : EXIT_FAILED;
};
