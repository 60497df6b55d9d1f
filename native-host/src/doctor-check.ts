/**
 * One line of `weborca-cert doctor`: what was checked, how it went, and — for every failure and warning — the next
 * step. Shared by doctor.ts and the stores' descriptors, which bring their own checks.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'info';

export interface DoctorCheck {
  id: string;
  status: CheckStatus;
  title: string;
  detail?: string;
  /** The next step, for every fail and warn. */
  fix?: string;
}

/** What a store's checks may read of the machine (reads only: doctor never runs a certificate tool). */
export interface StoreCheckContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** /etc/os-release text (tests); default: read by install-hints. */
  osRelease?: string;
  runtime: { execPath: string; scriptPath?: string | undefined; isSea: boolean };
  /** Absolute path of a tool the store runs, or null. */
  findTool(name: string): string | null;
  /** A path as the user reads it (~ for the home folder). */
  tildify(path: string): string;
}
