/**
 * `weborca-cert linkage …` — the online-eligibility linkage tools (onshi-shell, onshi-receiver, push-exchanger).
 * EXPERIMENTAL: their config format is inferred (docs/ARCHITECTURE.md: facts about the real site), so every change is backed up and can be rolled back.
 *
 *   linkage [--json] [--config PATH]…                      the configs found, their certificate and its expiry
 *   linkage update FILE.p12 [--password-stdin] [--json] [--config PATH]… [--dry-run]
 *   linkage rollback [BACKUP_ID] [--json]                   the latest (or named) backup set back in place
 *
 * Exit 0 ok, 1 failed (explained; `linkage` also when a config has a problem), 2 usage. Passwords: stdin only.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from '../cli-io';
import { loadConfig } from '../config';
import { messageFor, text } from '../i18n';
import { hostPaths } from '../paths';
import {
  discoverLinkage,
  LinkageError,
  reportIssue,
  rollbackLinkage,
  updateLinkage,
  type LinkageConfigInfo,
  type LinkageIssueReport,
  type LinkageRollbackResult,
  type LinkageSources,
  type LinkageUpdateResult,
} from '../linkage';
import type { MessageParams } from '../../../src/lib/native-protocol';
import { formatName } from '../../../src/lib/pkcs12';
import { passwordFromStdin, readCertificateFile } from './inspect';

/** The usage text in the current locale (read when printed: the locale is known by then). */
export function linkageUsage(): string {
  return text('linkage.cli.usage');
}

interface Parsed {
  sub: 'list' | 'update' | 'rollback';
  positional: string[];
  configs: string[];
  json: boolean;
  dryRun: boolean;
  passwordStdin: boolean;
}

function parse(argv: readonly string[]): Parsed | { usage: string } | { help: true } {
  const [first, ...rest] = argv;
  const sub = first === 'update' || first === 'rollback' ? first : 'list';
  const args = sub === 'list' ? [...argv] : rest;
  const parsed: Parsed = { sub, positional: [], configs: [], json: false, dryRun: false, passwordStdin: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--json') parsed.json = true;
    else if (arg === '--config') {
      const value = args[++i];
      if (value === undefined || value === '') return { usage: text('linkage.cli.configNeedsPath') };
      parsed.configs.push(value);
    } else if (arg.startsWith('--config=')) {
      if (arg.length === '--config='.length) return { usage: text('linkage.cli.configNeedsPath') };
      parsed.configs.push(arg.slice('--config='.length));
    } else if (arg === '--dry-run' && sub === 'update') parsed.dryRun = true;
    else if (arg === '--password-stdin' && sub === 'update') parsed.passwordStdin = true;
    else if (arg.startsWith('-')) return { usage: text('linkage.cli.unknownOption', { arg: arg.slice(0, 40) }) };
    else parsed.positional.push(arg);
  }
  if (sub === 'list' && parsed.positional.length > 0) return { usage: text('linkage.cli.unknownArgument', { arg: parsed.positional[0]!.slice(0, 40) }) };
  if (sub === 'update' && parsed.positional.length !== 1) return { usage: text('linkage.cli.oneCertificateFile') };
  if (sub === 'rollback' && (parsed.positional.length > 1 || parsed.configs.length > 0)) return { usage: text('linkage.cli.oneBackupId') };
  return parsed;
}

function sources(explicit: string[]): LinkageSources {
  return { platform: process.platform, env: process.env, configured: loadConfig(hostPaths().config).linkageConfigs, explicit };
}

