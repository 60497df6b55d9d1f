/**
 * A clinic PC for host tests, without a browser: a temp HOME whose ~/.pki/nssdb (real NSS) holds the clinic's
 * current WebORCA identity (imported with pk12util from the simulator's file, as a vendor once did), the simulator as
 * WebORCA (named in the host's test config, its root trusted by Node through NODE_EXTRA_CA_CERTS), and ways to talk to
 * the built host: native frames (`ask`) and the CLI (`cli`).
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createNssDb, importP12, nssDir } from '../e2e/nss';
import { createTestPki, startSimulator, type IssuedIdentity, type Simulator, type TestPki } from '../simulator/index';
import { runCli, type CliRun } from './cli-process';
import { frame, startHost, writeHostConfig } from './host-process';

const run = promisify(execFile);

export interface HostWorld {
  home: string;
  pki: TestPki;
  sim: Simulator;
  /** The identity in use (in ~/.pki/nssdb), or null for a PC that has none. */
  current: IssuedIdentity | null;
  db: string;
  /** The environment the host runs with (HOME, PATH, NODE_EXTRA_CA_CERTS). */
  env: NodeJS.ProcessEnv;
  /** One host session: the frames in, stdin closed, the replies out (the host must exit 0). */
  ask(requests: object[], extraEnv?: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>>;
  cli(args: string[], stdin?: string, extraEnv?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** Rewrites the host's config.json (default: test setup, the simulator as WebORCA). */
  configure(config: Parameters<typeof writeHostConfig>[1]): void;
  /** An empty Firefox profile's NSS database (listed in profiles.ini), when asked for. */
  firefoxDb: string | null;
  /** Every certificate in an NSS database (default ~/.pki/nssdb), with its trust flags (`u`: NSS holds its key). */
  certificates(dir?: string): Promise<Array<{ nickname: string; trust: string; cert: X509Certificate }>>;
  /** The nicknames of the private keys in ~/.pki/nssdb (`certutil -K`), one per key. */
  keyNicknames(): Promise<string[]>;
  close(): Promise<void>;
}

export interface HostWorldOptions {
  /** Put an identity in use into ~/.pki/nssdb (default true; false: a vendor's first install). */
  withCurrent?: boolean;
  /** Extra roots Node should trust (e.g. a second simulator's). */
  extraRootsPem?: string[];
  /** Also an empty Firefox profile (a second store, where an import lands on a clean database). */
  firefoxProfile?: boolean;
}

export async function createHostWorld(options: HostWorldOptions = {}): Promise<HostWorld> {
  const home = mkdtempSync(join(tmpdir(), 'weborca-host-world-'));
  const pki = await createTestPki();
  const sim = await startSimulator({ pki, requireLogin: false, bannerDelayMs: 0 });
  const db = await createNssDb(home);
  let current: IssuedIdentity | null = null;
  if (options.withCurrent !== false) {
    current = await pki.issueClient({ daysLeft: 60 });
    await importP12(db, current.p12, current.password);
  }
  let firefoxDb: string | null = null;
  if (options.firefoxProfile) {
    const base = join(home, '.mozilla', 'firefox');
    firefoxDb = join(base, 'test.default');
    mkdirSync(firefoxDb, { recursive: true, mode: 0o700 });
    writeFileSync(join(base, 'profiles.ini'), '[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\nPath=test.default\nDefault=1\n');
    await run('certutil', ['-N', '-d', `sql:${firefoxDb}`, '--empty-password']);
  }
  const rootFile = join(home, 'roots.pem');
  writeFileSync(rootFile, [pki.rootCertPem, ...(options.extraRootsPem ?? [])].join(''));
  const configure = (config: Parameters<typeof writeHostConfig>[1]): void => writeHostConfig(home, config);
  configure({ weborcaOrigins: [sim.weborcaOrigin] });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, NODE_EXTRA_CA_CERTS: rootFile, LANG: 'ja_JP.UTF-8' };

  return {
    home,
    pki,
    sim,
    current,
    db,
    firefoxDb,
    env,
    configure,
    async ask(requests, extraEnv = {}) {
      const host = startHost(undefined, { ...env, ...extraEnv });
      for (const request of requests) host.write(frame(request));
      host.end();
      const result = await host.exited(90_000);
      host.cleanup();
      if (result.code !== 0) throw new Error(`host exited ${result.code}: ${result.stderr}`);
      return result.replies;
    },
    cli: (args, stdin = '', extraEnv = {}) => runCli(args, { ...env, ...extraEnv }, stdin),
    async certificates(dir = nssDir(home)) {
      const { stdout } = await run('certutil', ['-L', '-d', `sql:${dir}`]);
      const rows = stdout
        .split('\n')
        .slice(4)
        .map((line) => /^(.*?)\s+([A-Za-z]*,[A-Za-z]*,[A-Za-z]*)\s*$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null);
      const found = new Map<string, { nickname: string; trust: string; cert: X509Certificate }>();
      for (const [, nickname, trust] of rows) {
        const { stdout: pem } = await run('certutil', ['-L', '-d', `sql:${dir}`, '-n', nickname!.trim(), '-a']);
        for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) {
          const cert = new X509Certificate(block);
          found.set(cert.fingerprint256, { nickname: nickname!.trim(), trust: trust!, cert });
        }
      }
      return [...found.values()];
    },
    async keyNicknames() {
      const { stdout } = await run('certutil', ['-K', '-d', `sql:${nssDir(home)}`, '-f', '/dev/null']);
      return [...stdout.matchAll(/^<\s*\d+>\s+\w+\s+[0-9a-f]{40}\s+(.*)$/gm)].map((match) => match[1]!.replace(/^NSS Certificate DB:/, '').trim());
    },
    async close() {
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A serial as Windows shows it (the simulator's serialHex) from a Node X509Certificate. */
export function serialOf(cert: X509Certificate): string {
  return cert.serialNumber.toUpperCase();
}

/**
 * Another client identity of the user that is none of WebORCA's business (a corporate VPN certificate: issued by
 * "Corp VPN CA", clientAuth), imported into the world's NSS database. Returns its certificate.
 */
export async function addCorporateIdentity(world: HostWorld): Promise<X509Certificate> {
  const dir = mkdtempSync(join(tmpdir(), 'weborca-vpn-'));
  try {
    const ext = join(dir, 'ext');
    writeFileSync(ext, 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
    const openssl = (args: string[]) => run('openssl', args, { cwd: dir });
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Corp VPN CA', '-days', '100']);
    await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'vpn.key', '-out', 'vpn.csr', '-subj', '/O=Corp/CN=vpn-user']);
    await openssl([
      'x509',
      '-req',
      '-in',
      'vpn.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'vpn.pem',
      '-days',
      '100',
      '-extfile',
      ext,
    ]);
    await openssl(['pkcs12', '-export', '-inkey', 'vpn.key', '-in', 'vpn.pem', '-out', 'vpn.p12', '-passout', 'pass:vpnpass']);
    await importP12(world.db, readFileSync(join(dir, 'vpn.p12')), 'vpnpass');
    return new X509Certificate(readFileSync(join(dir, 'vpn.pem')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
