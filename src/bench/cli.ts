import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PRESETS, type Preset } from './context.js';
import type { BenchReport } from './report.js';
import { defaultInput, runBench, type BenchInput, type BenchOptions } from './run.js';
import { renderReport } from './table.js';

export const BENCH_USAGE = `Usage: npm run bench -- [options]

  --quick          about a minute: 3 runs per figure, 40 speeches in corpus 2
  --runs N         runs per repeated figure (default 5, quick 3)
  --speeches N     speeches in corpus 2 (default all 233, quick 40)
  --out DIR        where the JSON goes (default bench-results/)
  --keep           keep the temporary corpora and indexes
  --check          exit 1 when a target is missed

Prints a table to stdout, progress to stderr, and writes DIR/bench-<time>-<mode>.json and
DIR/latest.json. Exit codes: 0 done, 1 failed (or a target missed with --check), 2 usage.`;

export interface BenchArgs {
  preset: Preset;
  out: string;
  keep: boolean;
  check: boolean;
}

/** Parses the bench's arguments into a plain object; throws a usage message on bad input. */
export function parseBenchArgs(argv: string[], repo: string): BenchArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      speeches: { type: 'string' },
      out: { type: 'string' },
      keep: { type: 'boolean' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const preset: Preset = { ...(values.quick ? PRESETS.quick : PRESETS.full) };
  const count = (name: string, raw: string | undefined) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  if (values.runs !== undefined) {
    preset.runs = count('runs', values.runs);
    preset.ingestRuns = Math.min(preset.ingestRuns, preset.runs);
  }
  if (values.speeches !== undefined) preset.speeches = count('speeches', values.speeches);
  if (values.runs !== undefined || values.speeches !== undefined) preset.name = `${preset.name}-custom`;
  return { preset, out: path.resolve(repo, values.out ?? 'bench-results'), keep: values.keep === true, check: values.check === true };
}

export interface BenchCliDeps {
  repo: string;
  cacheDir: string;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  now?: () => Date;
  /** Seams for tests: the inputs and the runner. */
  input?: () => Promise<BenchInput>;
  run?: (options: BenchOptions) => Promise<BenchReport>;
}

/** Writes the report as JSON; returns the path of the timestamped file. */
export async function writeReport(report: BenchReport, dir: string, now: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(dir, `bench-${stamp}-${report.mode}.json`);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, json);
  await writeFile(path.join(dir, 'latest.json'), json);
  return file;
}

/** `npm run bench`: parse → run → print → write. Returns the exit code; never exits itself. */
export async function runBenchCli(argv: string[], deps: BenchCliDeps): Promise<number> {
  let args: BenchArgs | 'help';
  try {
    args = parseBenchArgs(argv, deps.repo);
  } catch (error) {
    deps.stderr.write(`${(error as Error).message}\n\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    deps.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  try {
    const input = await (deps.input ?? (() => defaultInput(deps.repo)))();
    const report = await (deps.run ?? runBench)({
      dirs: { repo: deps.repo, cacheDir: deps.cacheDir },
      preset: args.preset,
      input,
      keepWork: args.keep,
      progress: (line) => deps.stderr.write(`bench: ${line}\n`),
    });
    deps.stdout.write(`${renderReport(report)}\n`);
    const file = await writeReport(report, args.out, (deps.now ?? (() => new Date()))());
    deps.stdout.write(`\nJSON: ${path.relative(deps.repo, file)}\n`);
    return args.check && report.figures.some((f) => f.met === false) ? 1 : 0;
  } catch (error) {
    deps.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
