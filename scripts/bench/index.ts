/**
 * `npm run bench` (docs/ARCHITECTURE.md: contracts): a benchmark, not a test — it asserts nothing and never fails because a
 * target is missed (that row says met: false). It prints a table and writes dist/bench/results.json, an array of
 * {name, value, unit, reference, ratio, target, met}, each figure next to a reference measured in the same run
 * (ratio = value / reference; lower is better everywhere). A figure that cannot be measured keeps its row, with
 * value null and the reason in its name.
 *
 *   npm run bench [-- --quick] [-- --runs N] [-- --renewals N] [-- --only sizes,pkcs12,host,memory,page,renewal,windows]
 *                 [-- --build | --no-build]
 *
 * --runs N      timed runs per measurement (median reported; default 10, the busy page twice as many; one extra
 *               warm-up run is not counted)
 * --renewals N  whole renewals in Chromium, each in a fresh test world (default 3)
 * --quick       --runs 3 --renewals 1: the same figures, noisier, in about a third of the time
 * --only LIST   only these sections (for working on one figure)
 * --build       rebuild everything first; --no-build never build (default: build what is missing or stale)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from '../../test/e2e/chromium-path';
import { type BuildMode, type BuildReport, benchPaths, prepareBuilds } from './builds';
import { HOST_FIGURES, benchHost } from './host';
import { HOST_MEMORY_FIGURES, benchHostMemory } from './host-memory';
import { type BenchResult, NOT_MEASURED, unmeasured } from './measure';
import { DETECTION_TARGET_MS, PAGE_WORK_FIGURES, benchPageWork } from './page-work';
import { benchPkcs12 } from './pkcs12';
import { RENEWAL_FIGURE, benchRenewal } from './renewal';
import { CONTENT_SCRIPT_TARGET_BYTES, SIZE_FIGURES, benchSizes } from './sizes';
import { WINDOWS_FIGURES, WINDOWS_IMPORT_TARGET_MS, benchWindows } from './windows';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SECTIONS = ['sizes', 'pkcs12', 'host', 'memory', 'page', 'renewal', 'windows'] as const;
type SectionId = (typeof SECTIONS)[number];

interface Options {
  runs: number;
  renewals: number;
  build: BuildMode;
  only: Set<SectionId>;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { runs: 10, renewals: 3, build: 'auto', only: new Set(SECTIONS) };
  const count = (value: string | undefined, flag: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a positive integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--runs') options.runs = count(value(), flag);
    else if (flag === '--renewals') options.renewals = count(value(), flag);
    else if (flag === '--quick') Object.assign(options, { runs: 3, renewals: 1 });
    else if (flag === '--build') options.build = 'always';
    else if (flag === '--no-build') options.build = 'never';
    else if (flag === '--only') {
      const names = (value() ?? '').split(',').filter(Boolean);
      const unknown = names.filter((name) => !SECTIONS.includes(name as SectionId));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only wants some of ${SECTIONS.join(',')}`);
      options.only = new Set(names as SectionId[]);
    } else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return options;
}

function fmt(n: number | null, unit: BenchResult['unit'] | null): string {
  if (n === null) return '—';
  if (unit === null) return `${n.toFixed(2)}×`;
  return unit === 'bytes' ? `${n.toLocaleString('en-US')} B` : `${n.toFixed(1)} ms`;
}

function table(results: readonly BenchResult[]): string {
  const header = ['name', 'value', 'reference', 'ratio', 'target', 'met'];
  const rows = results.map((r) => [
    r.name.split(NOT_MEASURED)[0]! + (r.value === null ? ' (not measured, see below)' : ''),
    fmt(r.value, r.unit),
    fmt(r.reference, r.unit),
    fmt(r.ratio, null),
    fmt(r.target, r.unit),
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function versionOf(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return `${command} not found`;
  }
}

interface Section {
  id: SectionId;
  title: string;
  run(): Promise<BenchResult[]> | BenchResult[];
  /** The rows it reports when it cannot run at all: never a silent gap. */
  figures: Array<{ name: string; unit: BenchResult['unit']; target: number | null }>;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.log(line);
  const started = Date.now();
  const chromium = (() => {
    try {
      return versionOf(chromiumPath(), ['--version']);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  })();
  console.log(
    `bench: node ${process.version}, ${versionOf('openssl', ['version'])}, ${chromium}, ${cpus().length} CPU(s); ` +
      `${options.runs} runs per figure (median), ${options.renewals} renewal(s)`,
  );

  const paths = benchPaths(root);
  const builds: BuildReport = prepareBuilds(paths, options.build, log);
  // The e2e harness (used by the renewal) reads its extension folder when loaded: point it at the bench's own build.
  process.env.WEBORCA_EXTENSION_DIR = paths.extensionTest;

  const sections: Section[] = [
    {
      id: 'sizes',
      title: 'sizes',
      run: () => benchSizes(paths, { sea: builds.seaMissing, packages: builds.packagesMissing }, log),
      figures: [
        { name: SIZE_FIGURES.contentWebOrca, unit: 'bytes', target: CONTENT_SCRIPT_TARGET_BYTES },
        { name: SIZE_FIGURES.contentOrcamo, unit: 'bytes', target: null },
        { name: SIZE_FIGURES.worker, unit: 'bytes', target: null },
        { name: SIZE_FIGURES.popup, unit: 'bytes', target: null },
        { name: SIZE_FIGURES.hostBundle, unit: 'bytes', target: null },
      ],
    },
    {
      id: 'pkcs12',
      title: 'inspect vs openssl pkcs12',
      run: () => benchPkcs12(paths.hostBundle, options.runs, log),
      figures: ['inspect CLI (aes)', 'readPkcs12 in-process (aes)', 'inspect CLI (legacy)', 'readPkcs12 in-process (legacy)'].map((name) => ({
        name,
        unit: 'ms' as const,
        target: null,
      })),
    },
    {
      id: 'host',
      title: 'host cold start',
      run: () => benchHost(paths.hostBundle, builds.seaMissing ? null : paths.hostSea, builds.seaMissing, options.runs, log),
      figures: [HOST_FIGURES.bundle, HOST_FIGURES.sea].map((name) => ({ name, unit: 'ms' as const, target: null })),
    },
    {
      id: 'memory',
      title: 'host memory with queued large frames',
      run: () => benchHostMemory(paths.hostBundle, log),
      figures: Object.values(HOST_MEMORY_FIGURES).map((name) => ({ name, unit: 'bytes' as const, target: null })),
    },
    {
      id: 'page',
      title: 'busy WebORCA page in Chromium, with the extension vs without',
      // Twice the runs: a page load is cheap, and this ratio is the noisiest figure.
      run: () => benchPageWork(paths.extensionTest, paths.hostBundle, options.runs * 2, log),
      figures: [
        { name: PAGE_WORK_FIGURES[0]!, unit: 'ms', target: null },
        { name: PAGE_WORK_FIGURES[1]!, unit: 'ms', target: DETECTION_TARGET_MS },
      ],
    },
    {
      id: 'renewal',
      title: 'whole renewal in Chromium',
      run: () => benchRenewal(options.renewals, log),
      figures: [{ name: RENEWAL_FIGURE, unit: 'ms', target: null }],
    },
    {
      id: 'windows',
      title: 'Windows under Wine (scripts/bench/windows.ts: what each figure is measured against)',
      run: () => benchWindows(options.runs, log),
      figures: [
        { name: WINDOWS_FIGURES.import, unit: 'ms', target: WINDOWS_IMPORT_TARGET_MS },
        { name: WINDOWS_FIGURES.firstReply, unit: 'ms', target: null },
      ],
    },
  ];

  const results: BenchResult[] = [];
  let failed = false;
  for (const section of sections.filter((s) => options.only.has(s.id))) {
    console.log(`${section.title}…`);
    try {
      results.push(...(await section.run()));
    } catch (error) {
      failed = true;
      const why = error instanceof Error ? error.message : String(error);
      console.error(`  FAILED: ${why}`);
      results.push(...section.figures.map((figure) => unmeasured(figure.name, figure.unit, why, figure.target)));
    }
  }

  const outDir = join(root, 'dist', 'bench');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'results.json');
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\n${table(results)}\n`);
  console.log('ratio = value / reference; lower is better; met = value ≤ target. References, all from this run:');
  console.log('  inspect/readPkcs12: `openssl pkcs12 -noout` on the same file; host: a bare `node -e` stdin echo;');
  console.log("  host memory: the same host's idle RSS after hello (queued frames: target 1.5 × reference);");
  console.log('  page work: the same busy page in the same Chromium without the extension (target 1.02 × reference);');
  console.log("  detection: the page's own time from inserting the bar to the frame that shows it (target 50 ms);");
  console.log("  renewal: the browser's own start, launch to WebORCA loaded, same profile (target 3000 ms + reference);");
  console.log('  sizes: the node binary (single executable), the files a zip holds (zips).');
  for (const r of results.filter((row) => row.value === null)) {
    const [name, why] = r.name.split(NOT_MEASURED) as [string, string | undefined];
    console.log(`not measured: ${name}: ${why?.replace(/\)$/, '') ?? 'unknown reason'}`);
  }
  const missed = results.filter((r) => r.met === false && r.value !== null).map((r) => r.name);
  if (missed.length) console.log(`targets not met: ${missed.join('; ')}`);
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
