/**
 * The command line that IT vendors and support staff run: `weborca-cert COMMAND …`. Its words come from the host's
 * catalogue in the terminal's language (i18n: Japanese by default, English when LC_ALL/LC_MESSAGES/LANG say so).
 * Exit codes: 0 ok, 1 failed (explained), 2 usage.
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
import { text, type CatalogueKey } from './i18n';

const COMMANDS: Record<string, { run: CliCommand; summary: CatalogueKey }> = {
  inspect: { run: inspectCommand, summary: 'cli.command.inspect' },
  import: { run: importCommand, summary: 'cli.command.import' },
  list: { run: listCommand, summary: 'cli.command.list' },
  install: { run: installCommand, summary: 'cli.command.install' },
  uninstall: { run: uninstallCommand, summary: 'cli.command.uninstall' },
  doctor: { run: doctorCommand, summary: 'cli.command.doctor' },
  linkage: { run: linkageCommand, summary: 'cli.command.linkage' },
  policy: { run: (argv, io) => import('./commands/policy').then((m) => m.policyCommand(argv, io)), summary: 'cli.command.policy' },
};

export function usage(): string {
  const commands = Object.values(COMMANDS).map((command) => `  ${text(command.summary)}`);
  return text('cli.usage', { version: HOST_VERSION, commands: commands.join('\n') });
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
    io.stderr(`${text('cli.unknownCommand', { name: name.slice(0, 40) })}\n`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}
