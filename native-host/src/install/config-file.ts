/**
 * config.json (read by config.ts at host start): the extension ids beyond the built-in development id and Firefox
 * add-on id. `install --extension-id/--firefox-id` adds to it, keeping any other key; nothing ever removes ids.
 * The validity rules mirror config.ts (a file it would ignore is "damaged": install refuses to overwrite it).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from '../build-info';
import { ConfigFile } from '../config';
import { writeFileAtomic } from './files';

export interface ConfigState {
  path: string;
  exists: boolean;
  /** The file exists but config.ts would ignore it (bad JSON, wrong types, an invalid id). */
  damaged: boolean;
  /** The parsed object (every key kept when we rewrite it). */
  data: Record<string, unknown>;
  extensionIds: string[];
  firefoxAddonIds: string[];
}

export function configPath(configDir: string): string {
  return join(configDir, 'config.json');
}

export function readConfigFile(configDir: string): ConfigState {
  const path = configPath(configDir);
  const empty: ConfigState = { path, exists: false, damaged: false, data: {}, extensionIds: [], firefoxAddonIds: [] };
  if (!existsSync(path)) return empty;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ...empty, exists: true, damaged: true };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ...empty, exists: true, damaged: true };
  const record = data as Record<string, unknown>;
  // The same schema the host reads it with: what config.ts would ignore counts as damaged here.
  const parsed = v.safeParse(ConfigFile, record);
  if (!parsed.success) return { ...empty, exists: true, damaged: true, data: record };
  return { path, exists: true, damaged: false, data: record, extensionIds: parsed.output.extensionIds, firefoxAddonIds: parsed.output.firefoxAddonIds };
}

export interface AllowedIds {
  extensionIds: string[];
  firefoxAddonIds: string[];
}

/** What the host will accept (config.ts: built-in ids first, then the configured ones), plus ids being added. */
export function allowedIds(state: ConfigState, added: AllowedIds = { extensionIds: [], firefoxAddonIds: [] }): AllowedIds {
  const usable = state.damaged ? { extensionIds: [], firefoxAddonIds: [] } : state;
  return {
    extensionIds: unique([DEV_EXTENSION_ID, ...usable.extensionIds, ...added.extensionIds]),
    firefoxAddonIds: unique([FIREFOX_ADDON_ID, ...usable.firefoxAddonIds, ...added.firefoxAddonIds]),
  };
}

/** The new config.json text when `added` brings something new; null when the file already has it all. */
export function configWithIds(state: ConfigState, added: AllowedIds): string | null {
  const extensionIds = unique([...state.extensionIds, ...added.extensionIds.filter((id) => id !== DEV_EXTENSION_ID)]);
  const firefoxAddonIds = unique([...state.firefoxAddonIds, ...added.firefoxAddonIds.filter((id) => id !== FIREFOX_ADDON_ID)]);
  if (extensionIds.length === state.extensionIds.length && firefoxAddonIds.length === state.firefoxAddonIds.length) return null;
  return `${JSON.stringify({ ...state.data, extensionIds, firefoxAddonIds }, null, 2)}\n`;
}

export function writeConfig(configDir: string, text: string): void {
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  writeFileAtomic(configPath(configDir), text, 0o600);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
