/**
 * The user's settings for the expiry watch and auto-renewal, and how enterprise policy overrides them.
 * Stored in storage.local under `settings`; an administrator's managed storage (Chrome/Edge policy
 * `3rdparty.extensions.<id>`, Firefox `policies.json` `3rdparty.Extensions`) wins key by key, and the options page
 * shows those keys read-only. Every value is validated: a damaged or hostile value falls back to the default.
 */
import * as v from 'valibot';

export const AUTO_RENEW_DAYS_DEFAULT = 60;
/** The bar appears at 90 days; renewing earlier than that is not offered by ORCAMO. */
export const AUTO_RENEW_DAYS_MAX = 90;
export const AUTO_RENEW_DAYS_MIN = 1;

export interface Settings {
  /** Renew by itself (no click) when the bar shows or the watch finds ≤ autoRenewDays left. Off by default. */
  autoRenew: boolean;
  autoRenewDays: number;
  /** Subject O or CN values to watch (e.g. `u00000126`); empty = every identity issued by WebORCA's CA. */
  watchSubjects: string[];
}

export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = { autoRenew: false, autoRenewDays: AUTO_RENEW_DAYS_DEFAULT, watchSubjects: [] };

const subject = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64), v.regex(/^[^\u0000-\u001f,]+$/));

/** One schema per key, so one bad value does not discard the others. */
const FIELD_SCHEMAS = {
  autoRenew: v.boolean(),
  autoRenewDays: v.pipe(v.number(), v.integer(), v.minValue(AUTO_RENEW_DAYS_MIN), v.maxValue(AUTO_RENEW_DAYS_MAX)),
  watchSubjects: v.pipe(v.array(subject), v.maxLength(20)),
} satisfies { [K in SettingKey]: v.GenericSchema<unknown, Settings[K]> };

export const SETTING_KEYS = Object.keys(FIELD_SCHEMAS) as SettingKey[];

/** The valid keys of an untrusted object (storage, policy), each checked on its own. */
export function validSettings(input: unknown): Partial<Settings> {
  if (typeof input !== 'object' || input === null) return {};
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const parsed = v.safeParse(FIELD_SCHEMAS[key], (input as Record<string, unknown>)[key]);
    if (parsed.success) out[key] = parsed.output;
  }
  return out as Partial<Settings>;
}

export interface EffectiveSettings extends Settings {
  /** Keys an administrator has set: the options page shows them read-only. */
  managed: SettingKey[];
}

/** Defaults, then the user's choices, then policy. */
export function effectiveSettings(local: unknown, managed: unknown): EffectiveSettings {
  const policy = validSettings(managed);
  return { ...DEFAULT_SETTINGS, ...validSettings(local), ...policy, managed: Object.keys(policy) as SettingKey[] };
}

/** Parses the options page's comma/space separated subject field. */
export function parseSubjects(text: string): string[] | null {
  const items = text
    .split(/[,、\s]+/u)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  const parsed = v.safeParse(FIELD_SCHEMAS.watchSubjects, [...new Set(items)]);
  return parsed.success ? parsed.output : null;
}

/** Where settings are read from: storage.local, and storage.managed when a policy may apply. */
export interface SettingsStorage {
  local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
  /** Absent, or failing, when no policy applies. */
  managed?: { get(key: null): Promise<Record<string, unknown>> };
}

/** Defaults, then the user's choices, then policy. */
export async function readSettings(storage: SettingsStorage): Promise<EffectiveSettings> {
  const [{ settings }, managed] = await Promise.all([storage.local.get('settings'), storage.managed?.get(null).catch(() => ({})) ?? Promise.resolve({})]);
  return effectiveSettings(settings, managed);
}
