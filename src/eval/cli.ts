/**
 * `footnote eval`: the edge of the eval runner. Takes the parsed command (src/cli/specs/eval.ts
 * parses the arguments), reads files, loads the core only once the input is known to be good,
 * runs the cases, writes the reports and returns 0 (thresholds met) or 1 (a threshold missed).
 * Bad input is thrown as a UserError (the CLI's exit 2). It never calls process.exit.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../domain/errors.js';
import { formatOf } from './cases.js';
import { compareResults, formatComparison, parseComparable, type ComparableResults } from './compare.js';
import { exportFeedbackAsCases, renderDraftsJsonl } from './feedback-export.js';
import { readFeedback, type FeedbackInput } from './feedback-source.js';
import { EvalInputError, renderReports, runEval as runPipeline, type EvalCore, type EvalRun } from './pipeline.js';
import { renderConsole, progressLine } from './reports/console.js';
import type { Threshold } from './thresholds.js';
import type { FeedbackSummary } from './feedback-stats.js';

/** What `footnote eval` was asked to do: the options object its parser builds. */
export type EvalCommand =
  | { kind: 'export-feedback'; file: string; out?: string }
  | {
      kind: 'run';
      questions: string;
      out?: string;
      /** Undefined = take the core's default. */
      concurrency?: number;
      strict: boolean;
      compare?: string;
      /** Run only cases carrying one of these tags (empty = all). */
      tags: string[];
      judge: boolean;
      thresholds: Threshold[];
    };

export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * Either pass the core's parts directly, or `loadCore` to build them lazily (so bad input is
 * reported before any index is loaded).
 */
export interface EvalCliDeps extends Partial<EvalCore> {
  loadCore?: () => Promise<EvalCore>;
  stdout: TextSink;
  stderr: TextSink;
  /** Whether stderr is a terminal: draws the progress bar. */
  isTTY: boolean;
  /** Wall clock for `started_at`; injectable for tests. */
  now?: () => Date;
  /** The bot's votes summed up, when its database is there (report.html then has a feedback section). */
  feedback?: () => Promise<FeedbackSummary | undefined>;
}

class InputError extends Error {}

export async function runEvalCli(command: EvalCommand, deps: EvalCliDeps): Promise<number> {
  try {
    return command.kind === 'export-feedback' ? await exportFeedback(command, deps) : await runEval(command, deps);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new UserError(`eval: ${error.message}`);
  }
}

async function runEval(command: Extract<EvalCommand, { kind: 'run' }>, deps: EvalCliDeps): Promise<number> {
  const source = await readInput(command.questions, 'question set');
  const previous = command.compare === undefined ? undefined : await readComparable(command.compare);
  const invalidLines = (errors: readonly { line: number; message: string }[]) =>
    errors.forEach((e) => deps.stderr.write(`${command.questions}:${e.line}: ${e.message}\n`));
  let run: EvalRun;
  try {
    run = await runPipeline(
      { name: command.questions, source, format: formatOf(command.questions, source) },
      {
        core: () => loadCore(deps),
        surface: 'cli',
        strict: command.strict,
        tags: command.tags,
        judge: command.judge,
        thresholds: command.thresholds,
        onInvalid: invalidLines,
        ...(command.concurrency === undefined ? {} : { concurrency: command.concurrency }),
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.isTTY
          ? {
              onProgress: (p) =>
                deps.stderr.write(`\r${progressLine(p.done, p.total, { id: p.record.case.id, pass: p.record.pass })}\u001b[K`),
            }
          : {}),
      },
    );
  } catch (error) {
    if (!(error instanceof EvalInputError)) throw error;
    invalidLines(error.invalid);
    throw new InputError(error.reason === 'invalid' ? `${error.invalid.length} invalid case(s) and --strict is set` : error.message);
  }
  if (deps.isTTY) deps.stderr.write('\r\u001b[K');
  const { results, outcomes } = run;

  const comparison = previous ? formatComparison(compareResults(previous, results), command.compare) : undefined;
  deps.stdout.write(renderConsole(results, outcomes));
  if (comparison) deps.stdout.write(`\n${comparison}`);
  if (command.out !== undefined) {
    await writeReports(command.out, renderReports(results, comparison, await deps.feedback?.()));
    deps.stdout.write(`\nreports written to ${command.out}/ (results.json, report.md, junit.xml, report.html)\n`);
  }

  const missed = outcomes.filter((o) => !o.ok);
  if (missed.length === 0) return 0;
  deps.stderr.write(`eval: ${missed.length} threshold(s) missed:\n${missed.map((o) => `  ${o.message}\n`).join('')}`);
  return 1;
}

async function exportFeedback(command: Extract<EvalCommand, { kind: 'export-feedback' }>, deps: EvalCliDeps): Promise<number> {
  const { records, errors } = await readFeedbackInput(command.file);
  for (const e of errors) deps.stderr.write(`${command.file}:${e.line}: ${e.message}\n`);
  if (records.length === 0 && errors.length > 0) throw new InputError(`no valid feedback records in ${command.file}`);
  const jsonl = renderDraftsJsonl(exportFeedbackAsCases(records));
  if (command.out === undefined) {
    deps.stdout.write(jsonl);
    return 0;
  }
  await writeReports(command.out, { 'feedback-cases.jsonl': jsonl });
  const drafts = jsonl === '' ? 0 : jsonl.trimEnd().split('\n').length;
  deps.stdout.write(`${drafts} draft case(s) from ${records.length} vote(s) written to ${join(command.out, 'feedback-cases.jsonl')}\n`);
  return 0;
}

async function readFeedbackInput(file: string): Promise<FeedbackInput> {
  try {
    return await readFeedback(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `feedback log not found: ${file}` : `cannot read the feedback in ${file}: ${(error as Error).message}`,
    );
  }
}

async function loadCore(deps: EvalCliDeps): Promise<EvalCore> {
  if (deps.loadCore) {
    try {
      return await deps.loadCore();
    } catch (error) {
      throw new InputError(`could not load the corpus: ${(error as Error).message}`);
    }
  }
  const { ask, describeConfig, paragraphText } = deps;
  if (!ask || !describeConfig || !paragraphText) throw new TypeError('runEvalCli needs loadCore or ask, describeConfig and paragraphText');
  return {
    ask,
    describeConfig,
    paragraphText,
    ...(deps.judge ? { judge: deps.judge } : {}),
  };
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${what} not found: ${file}` : `cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

async function readComparable(file: string): Promise<ComparableResults> {
  const parsed = parseComparable(await readInput(file, '--compare results'));
  if ('error' in parsed) throw new InputError(`--compare ${file}: ${parsed.error}`);
  return parsed;
}

async function writeReports(dir: string, files: Record<string, string>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content, 'utf8');
  } catch (error) {
    throw new InputError(`cannot write to ${dir}: ${(error as Error).message}`);
  }
}