export const linkageCommand: CliCommand = async (argv, io) => {
  const parsed = parse(argv);
  if ('help' in parsed) {
    io.stdout(linkageUsage());
    return EXIT_OK;
  }
  if ('usage' in parsed) {
    io.stderr(`${parsed.usage}\n${linkageUsage()}`);
    return EXIT_USAGE;
  }
  try {
    if (parsed.sub === 'list') {
      const { configs, issues } = await discoverLinkage(sources(parsed.configs), io.now());
      return showList(io, parsed.json, configs, issues.map(reportIssue));
    }
    if (parsed.sub === 'rollback') return showRollback(io, parsed.json, await rollbackLinkage(hostPaths().backups, parsed.positional[0]));
    return await update(io, parsed);
  } catch (error) {
    const failure = error instanceof LinkageError ? error.toFailure() : { code: 'INTERNAL_ERROR', key: 'linkage.cli.unexpected' as const };
    return fail(io, parsed.json, failure);
  }
};

/** A failure as the command shows it: from a linkage module (coded), or another module's (a sentence, for now). */
interface ShownFailure {
  code: string;
  key?: string;
  params?: MessageParams;
  detail?: string;
  message?: string;
}

/** The JSON of a failure: its code, the sentence in the current locale, and the parameters and detail when present. */
function failureJson(failure: ShownFailure): object {
  const params = failure.params && Object.keys(failure.params).length > 0 ? { params: failure.params } : {};
  return { code: failure.code, message: messageFor(failure), ...params, ...(failure.detail ? { detail: failure.detail } : {}) };
}

/** The error line, then a tool's or the system's own text on a line of its own. */
function failureLines(failure: ShownFailure): string[] {
  const lines = [text('linkage.cli.error', { code: failure.code, message: messageFor(failure) })];
  if (failure.detail) lines.push(`  ${text('cli.detail', { detail: failure.detail })}`);
  return lines;
}

function fail(io: CliIO, json: boolean, failure: ShownFailure, extra: object = {}): number {
  if (json) io.stdout(`${JSON.stringify({ ok: false, error: failureJson(failure), ...extra })}\n`);
  else io.stderr(`${failureLines(failure).join('\n')}\n`);
  return EXIT_FAILED;
}

function issueLines(issue: LinkageIssueReport): string[] {
  const lines = [`  - [${issue.code}] ${issue.message}`];
  if (issue.detail) lines.push(`      ${text('cli.detail', { detail: issue.detail })}`);
  return lines;
}

function showList(io: CliIO, json: boolean, configs: LinkageConfigInfo[], errors: LinkageIssueReport[]): number {
  const code = errors.length === 0 ? EXIT_OK : EXIT_FAILED;
  if (json) {
    io.stdout(`${JSON.stringify({ ok: true, configs, errors })}\n`);
    return code;
  }
  const yesNo = (value: boolean): string => text(value ? 'linkage.cli.present' : 'linkage.cli.absent');
  const lines = [text('linkage.cli.listHeading')];
  if (configs.length === 0) lines.push(`  ${text('linkage.cli.noneFound')}`);
  for (const config of configs) {
    lines.push(`  ${config.tool}: ${config.path}`);
    const cert = config.cert;
    if (!cert) lines.push(`    ${text('linkage.cli.certNotSet')}`);
    else if (!cert.exists) lines.push(`    ${text('linkage.cli.certMissing', { file: cert.path })}`);
    else if (cert.serialNumber === null) lines.push(`    ${text('linkage.cli.certUnreadable', { file: cert.path })}`);
    else {
      const left = cert.daysLeft !== null && cert.daysLeft < 0 ? text('linkage.cli.expired') : text('linkage.cli.daysLeft', { days: cert.daysLeft ?? '' });
      lines.push(`    ${text('linkage.cli.cert', { file: cert.path })}`);
      const summary = { subject: cert.subject ? formatName(cert.subject) : '', serial: cert.serialNumber, until: cert.notAfter?.slice(0, 10) ?? '', left };
      lines.push(`      ${text('linkage.cli.certSummary', summary)}`);
    }
    const writable = text(config.writable ? 'linkage.cli.writable' : 'linkage.cli.notWritable');
    lines.push(
      `    ${text('linkage.cli.files', { key: yesNo(config.keyExists), ca: yesNo(config.caExists), passphrase: yesNo(config.hasPassphrase), writable })}`,
    );
  }
  if (errors.length > 0) {
    lines.push('', text('linkage.cli.problemsHeading'));
    for (const issue of errors) lines.push(...issueLines(issue));
  }
  (code === EXIT_OK ? io.stdout : io.stderr)(`${lines.join('\n')}\n`);
  return code;
}

