/**
 * `weborca-cert linkage update FILE.p12` / `linkageUpdate`: puts a renewed WebORCA certificate into every linkage
 * config found. EXPERIMENTAL (formats inferred), so:
 *   - nothing is touched unless every config found is readable, complete and writable (else: the reasons, no change);
 *   - the new certificate, key and CA chain go into NEW files beside the old ones (`client-<SERIAL>.pem`…); old PEM
 *     files are never modified or deleted;
 *   - each config is copied into a backup set before it changes (backup-set.ts), then rewritten atomically, with
 *     only the four values changed (yaml-config.ts);
 *   - the written key must open with the passphrase and match the certificate, read back from disk;
 *   - any failure restores every config already rewritten and removes the files this run created.
 * Passphrase: a config that has one keeps it (the vendor's records stay true and one value fewer changes); a config
 * without one gets a fresh random passphrase, added as `:passphrase` — the key we write is always encrypted.
 */
import type { Stats } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { readPkcs12, type Pkcs12Material, type Pkcs12Report } from '../../../src/lib/pkcs12';
import { createBackupSet, type BackupSet } from './backup-set';
import { discoverLinkage } from './discover';
import { fsDetail, fsReasonParams } from '../fs-reason';
import { text } from '../i18n';
import { problemWording, readerFailure } from '../pkcs12-words';
import { createFile, exists, readSmallFile, replaceFileAtomically, sha256Hex } from './files';
import type { InspectedConfig } from './inspect-config';
import { encryptedKeyPem, generatePassphrase, keyOpensAndMatches } from './keys';
import { firstPemLabel, pemCertificates, toPem } from './pem';
import { parseLinkageYaml, rewriteLinkageYaml } from './yaml-config';
import {
  LinkageError,
  linkageFailure,
  reportIssue,
  type LinkageFailure,
  type LinkageIssueReport,
  type LinkageKey,
  type LinkageSources,
  type LinkageTool,
} from './types';

export type UpdateStep = 'backedUp' | 'filesWritten' | 'configWritten';

export interface LinkageUpdateOptions {
  sources: LinkageSources;
  /** The host's backups folder; sets go to `<backups>/linkage/<id>/`. */
  backupsDir: string;
  now?: Date;
  /** Plan and check everything, write nothing. */
  dryRun?: boolean;
  /** Called after each step of each config (the CLI reports progress; tests inject real faults between steps). */
  onStep?: (step: UpdateStep, configPath: string) => void | Promise<void>;
}

export interface UpdatedConfig {
  tool: LinkageTool;
  path: string;
  /** The PEM files the config now points at (new or, when identical, reused). */
  cert: string;
  key: string;
  ca: string | null;
  /** False when the CA file already held the new chain (the config keeps its `:ca_cert`). */
  caReplaced: boolean;
  /** True when the config had no passphrase and one was generated (it is in the YAML, never printed). */
  passphraseAdded: boolean;
}

export type LinkageUpdateResult =
  | {
      ok: true;
      dryRun: boolean;
      certificate: { serialNumber: string; notAfter: string; subject: Pkcs12Report['certificate']['subject'] };
      updated: UpdatedConfig[];
      /** Configs that already use this certificate. */
      unchanged: Array<{ tool: LinkageTool; path: string }>;
      /** Null when nothing was written (dry run, or every config already current). */
      backupId: string | null;
      backupDir: string | null;
    }
  | { ok: false; error: LinkageFailure; problems: LinkageIssueReport[]; backupId: string | null };

interface PlannedFile {
  path: string;
  bytes: Buffer;
  /** A sibling whose mode (and owner) the new file copies. */
  like: Stats | null;
}

interface ConfigPlan {
  config: InspectedConfig;
  current: boolean;
  create: PlannedFile[];
  certPath: string;
  keyPath: string;
  caPath: string | null;
  passphrase: string;
  passphraseAdded: boolean;
  text: Buffer;
}

function failure(error: LinkageFailure, problems: LinkageIssueReport[] = [], backupId: string | null = null): LinkageUpdateResult {
  return { ok: false, error, problems, backupId };
}

