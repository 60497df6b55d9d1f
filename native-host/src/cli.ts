/**
 * The command line that IT vendors and support staff run: `weborca-cert COMMAND …`.
 * Japanese first (our users), English alongside for vendors. Exit codes: 0 ok, 1 failed (explained), 2 usage.
 */
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './cli-io';
import { HOST_VERSION } from './build-info';
import { doctorCommand } from './commands/doctor';
import { importCommand } from './commands/import';
import { installCommand } from './commands/install';
import { uninstallCommand } from './commands/uninstall';
import { inspectCommand } from './commands/inspect';
import { listCommand } from './commands/list';
import { linkageCommand } from './commands/linkage';

const COMMANDS: Record<string, { run: CliCommand; summary: string }> = {
  inspect: { run: inspectCommand, summary: 'inspect FILE [--password-stdin] [--json]   .p12 を検査する / check a .p12 file' },
  import: { run: importCommand, summary: 'import FILE [--password-stdin] [--json]    全ての証明書ストアに取り込む / import into every store' },
  list: { run: listCommand, summary: 'list [--json] [--all]                      取り込み済みの証明書 / identities in the stores' },
  install: { run: installCommand, summary: 'install [--extension-id ID] [--firefox-id ID] [--dry-run] [--json]  ブラウザに登録 / register with the browsers' },
  uninstall: { run: uninstallCommand, summary: 'uninstall [--dry-run] [--json]             登録を削除（証明書・バックアップは残す）/ unregister' },
  doctor: { run: doctorCommand, summary: 'doctor [--json]                            この PC の状態を確認 / check this machine' },
  linkage: { run: linkageCommand, summary: 'linkage [update FILE.p12 | rollback [ID]] [--json] [--config PATH]  連携ツールの証明書（実験的）/ linkage tools (experimental)' },
  policy: { run: (argv, io) => import('./commands/policy').then((m) => m.policyCommand(argv, io)), summary: 'policy [--format reg|json|mobileconfig] [--install] [--json]  証明書の自動選択ポリシー / certificate auto-selection policy' },
};

export function usage(): string {
  return [
    `weborca-cert ${HOST_VERSION} — WebORCA クライアント証明書の更新ツール (WebORCA Cert Companion)`,
    '',
    '使い方 / Usage:',
    '  weborca-cert COMMAND [options]',
    '',
    'コマンド / Commands:',
    ...Object.values(COMMANDS).map((command) => `  ${command.summary}`),
    '  --help       この説明 / this help',
    '  --version    バージョン / version',
    '',
    '終了コード / Exit codes: 0 成功 ok · 1 失敗（理由を表示）failed · 2 使い方の誤り usage error',
    '',
    'ブラウザから起動されたときはネイティブメッセージングのホストとして動きます。',
    'Started by a browser (chrome-extension://…/ or a Firefox manifest path), it serves native messaging instead.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${HOST_VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`不明なコマンドです: ${name.slice(0, 40)}\nUnknown command. Run: weborca-cert --help\n`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}
