/**
 * Linux: the NSS databases Chrome/Chromium (~/.pki/nssdb, snap) and Firefox (every profile, snap and Flatpak too)
 * read client certificates from, written through `certutil` and `pk12util` (libnss3-tools). The store's mechanics
 * are in store.ts; which databases exist, in discovery.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DoctorCheck } from '../../doctor-check';
import { text } from '../../i18n';
import { installHint } from '../../install-hints';
import type { StoreDescriptor } from '../types';
import { discoverNssDatabases } from './discovery';

const TOOLS = ['pk12util', 'certutil'] as const;

export const NSS_STORES: StoreDescriptor = {
  kind: 'nss',
  platform: 'linux',
  tools: TOOLS,
  usable: (found) => TOOLS.every(found),
  doctorChecks(ctx) {
    const checks: DoctorCheck[] = TOOLS.map((tool) => {
      const path = ctx.findTool(tool);
      return path
        ? { id: `tool:${tool}`, status: 'ok', title: text('doctor.tool', { tool, path }) }
        : { id: `tool:${tool}`, status: 'fail', title: text('doctor.nssToolMissing', { tool }), fix: installHint('nss-tools', 'linux', ctx.osRelease) };
    });
    const discovery = discoverNssDatabases(ctx.home);
    for (const db of discovery.databases) {
      const where = ctx.tildify(db.dir);
      const name = db.info.label.includes(where) ? db.info.label : text('doctor.nssNamedAt', { label: db.info.label, path: where });
      checks.push(
        existsSync(join(db.dir, 'cert9.db'))
          ? { id: `nss:${db.dir}`, status: 'ok', title: text('doctor.nssDatabase', { name }) }
          : { id: `nss:${db.dir}`, status: 'info', title: text('doctor.nssDatabaseAbsent', { name }), detail: text('doctor.nssDatabaseAbsentDetail') },
      );
    }
    for (const skipped of discovery.skipped) {
      const path = ctx.tildify(skipped.dir);
      checks.push(
        skipped.reason === 'legacy-dbm'
          ? { id: `nss:${skipped.dir}`, status: 'warn', title: text('doctor.firefoxLegacyDb', { path }), fix: text('doctor.firefoxLegacyDbFix') }
          : { id: `nss:${skipped.dir}`, status: 'warn', title: text('doctor.firefoxNoDb', { path }), fix: text('doctor.firefoxNoDbFix') },
      );
    }
    return checks;
  },
};
