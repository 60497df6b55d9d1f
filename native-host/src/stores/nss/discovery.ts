/**
 * Finds every NSS database a Linux user's browsers read client certificates from:
 *  - Chrome, Chromium, Edge, Brave: the shared ~/.pki/nssdb (created when absent: those browsers create it lazily);
 *  - snap Chromium: ~/snap/chromium/current/.pki/nssdb;
 *  - Firefox: each profile listed in profiles.ini under ~/.mozilla/firefox and the newer ~/.config/mozilla/firefox,
 *    plus snap (~/snap/firefox/common/.mozilla/firefox) and Flatpak (~/.var/app/org.mozilla.firefox/…) installs.
 * Only SQL databases (cert9.db/key4.db) are used; a legacy DBM profile (cert8.db) is reported, not touched.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { StoreInfo } from '../types';

export interface NssDatabase {
  info: StoreInfo;
  /** Directory holding cert9.db and key4.db. */
  dir: string;
  /** ~/.pki/nssdb may not exist yet: the store creates it with an empty password, as Chrome would. */
  createIfMissing: boolean;
}

export interface SkippedProfile {
  dir: string;
  reason: 'legacy-dbm' | 'missing';
}

export interface Discovery {
  databases: NssDatabase[];
  skipped: SkippedProfile[];
}

const FIREFOX_ROOTS: Array<{ relative: string; label: string }> = [
  { relative: '.mozilla/firefox', label: 'Firefox' },
  { relative: '.config/mozilla/firefox', label: 'Firefox' },
  { relative: 'snap/firefox/common/.mozilla/firefox', label: 'Firefox (snap)' },
  { relative: '.var/app/org.mozilla.firefox/.mozilla/firefox', label: 'Firefox (Flatpak)' },
  { relative: '.var/app/org.mozilla.firefox/config/mozilla/firefox', label: 'Firefox (Flatpak)' },
];

export function discoverNssDatabases(home: string): Discovery {
  const databases: NssDatabase[] = [];
  const skipped: SkippedProfile[] = [];
  const seen = new Set<string>();
  const add = (db: NssDatabase): void => {
    const key = resolve(db.dir);
    if (seen.has(key)) return;
    seen.add(key);
    databases.push(db);
  };

  const chromeDb = join(home, '.pki', 'nssdb');
  add({
    dir: chromeDb,
    createIfMissing: true,
    info: { id: `nss:${chromeDb}`, kind: 'nss', label: 'Chrome / Chromium / Edge / Brave (~/.pki/nssdb)', browsers: ['chrome', 'chromium', 'edge', 'brave'] },
  });
  const snapChromium = join(home, 'snap', 'chromium', 'current', '.pki', 'nssdb');
  if (isSqlDb(snapChromium)) {
    add({ dir: snapChromium, createIfMissing: false, info: { id: `nss:${snapChromium}`, kind: 'nss', label: 'Chromium (snap)', browsers: ['chromium'] } });
  }

  for (const root of FIREFOX_ROOTS) {
    const base = join(home, root.relative);
    for (const profile of firefoxProfiles(base)) {
      if (isSqlDb(profile.dir)) {
        add({
          dir: profile.dir,
          createIfMissing: false,
          info: { id: `nss:${profile.dir}`, kind: 'nss', label: `${root.label} (${profile.name})`, browsers: ['firefox'] },
        });
      } else {
        skipped.push({ dir: profile.dir, reason: existsSync(join(profile.dir, 'cert8.db')) ? 'legacy-dbm' : 'missing' });
      }
    }
  }
  return { databases, skipped };
}

/** Profiles named in `profiles.ini` (sections [ProfileN] with Path= and IsRelative=). */
export function firefoxProfiles(base: string): Array<{ name: string; dir: string }> {
  let text: string;
  try {
    text = readFileSync(join(base, 'profiles.ini'), 'utf8');
  } catch {
    return [];
  }
  const profiles: Array<{ name: string; dir: string }> = [];
  for (const section of parseIni(text)) {
    if (!/^Profile\d+$/i.test(section.name)) continue;
    const path = section.values.get('Path');
    if (!path) continue;
    const relative = section.values.get('IsRelative') !== '0' && !isAbsolute(path);
    profiles.push({ name: section.values.get('Name') ?? path, dir: relative ? join(base, path) : path });
  }
  return profiles;
}

function parseIni(text: string): Array<{ name: string; values: Map<string, string> }> {
  const sections: Array<{ name: string; values: Map<string, string> }> = [];
  let current: { name: string; values: Map<string, string> } | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = { name: header[1]!.trim(), values: new Map() };
      sections.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current.values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return sections;
}

function isSqlDb(dir: string): boolean {
  try {
    return statSync(join(dir, 'cert9.db')).isFile();
  } catch {
    return false;
  }
}