export async function updateLinkage(p12: Uint8Array, password: string, options: LinkageUpdateOptions): Promise<LinkageUpdateResult> {
  const now = options.now ?? new Date();
  const read = await readPkcs12(p12, password, { now });
  // The PKCS#12 reader's codes, in the host's words (pkcs12-words.ts).
  if (!read.ok) {
    const refused = readerFailure(read.error);
    return failure(linkageFailure(refused.code, refused.key, refused.params, refused.detail));
  }
  const { report, material } = read;
  const blocking = report.problems.find((problem) => problem.blocking);
  if (blocking) {
    const { key, params } = problemWording(blocking);
    return failure(linkageFailure(blocking.code, 'linkage.certificateRefused', { ...params, problemKey: key }));
  }
  if (!material.privateKeyPkcs8 || !report.privateKey.matchesCertificate) return failure(linkageFailure('NO_PRIVATE_KEY', 'linkage.noPrivateKey'));

  const { issues, inspected } = await discoverLinkage(options.sources, now);
  if (issues.length > 0) {
    // The first problem's code and parameters, so a reader with its own words can say what it is; the others are listed.
    const first = issues[0]!;
    const params = { ...first.params, problemKey: first.key, ...(issues.length > 1 ? { others: issues.length - 1 } : {}) };
    const refusal = linkageFailure(first.code, issues.length > 1 ? 'linkage.refusedWithOthers' : 'linkage.refused', params, first.detail);
    return failure(refusal, issues.map(reportIssue));
  }
  if (inspected.length === 0) return failure(linkageFailure('NO_LINKAGE_CONFIGS', 'linkage.noConfigs'));

  let plans: ConfigPlan[];
  try {
    plans = await planAll(inspected, report, material);
  } catch (error) {
    if (error instanceof LinkageError) return failure(error.toFailure(), [reportIssue(error.toIssue(''))]);
    return failure(linkageFailure('UPDATE_FAILED', 'linkage.planReadFailed', fsReasonParams(error), fsDetail(error)));
  }
  const certificate = { serialNumber: report.certificate.serialNumber, notAfter: report.certificate.notAfter, subject: report.certificate.subject };
  const toChange = plans.filter((plan) => !plan.current);
  const updated = toChange.map(describe);
  const unchanged = plans.filter((plan) => plan.current).map((plan) => ({ tool: plan.config.info.tool, path: plan.config.info.path }));
  if (options.dryRun || toChange.length === 0) {
    return { ok: true, dryRun: options.dryRun === true, certificate, updated, unchanged, backupId: null, backupDir: null };
  }

  let set: BackupSet;
  try {
    set = await createBackupSet(options.backupsDir, now, certificate);
    for (const plan of toChange) {
      await set.addConfig(plan.config.info.tool, plan.config.info.path, plan.config.bytes, plan.config.stats.mode & 0o7777);
      await options.onStep?.('backedUp', plan.config.info.path);
    }
  } catch (error) {
    return failure(linkageFailure('BACKUP_FAILED', 'linkage.backupFailed', { folder: options.backupsDir, ...fsReasonParams(error) }, fsDetail(error)));
  }

  try {
    for (const plan of toChange) await apply(plan, set, options);
  } catch (error) {
    const cause = describeFailure(error);
    // The cause's parameters stay, with `causeKey` naming its sentence: `{cause}` in the outcome's sentence.
    const causeParams = { ...cause.params, causeKey: cause.key };
    const restore = await restoreAfterFailure(set);
    if (!restore.ok) {
      set.manifest.status = 'restoreFailed';
      await set.event('restoreFailed', { code: cause.code }).catch(() => undefined);
      const params = { ...causeParams, paths: restore.paths.join(text('list.separator')), backupFolder: set.dir, backupId: set.id };
      const detail = [cause.detail, ...restore.details].filter((line) => line !== undefined).join('\n');
      return failure(linkageFailure('RESTORE_INCOMPLETE', 'linkage.restoreIncomplete', params, detail), [], set.id);
    }
    set.manifest.status = 'failed';
    await set.event('failed', { code: cause.code }).catch(() => undefined);
    return failure(linkageFailure(cause.code, 'linkage.failedRestored', causeParams, cause.detail), [], set.id);
  }
  set.manifest.status = 'applied';
  // Every config is rewritten and verified by now: a journal that cannot be written must not report a failure.
  await set.event('applied').catch(() => undefined);
  return { ok: true, dryRun: false, certificate, updated, unchanged, backupId: set.id, backupDir: set.dir };
}

