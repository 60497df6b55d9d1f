/**
 * The command line that IT vendors and support staff run: `weborca-cert COMMAND …`. Its words come from the host's
 * catalogue in the terminal's language (i18n: Japanese by default, English when LC_ALL/LC_MESSAGES/LANG say so).
 * Exit codes: 0 ok, 1 failed (explained), 2 usage.
 *
 * This table is part of the host's small core: `--help`, `--version` and an unknown command load no command code, and
 * each command loads only the part it lives in (load-part.ts) — `inspect` its own, the others the heavy part.
 */
import { EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './cli-io';
import { HOST_VERSION } from './build-info';
import { text, type CatalogueKey } from './i18n';
import { loadPart, type PartName, type Parts } from './load-part';

/** A command that runs from a part, loaded when the command is run. */
function fromPart<N extends PartName>(name: N, pick: (part: Parts[N]) => CliCommand): CliCommand {
  return async (argv, io) => pick(await loadPart(name))(argv, io);
}

const COMMANDS: Record<string, { run: CliCommand; summary: CatalogueKey }> = {
  inspect: { run: fromPart('inspect', (part) => part.inspectCommand), summary: 'cli.command.inspect' },
  import: { run: fromPart('heavy', (part) => part.importCommand), summary: 'cli.command.import' },
  list: { run: fromPart('heavy', (part) => part.listCommand), summary: 'cli.command.list' },
  install: { run: fromPart('heavy', (part) => part.installCommand), summary: 'cli.command.install' },
  uninstall: { run: fromPart('heavy', (part) => part.uninstallCommand), summary: 'cli.command.uninstall' },
  doctor: { run: fromPart('heavy', (part) => part.doctorCommand), summary: 'cli.command.doctor' },
  linkage: { run: fromPart('heavy', (part) => part.linkageCommand), summary: 'cli.command.linkage' },
  policy: { run: fromPart('heavy', (part) => part.policyCommand), summary: 'cli.command.policy' },
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
  // Own keys only: `constructor` or `toString` must be an unknown command, not Object.prototype's.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`${text('cli.unknownCommand', { name: name.slice(0, 40) })}\n`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}
