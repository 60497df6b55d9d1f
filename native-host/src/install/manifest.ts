/**
 * The native-messaging host manifests. Every Chrome-family manifest lists ALL allowed extension ids, because Edge
 * (and others) read only the first manifest they find, possibly Chrome's. Firefox lists add-on ids instead.
 */
import * as v from 'valibot';
import { HOST_DESCRIPTION, HOST_NAME } from './context';
import type { ManifestFlavour } from './browsers';

export interface ChromeManifest {
  name: string;
  description: string;
  path: string;
  type: 'stdio';
  allowed_origins: string[];
}

export interface FirefoxManifest {
  name: string;
  description: string;
  path: string;
  type: 'stdio';
  allowed_extensions: string[];
}

export type HostManifest = ChromeManifest | FirefoxManifest;

export function chromeOrigin(extensionId: string): string {
  return `chrome-extension://${extensionId}/`;
}

export function buildManifest(flavour: ManifestFlavour, launcherPath: string, ids: { extensionIds: string[]; firefoxAddonIds: string[] }): HostManifest {
  const base = { name: HOST_NAME, description: HOST_DESCRIPTION, path: launcherPath, type: 'stdio' as const };
  return flavour === 'firefox' ? { ...base, allowed_extensions: [...ids.firefoxAddonIds] } : { ...base, allowed_origins: ids.extensionIds.map(chromeOrigin) };
}

/** The exact bytes we write: stable key order and a final newline, so a rerun can compare byte for byte. */
export function manifestText(manifest: HostManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const ManifestShape = v.object({
  name: v.string(),
  path: v.string(),
  type: v.string(),
  allowed_origins: v.optional(v.array(v.string())),
  allowed_extensions: v.optional(v.array(v.string())),
});

export type ManifestProblem = 'unparsable' | 'name' | 'type' | 'ids';

export interface ManifestReading {
  ok: boolean;
  problems: ManifestProblem[];
  path: string | null;
  /** Allowed ids the manifest lacks (extension ids for Chrome, add-on ids for Firefox). */
  missingIds: string[];
}

/** Checks a manifest's text against what the host needs (for doctor, and to recognise our own file before deleting). */
export function readManifest(text: string, flavour: ManifestFlavour, requiredIds: string[]): ManifestReading {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['unparsable'], path: null, missingIds: [] };
  }
  const parsed = v.safeParse(ManifestShape, data);
  if (!parsed.success) return { ok: false, problems: ['unparsable'], path: null, missingIds: [] };
  const manifest = parsed.output;
  const problems: ManifestProblem[] = [];
  if (manifest.name !== HOST_NAME) problems.push('name');
  if (manifest.type !== 'stdio') problems.push('type');
  const listed = flavour === 'firefox' ? (manifest.allowed_extensions ?? []) : (manifest.allowed_origins ?? []);
  const missingIds = requiredIds.filter((id) => !listed.includes(flavour === 'firefox' ? id : chromeOrigin(id)));
  if (missingIds.length > 0) problems.push('ids');
  return { ok: problems.length === 0, problems, path: manifest.path, missingIds };
}

/** True when the file is a manifest for our host name (the only files uninstall deletes). */
export function isOurManifest(text: string): boolean {
  try {
    const data = JSON.parse(text) as { name?: unknown };
    return data.name === HOST_NAME;
  } catch {
    return false;
  }
}
