/**
 * Where linkage-tool configs are looked for. Precedence (the first that gives any path wins, nothing is merged):
 *   1. `--config PATH` on the command line (repeatable) — the vendor names exactly the files or folders;
 *   2. `WEBORCA_CERT_LINKAGE_PATHS` (path-delimiter separated) — handy for tests and scripted support;
 *   3. config.json `linkageConfigs`, plus the defaults of this OS.
 * Defaults exist only on Windows, where the tools are installed: the files the vendor's setting samples name,
 * `<Program Files (x86)>\Onshi\onshi-shell.yml` and `…\Onshi\onshi-receiver.yml` (push-exchanger's
 * `<Program Files (x86)>\push-exchanger\config.yml` is found in its folder), then `<Program Files (x86)>/<tool>/` and
 * its `config/` subfolder (and all of it under `Program Files`, in case a 64-bit installer put them there).
 * A path may be a YAML file or a folder; in a folder only the usual config names are read (CONFIG_FILE_NAMES).
 */
import { realpath, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve, win32 } from 'node:path';
import { LINKAGE_TOOLS, type LinkageIssue, type LinkageSources, type LinkageTool } from './types';

/** Names guessed from the tools' documentation and common practice; `config/` subfolders are searched too. */
export const CONFIG_FILE_NAMES = ['config.yml', 'config.yaml', 'settings.yml', 'settings.yaml'] as const;

export const LINKAGE_PATHS_ENV = 'WEBORCA_CERT_LINKAGE_PATHS';

export interface ConfigCandidate {
  path: string;
  tool: LinkageTool;
  /**
   * Named by someone (a file given on purpose): a missing file or one without certificate settings is reported.
   * Files found by scanning a folder are skipped quietly when they hold no certificate settings.
   */
  named: boolean;
}

interface Entry {
  path: string;
  /** A default location: silently absent on PCs without that tool. */
  isDefault: boolean;
  tool?: LinkageTool;
}

/** The tool a path belongs to, from its folder names (`…/onshi-shell/config.yml` → onshi-shell). */
export function toolOfPath(path: string): LinkageTool {
  const lower = path.toLowerCase().replaceAll('\\', '/');
  return LINKAGE_TOOLS.find((tool) => lower.split('/').includes(tool)) ?? 'other';
}

function programFilesBases(env: NodeJS.ProcessEnv): string[] {
  return [...new Set([env['ProgramFiles(x86)'] || 'C:\\Program Files (x86)', env.ProgramFiles || 'C:\\Program Files'])];
}

export function defaultLinkageDirs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Array<{ tool: LinkageTool; dir: string }> {
  if (platform !== 'win32') return [];
  return programFilesBases(env).flatMap((base) => LINKAGE_TOOLS.map((tool) => ({ tool, dir: win32.join(base, tool) })));
}

/** The config files the vendor's setting samples name (a secondary source): both tools share an `Onshi` folder. */
export function defaultLinkageFiles(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Array<{ tool: LinkageTool; file: string }> {
  if (platform !== 'win32') return [];
  return programFilesBases(env).flatMap((base) => [
    { tool: 'onshi-shell' as const, file: win32.join(base, 'Onshi', 'onshi-shell.yml') },
    { tool: 'onshi-receiver' as const, file: win32.join(base, 'Onshi', 'onshi-receiver.yml') },
  ]);
}

function entries(sources: LinkageSources): Entry[] {
  const explicit = (sources.explicit ?? []).filter((path) => path !== '');
  if (explicit.length > 0) return explicit.map((path) => ({ path: resolve(path), isDefault: false }));
  const fromEnv = (sources.env[LINKAGE_PATHS_ENV] ?? '').split(delimiter).filter((path) => path !== '');
  if (fromEnv.length > 0) return fromEnv.map((path) => ({ path: resolve(path), isDefault: false }));
  return [
    ...sources.configured.filter((path) => isAbsolute(path)).map((path) => ({ path: resolve(path), isDefault: false })),
    ...defaultLinkageFiles(sources.platform, sources.env).map(({ tool, file }) => ({ path: file, isDefault: true, tool })),
    ...defaultLinkageDirs(sources.platform, sources.env).map(({ tool, dir }) => ({ path: dir, isDefault: true, tool })),
  ];
}

async function kind(path: string): Promise<'file' | 'dir' | 'missing' | 'other'> {
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/** The YAML files to read, each once, in a stable order, and the configured paths that do not exist. */
export async function configCandidates(sources: LinkageSources): Promise<{ candidates: ConfigCandidate[]; errors: LinkageIssue[] }> {
  const candidates: ConfigCandidate[] = [];
  const errors: LinkageIssue[] = [];
  const seen = new Set<string>();
  const add = async (path: string, tool: LinkageTool | undefined, named: boolean): Promise<void> => {
    // The same file reached two ways (a symlink, a junction, an 8.3 short name) is one config: planning it twice
    // would make every update fail on its own second write.
    const real = await realpath(path).catch(() => path);
    const key = sources.platform === 'win32' ? real.toLowerCase() : real;
    if (seen.has(key)) return;
    seen.add(key);
    candidates.push({ path, tool: tool ?? toolOfPath(path), named });
  };
  for (const entry of entries(sources)) {
    const found = await kind(entry.path);
    if (found === 'file') {
      // A default file is quiet like a folder's files; a file someone named is reported when unusable.
      await add(entry.path, entry.tool, !entry.isDefault);
    } else if (found === 'dir') {
      for (const dir of [entry.path, join(entry.path, 'config')]) {
        for (const name of CONFIG_FILE_NAMES) {
          if ((await kind(join(dir, name))) === 'file') await add(join(dir, name), entry.tool, false);
        }
      }
    } else if (!entry.isDefault) {
      const params = { config: entry.path };
      errors.push(
        found === 'missing'
          ? { path: entry.path, code: 'CONFIG_NOT_FOUND', key: 'linkage.configNotFound', params }
          : { path: entry.path, code: 'CONFIG_NOT_READABLE', key: 'linkage.notFileOrFolder', params },
      );
    }
  }
  return { candidates, errors };
}
