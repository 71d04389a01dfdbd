import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Preset } from './context.js';
import type { BenchReport } from './report.js';
import { defaultInput, runBench, type BenchInput, type BenchOptions } from './run.js';
import type { BenchDirs } from './spawn.js';
import { renderReport } from './table.js';

/** What `footnote bench` was asked to do (src/cli/specs/bench.ts parses it). */
export interface BenchArgs {
  preset: Preset;
  /** Absolute folder for the JSON reports. */
  out: string;
  keep: boolean;
  check: boolean;
}

export interface BenchCommandDeps {
  dirs: BenchDirs;
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

/** `footnote bench`: run → print → write. A failure throws; a missed target with --check is reported. */
export async function runBenchCommand(args: BenchArgs, deps: BenchCommandDeps): Promise<'ok' | 'threshold-missed'> {
  const input = await (deps.input ?? (() => defaultInput(deps.dirs.repo)))();
  const report = await (deps.run ?? runBench)({
    dirs: deps.dirs,
    preset: args.preset,
    input,
    keepWork: args.keep,
    progress: (line) => deps.stderr.write(`bench: ${line}\n`),
  });
  deps.stdout.write(`${renderReport(report)}\n`);
  const file = await writeReport(report, args.out, (deps.now ?? (() => new Date()))());
  deps.stdout.write(`\nJSON: ${path.relative(process.cwd(), file)}\n`);
  return args.check && report.figures.some((f) => f.met === false) ? 'threshold-missed' : 'ok';
}