async function update(io: CliIO, parsed: Parsed): Promise<number> {
  const file = parsed.positional[0]!;
  const read = await readCertificateFile(file);
  if (!read.ok) return fail(io, parsed.json, read.error);
  let password = '';
  if (parsed.passwordStdin) {
    const decoded = passwordFromStdin(await io.readStdin());
    if (decoded === null) {
      io.stderr(`${text('linkage.cli.passwordNotUtf8')}\n${linkageUsage()}`);
      return EXIT_USAGE;
    }
    password = decoded;
  }
  const result = await updateLinkage(read.bytes, password, {
    sources: sources(parsed.configs),
    backupsDir: hostPaths().backups,
    now: io.now(),
    dryRun: parsed.dryRun,
  });
  return showUpdate(io, parsed.json, result);
}

function showUpdate(io: CliIO, json: boolean, result: LinkageUpdateResult): number {
  if (!result.ok) {
    if (!json) {
      // The first problem is the error itself; the others follow.
      const lines = failureLines(result.error);
      for (const issue of result.problems.slice(1)) lines.push(...issueLines(issue));
      io.stderr(`${lines.join('\n')}\n`);
      return EXIT_FAILED;
    }
    return fail(io, json, result.error, { problems: result.problems, backupId: result.backupId });
  }
  if (json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return EXIT_OK;
  }
  const c = result.certificate;
  const certificate = { serial: c.serialNumber, until: c.notAfter.slice(0, 10) };
  const lines = [text(result.dryRun ? 'linkage.cli.dryRun' : result.updated.length > 0 ? 'linkage.cli.updated' : 'linkage.cli.alreadyCurrent', certificate)];
  for (const config of result.updated) {
    lines.push(`  ✓ ${config.tool}: ${config.path}`);
    lines.push(`      ${text('linkage.cli.newCert', { file: config.cert })}`);
    lines.push(`      ${text(config.passphraseAdded ? 'linkage.cli.newKeyNewPassphrase' : 'linkage.cli.newKeyKeptPassphrase', { file: config.key })}`);
    if (config.ca) lines.push(`      ${text(config.caReplaced ? 'linkage.cli.caReplaced' : 'linkage.cli.caKept', { file: config.ca })}`);
  }
  for (const config of result.unchanged) lines.push(`  = ${text('linkage.cli.unchanged', { tool: config.tool, config: config.path })}`);
  if (result.backupId) {
    lines.push(text('linkage.cli.backup', { folder: result.backupDir ?? '' }), text('linkage.cli.howToRollBack', { backupId: result.backupId }));
    lines.push(text('linkage.cli.restartAfterUpdate'));
  }
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

function showRollback(io: CliIO, json: boolean, result: LinkageRollbackResult): number {
  if (json) {
    io.stdout(`${JSON.stringify({ ok: true, ...result })}\n`);
    return EXIT_OK;
  }
  const lines = [text('linkage.cli.rolledBack', { backupId: result.backupId, folder: result.backupDir })];
  for (const path of result.restored) lines.push(`  ✓ ${path}`);
  for (const path of result.alreadyOriginal) lines.push(`  = ${text('linkage.cli.wasOriginal', { config: path })}`);
  for (const file of result.movedAside) lines.push(`  ${text('linkage.cli.movedAside', { from: file.from, to: file.to })}`);
  for (const path of result.leftInPlace) lines.push(`  ${text('linkage.cli.leftInPlace', { file: path })}`);
  lines.push(text('linkage.cli.restartAfterRollback'));
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
