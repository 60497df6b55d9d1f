/**
 * The host's per-user settings: which extension ids may talk to it beyond the built-in development id, other WebORCA
 * origins an administrator allows, where the online-eligibility linkage tools keep their configs (`linkageConfigs`,
 * experimental), and whether this is a test world (`testSetup`).
 * Written by `weborca-cert install`; a damaged file is ignored (the built-in ids still work), never fatal.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import * as v from 'valibot';
import { DEV_EXTENSION_ID, FIREFOX_ADDON_ID } from './build-info';
import { EXTENSION_ID_PATTERN } from './ids';

/** config.json's schema; other keys are allowed and kept (install rewrites the file without losing them). */
export const ConfigFile = v.object({
  extensionIds: v.optional(v.array(v.pipe(v.string(), v.regex(EXTENSION_ID_PATTERN))), []),
  firefoxAddonIds: v.optional(v.array(v.pipe(v.string(), v.maxLength(160))), []),
  /** Other WebORCA deployments (https origins) the host may verify logins against. */
  extraOrigins: v.optional(v.array(v.pipe(v.string(), v.regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/))), []),
  /**
   * Linkage-tool config files or folders (absolute paths, no globs) besides the Windows defaults. A wrong value here
   * is ignored on its own (fallback) rather than making the whole file, and with it the extension ids, unusable.
   */
  linkageConfigs: v.fallback(v.optional(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))), []), []),
  /**
   * Written only by the test harnesses (e2e, host tests, `npm start`, the bench): this user's host is part of a test
   * world, so it may reach the loopback simulator (*.localhost). A shipped host never has it, whatever a request says.
   */
  testSetup: v.fallback(v.optional(v.boolean(), false), false),
});

export interface HostConfig {
  extensionIds: string[];
  firefoxAddonIds: string[];
  extraOrigins: string[];
  /** Absolute paths only; relative ones are dropped (they would depend on where the browser started the host). */
  linkageConfigs: string[];
  /** True only when config.json says `"testSetup": true` (see ConfigFile). */
  testSetup: boolean;
}

export function loadConfig(configDir: string): HostConfig {
  let extra: v.InferOutput<typeof ConfigFile> = { extensionIds: [], firefoxAddonIds: [], extraOrigins: [], linkageConfigs: [], testSetup: false };
  try {
    const parsed = v.safeParse(ConfigFile, JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')));
    if (parsed.success) extra = parsed.output;
  } catch {
    // Absent or unreadable: built-in ids only.
  }
  return {
    extensionIds: unique([DEV_EXTENSION_ID, ...extra.extensionIds]),
    firefoxAddonIds: unique([FIREFOX_ADDON_ID, ...extra.firefoxAddonIds]),
    extraOrigins: unique(extra.extraOrigins),
    linkageConfigs: unique(extra.linkageConfigs.filter((path) => isAbsolute(path))),
    testSetup: extra.testSetup === true,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
