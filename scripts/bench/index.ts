/**
 * `npm run bench` (DESIGN.md §4, issue 7): a benchmark, not a test — it asserts nothing. It prints a table and writes
 * dist/bench/results.json, an array of {name, value, unit, reference, ratio, target, met}, each figure next to a
 * reference measured in the same run (ratio = value / reference; lower is better everywhere).
 *
 *   npm run bench [-- --runs N] [-- --build | --no-build]
 *
 * --runs N     timed runs per measurement (median reported; default 10, one extra warm-up run is not counted)
 * --build      always `npm run build` first; --no-build never (default: only when dist is missing or stale)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchHost } from './host';
import type { BenchResult } from './measure';
import { benchPkcs12 } from './pkcs12';
import { benchSizes, ensureBuilt, paths } from './sizes';

const root = fileURLToPath(new URL('../..', import.meta.url));

function parseArgs(argv: readonly string[]): { runs: number; build: 'auto' | 'always' | 'never' } {
  let runs = 10;
  let build: 'auto' | 'always' | 'never' = 'auto';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--runs') runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) runs = Number(arg.slice('--runs='.length));
    else if (arg === '--build') build = 'always';
    else if (arg === '--no-build') build = 'never';
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive integer');
  return { runs, build };
}

function fmt(n: number | null, unit: BenchResult['unit'] | null): string {
  if (n === null) return '—';
  if (unit === null) return `${n.toFixed(2)}×`;
  return unit === 'bytes' ? `${n.toLocaleString('en-US')} B` : `${n.toFixed(1)} ms`;
}

function table(results: readonly BenchResult[]): string {
  const header = ['name', 'value', 'reference', 'ratio', 'target', 'met'];
  const rows = results.map((r) => [
    r.name,
    fmt(r.value, r.unit),
    fmt(r.reference, r.unit),
    fmt(r.ratio, null),
    fmt(r.target, r.unit),
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function opensslVersion(): string {
  try {
    return execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'openssl not found';
  }
}

async function main(): Promise<number> {
  const { runs, build } = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.log(line);
  const started = Date.now();
  console.log(`bench: node ${process.version}, ${opensslVersion()}, ${cpus().length} CPU(s), ${runs} runs per figure (median)`);

  if (build !== 'never') ensureBuilt(root, log, build === 'always');
  const { hostBundle } = paths(root);

  const results: BenchResult[] = [];
  let failed = false;
  const sections: Array<[string, () => Promise<BenchResult[]> | BenchResult[]]> = [
    ['inspect vs openssl pkcs12', () => benchPkcs12(hostBundle, runs, log)],
    ['host cold start', () => benchHost(hostBundle, runs, log)],
    ['sizes', () => benchSizes(root, log)],
  ];
  for (const [title, run] of sections) {
    console.log(`${title}…`);
    try {
      results.push(...(await run()));
    } catch (error) {
      failed = true;
      console.error(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const outDir = join(root, 'dist', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'results.json');
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\n${table(results)}\n`);
  console.log('ratio = value / reference (lower is better). References: openssl pkcs12 -noout on the same file;');
  console.log('a bare `node -e` stdin echo for the host; in-process readPkcs12 is set against the openssl process.');
  console.log(`wrote ${outFile} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