function describe(plan: ConfigPlan): UpdatedConfig {
  const { info, caPath } = plan.config;
  return {
    tool: info.tool,
    path: info.path,
    cert: plan.certPath,
    key: plan.keyPath,
    ca: plan.caPath,
    caReplaced: plan.caPath !== caPath,
    passphraseAdded: plan.passphraseAdded,
  };
}

// ---------------------------------------------------------------- planning (reads only)

async function planAll(configs: InspectedConfig[], report: Pkcs12Report, material: Pkcs12Material): Promise<ConfigPlan[]> {
  const certPem = toPem('CERTIFICATE', material.certificateDer);
  /** Files claimed by earlier plans of this run: two configs sharing a folder share identical files. */
  const claimed = new Map<string, Buffer>();
  const keyCache = new Map<string, string>();
  const plans: ConfigPlan[] = [];
  for (const config of configs) {
    checkSameClinic(config, report);
    plans.push(await planConfig(config, report, material, certPem, claimed, keyCache));
  }
  return plans;
}

/** The new certificate must be the renewal of the one in use: same clinic (O) and terminal (CN), not older. */
function checkSameClinic(config: InspectedConfig, report: Pkcs12Report): void {
  const old = config.certificate;
  if (!old) return;
  const path = config.info.path;
  // Both O (the clinic) and CN (the terminal): a tool set up with another terminal's certificate keeps its own.
  const same = (key: 'O' | 'CN'): boolean => JSON.stringify(old.subject[key] ?? null) === JSON.stringify(report.certificate.subject[key] ?? null);
  if (!same('O') || !same('CN')) {
    const name = (subject: typeof old.subject): string => `O=${String(subject.O)}, CN=${String(subject.CN)}`;
    throw new LinkageError(
      'SUBJECT_MISMATCH',
      'linkage.subjectMismatch',
      { current: name(old.subject), renewed: name(report.certificate.subject), config: path },
      { path },
    );
  }
  if (Date.parse(report.certificate.notAfter) < Date.parse(old.notAfter)) {
    const until = { renewedUntil: report.certificate.notAfter.slice(0, 10), currentUntil: old.notAfter.slice(0, 10) };
    throw new LinkageError('OLDER_CERTIFICATE', 'linkage.olderCertificate', { ...until, config: path }, { path });
  }
}

