/**
 * config.json (read by config.ts at host start): the extension ids beyond the built-in development id and Firefox
 * add-on id. `install --extension-id/--firefox-id` adds to it, keeping any other key; nothing ever removes ids.
 * The validity rules mirror config.ts (a file it would ignore is "damaged": install refuses to overwrite it).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from '../build-info';
import { writeFileAtomic } from './files';

/** Chrome extension ids: 32 letters a–p (the hex of a key hash shifted into a–p). */
export const EXTENSION_ID_PATTERN = /^[a-p]{32}$/;
/** Firefox add-on ids: email-like or a {GUID} (same rule as caller.ts). */
export const FIREFOX_ID_PATTERN = /^(\{[0-9a-fA-F-]{36}\}|[A-Za-z0-9._+-]{1,80}@[A-Za-z0-9._-]{1,80})$/;

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
  const extensionIds = stringList(record.extensionIds, (id) => EXTENSION_ID_PATTERN.test(id));
  const firefoxAddonIds = stringList(record.firefoxAddonIds, (id) => id.length <= 160);
  if (extensionIds === null || firefoxAddonIds === null) return { ...empty, exists: true, damaged: true, data: record };
  return { path, exists: true, damaged: false, data: record, extensionIds, firefoxAddonIds };
}

/** Absent → []; an array of valid strings → it; anything else → null (damaged). */
function stringList(value: unknown, valid: (item: string) => boolean): string[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  return value.every((item): item is string => typeof item === 'string' && valid(item)) ? value : null;
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