async function planConfig(
  config: InspectedConfig,
  report: Pkcs12Report,
  material: Pkcs12Material,
  certPem: string,
  claimed: Map<string, Buffer>,
  keyCache: Map<string, string>,
): Promise<ConfigPlan> {
  const { values } = config.yaml;
  const oldCert = config.certPath!;
  const oldKey = config.keyPath!;
  const serial = report.certificate.serialNumber;
  const oldSerial = config.certificate?.serialNumber ?? null;
  const passphrase = config.passphrase ?? generatePassphrase();
  const passphraseAdded = config.passphrase === null;

  const oldKeyText = (await readSmallFile(oldKey)).toString('latin1');
  const keyLabel = firstPemLabel(oldKeyText);
  const cacheKey = `${keyLabel}\u0000${passphrase}`;
  const keyPem = keyCache.get(cacheKey) ?? encryptedKeyPem(material.privateKeyPkcs8!, passphrase, keyLabel);
  keyCache.set(cacheKey, keyPem);

  // Already on this certificate, with a key that opens: nothing to do for this config.
  const currentCert = await readSmallFile(oldCert);
  const caCurrent = config.caPath === null || (await caHolds(config.caPath, material.chainDer));
  if (
    config.certificate?.sha256 === report.certificate.sha256 &&
    config.passphrase !== null &&
    caCurrent &&
    keyOpensAndMatches(oldKeyText, config.passphrase, currentCert.toString('latin1'))
  ) {
    return {
      config,
      current: true,
      create: [],
      certPath: oldCert,
      keyPath: oldKey,
      caPath: config.caPath,
      passphrase,
      passphraseAdded: false,
      text: config.bytes,
    };
  }

  const create: PlannedFile[] = [];
  const place = async (old: string, defaultExt: string, bytes: Buffer, accepts: (existing: Buffer) => boolean): Promise<string> => {
    const { stem, ext } = newName(old, serial, oldSerial, defaultExt);
    // The new file gets the old one's mode and owner (the tool can read it); a missing CA file borrows the certificate's.
    const like = (await stat(old).catch(() => null)) ?? (await stat(oldCert).catch(() => null));
    for (let n = 1; n < 100; n++) {
      const candidate = join(dirname(old), n === 1 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
      const planned = claimed.get(candidate);
      if (planned) {
        if (planned.equals(bytes)) return candidate;
        continue;
      }
      if (await exists(candidate)) {
        const existing = await readSmallFile(candidate).catch(() => null);
        if (existing && (existing.equals(bytes) || accepts(existing))) return candidate;
        continue; // someone else's file: never overwritten
      }
      claimed.set(candidate, bytes);
      create.push({ path: candidate, bytes, like });
      return candidate;
    }
    throw new LinkageError('NAME_UNAVAILABLE', 'linkage.nameUnavailable', { folder: dirname(old), config: config.info.path }, { path: config.info.path });
  };

  const certBytes = Buffer.from(certPem, 'latin1');
  const certPath = await place(oldCert, '.pem', certBytes, () => false);
  const keyPath = await place(oldKey, '.key', Buffer.from(keyPem, 'latin1'), (existing) =>
    keyOpensAndMatches(existing.toString('latin1'), passphrase, certPem),
  );
  let caPath = config.caPath;
  if (config.caPath !== null && !caCurrent) {
    const caBytes = Buffer.from(await mergedCaPem(config.caPath, material.chainDer), 'latin1');
    caPath = await place(config.caPath, '.pem', caBytes, () => false);
  }

  const changes: Partial<Record<LinkageKey, string>> = {
    cert: renamedValue(values.cert!.value!, certPath),
    certKey: renamedValue(values.certKey!.value!, keyPath),
  };
  if (caPath !== config.caPath && values.caCert?.value) changes.caCert = renamedValue(values.caCert.value, caPath!);
  if (passphraseAdded) changes.passphrase = passphrase;
  const text = Buffer.from(rewriteLinkageYaml(config.yaml, changes, config.info.path), 'utf8');
  return { config, current: false, create, certPath, keyPath, caPath, passphrase, passphraseAdded, text };
}

/** `client.pem` → `client-114F.pem`; `client-0659.pem` (a previous update's) → `client-114F.pem`. */
function newName(oldPath: string, serial: string, oldSerial: string | null, defaultExt: string): { stem: string; ext: string } {
  const name = basename(oldPath);
  const ext = extname(name) || defaultExt;
  let stem = extname(name) ? name.slice(0, -ext.length) : name;
  if (oldSerial && stem.toUpperCase().endsWith(`-${oldSerial.toUpperCase()}`)) stem = stem.slice(0, -(oldSerial.length + 1));
  return { stem: `${stem}-${serial}`, ext };
}

/** The config's value with only its last path segment replaced, so relative paths and `\` or `/` stay as written. */
function renamedValue(value: string, newAbsolute: string): string {
  const cut = Math.max(value.lastIndexOf('/'), process.platform === 'win32' ? value.lastIndexOf('\\') : -1);
  return `${value.slice(0, cut + 1)}${basename(newAbsolute)}`;
}

async function caHolds(caPath: string, chain: Uint8Array[]): Promise<boolean> {
  if (chain.length === 0) return true;
  const existing = (await exists(caPath)) ? pemCertificates((await readSmallFile(caPath)).toString('latin1')) : [];
  return chain.every((der) => existing.some((old) => Buffer.from(old).equals(Buffer.from(der))));
}

/** The new chain, then every certificate of the old CA file not already in it: no trust anchor is ever dropped. */
async function mergedCaPem(caPath: string, chain: Uint8Array[]): Promise<string> {
  const old = (await exists(caPath)) ? pemCertificates((await readSmallFile(caPath)).toString('latin1')) : [];
  const kept = old.filter((der) => !chain.some((c) => Buffer.from(c).equals(Buffer.from(der))));
  return [...chain, ...kept].map((der) => toPem('CERTIFICATE', der)).join('');
}

// ---------------------------------------------------------------- applying (writes, each step recorded)

async function apply(plan: ConfigPlan, set: BackupSet, options: LinkageUpdateOptions): Promise<void> {
  const path = plan.config.info.path;
  for (const file of plan.create) {
    try {
      await createFile(file.path, file.bytes, file.like, 0o600);
    } catch (error) {
      throw new LinkageError(
        'WRITE_FAILED',
        'linkage.newFileNotWritten',
        { file: file.path, config: path, ...fsReasonParams(error) },
        { path, detail: fsDetail(error) },
      );
    }
    set.manifest.created.push({ path: file.path, sha256: sha256Hex(file.bytes) });
    await set.event('created', { path: file.path });
  }
  // Read back from disk: what the tool will read must open with the passphrase and match the certificate.
  const certOnDisk = await readFile(plan.certPath, 'latin1');
  const keyOnDisk = await readFile(plan.keyPath, 'latin1');
  if (!keyOpensAndMatches(keyOnDisk, plan.passphrase, certOnDisk)) {
    throw new LinkageError('KEY_CHECK_FAILED', 'linkage.keyCheckFailed', { file: plan.keyPath, config: path }, { path });
  }
  await options.onStep?.('filesWritten', path);

  const entry = set.manifest.configs.find((config) => config.path === path)!;
  const now = await readFile(path).catch(() => null);
  if (!now || sha256Hex(now) !== entry.sha256Before) {
    throw new LinkageError('CONFIG_CHANGED', 'linkage.configChanged', { config: path }, { path });
  }
  try {
    await replaceFileAtomically(path, plan.text);
  } catch (error) {
    throw new LinkageError('WRITE_FAILED', 'linkage.configNotWritten', { config: path, ...fsReasonParams(error) }, { path, detail: fsDetail(error) });
  }
  entry.sha256After = sha256Hex(plan.text);
  await set.event('configWritten', { path });

  // The tool will read this file: parse it again from disk and check it points at what we wrote.
  const reread = parseLinkageYaml(await readFile(path), path);
  const pointsAt = (value: string | null | undefined, expected: string): boolean => value != null && resolve(dirname(path), value) === expected;
  if (
    !pointsAt(reread.values.cert?.value, plan.certPath) ||
    !pointsAt(reread.values.certKey?.value, plan.keyPath) ||
    reread.values.passphrase?.value !== plan.passphrase
  ) {
    throw new LinkageError('CONFIG_CHECK_FAILED', 'linkage.configCheckFailed', { config: path }, { path });
  }
  await options.onStep?.('configWritten', path);
}

function describeFailure(error: unknown): LinkageError {
  if (error instanceof LinkageError) return error;
  return new LinkageError('UPDATE_FAILED', 'linkage.updateFailed', fsReasonParams(error), { detail: fsDetail(error) });
}

// ---------------------------------------------------------------- undoing a failed run

/** What could not be put back: each path with its reason (for the sentence) and the system's own text (the detail). */
type RestoreOutcome = { ok: true } | { ok: false; paths: string[]; details: string[] };

async function restoreAfterFailure(set: BackupSet): Promise<RestoreOutcome> {
  const problems: Array<{ path: string; error: unknown }> = [];
  for (const entry of [...set.manifest.configs].reverse()) {
    if (entry.sha256After === null) continue;
    try {
      const original = await readFile(join(set.dir, entry.backup));
      const current = await readFile(entry.path).catch(() => null);
      if (current && sha256Hex(current) === entry.sha256Before) continue;
      // Changed by someone else in the meantime: keep their version too before putting ours back.
      if (current && sha256Hex(current) !== entry.sha256After) await set.keep(`${entry.backup}.before-restore`, current);
      await replaceFileAtomically(entry.path, original);
      await set.event('restored', { path: entry.path });
    } catch (error) {
      problems.push({ path: entry.path, error });
    }
  }
  // A config that could not be put back still points at the new files: they stay, or that tool would be broken.
  if (problems.length > 0) return restoreFailed(problems);
  for (const file of [...set.manifest.created].reverse()) {
    try {
      const bytes = await readFile(file.path).catch(() => null);
      // Only what this run wrote, unchanged, is removed: the files were never referenced by any config.
      if (bytes && sha256Hex(bytes) === file.sha256) await rm(file.path);
      await set.event('removedCreated', { path: file.path });
    } catch (error) {
      problems.push({ path: file.path, error });
    }
  }
  return problems.length === 0 ? { ok: true } : restoreFailed(problems);
}

function restoreFailed(problems: Array<{ path: string; error: unknown }>): RestoreOutcome {
  return {
    ok: false,
    paths: problems.map(({ path, error }) => text('linkage.pathWithReason', { path, ...fsReasonParams(error) })),
    details: problems.map(({ path, error }) => `${path}: ${fsDetail(error) ?? fsReasonParams(error).errno ?? ''}`),
  };
}
