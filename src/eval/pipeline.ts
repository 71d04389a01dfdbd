/**
 * The one eval pipeline, used by `npm run eval` (cli.ts) and by `/eval` in Discord
 * (src/commands/eval.ts): question set → valid cases → answers → checks → metrics → thresholds
 * → results. Its callers keep only what is theirs: files, arguments and printing for the CLI;
 * uploads, permissions and limits for `/eval`. Same cases and core in, same results out.
 */
import { createHash } from 'node:crypto';
import { parseCases, type CaseError, type CaseFormat } from './cases.js';
import { summarize, summarizeByTag, summarizeFaithfulness } from './metrics.js';
import { renderHtml } from './reports/html.js';
import { buildResults, renderJson, type ResultsJson } from './reports/json.js';
import { renderJunit } from './reports/junit.js';
import { renderMarkdown } from './reports/markdown.js';
import { runCases, type RunProgress } from './runner.js';
import { evaluateThresholds, type Threshold, type ThresholdOutcome } from './thresholds.js';
import { plural } from '../text/plural.js';
import type { AskFn, CaseRecord, EvalCase, EvalConfigInfo, JudgeFn, ParagraphTextFn } from './types.js';
import type { FeedbackSummary } from './feedback-stats.js';

/** What the pipeline needs from the answering core (see core-adapter.ts). */
export interface EvalCore {
  ask: AskFn;
  describeConfig: () => EvalConfigInfo | Promise<EvalConfigInfo>;
  paragraphText: ParagraphTextFn;
  /** Optional LLM faithfulness judge; reported separately, never gated on. */
  judge?: JudgeFn;
}

/**
 * Parallel questions when the caller does not say: extractive answers are CPU-bound in this
 * process (nothing to gain), model calls wait on the network.
 */
export const DEFAULT_CONCURRENCY: Readonly<Record<EvalConfigInfo['mode'], number>> = { extractive: 1, llm: 4 };

/** A question set as its caller got it: a file's name and text. */
export interface QuestionSet {
  name: string;
  source: string;
  format: CaseFormat;
}

/** The question set cannot be run: its bad cases (`invalid`), or how many cases it has (`too-many`). */
export class EvalInputError extends Error {
  constructor(
    message: string,
    readonly reason: 'invalid' | 'empty' | 'too-many',
    readonly invalid: readonly CaseError[] = [],
    readonly cases = 0,
  ) {
    super(message);
    this.name = 'EvalInputError';
  }
}

export interface EvalOptions {
  /** The core, or a loader called only once the question set is known to be good. */
  core: EvalCore | (() => Promise<EvalCore>);
  /** Where the run was started; recorded in results.json. */
  surface: 'cli' | 'discord';
  /** Refuse a set with any invalid case (else they are skipped and listed in the results). */
  strict?: boolean;
  /** Run only cases carrying one of these tags (empty = all). */
  tags?: readonly string[];
  /** Refuse a set with more cases than this. */
  maxCases?: number;
  /** Parallel questions; default DEFAULT_CONCURRENCY of the core's mode. */
  concurrency?: number;
  /** Use the core's judge, when it has one (default true). */
  judge?: boolean;
  thresholds?: readonly Threshold[];
  /** Cases not started by this time (ms since the epoch) are not run, and counted as such. */
  deadline?: number;
  /** Passed to every answer; once aborted, no case starts and the run rejects. */
  signal?: AbortSignal;
  /** Called with the invalid cases of a set that is run anyway (before the core is loaded). */
  onInvalid?: (errors: readonly CaseError[]) => void;
  onProgress?: (progress: RunProgress) => void;
  /** Wall clock for `started_at` and `duration_ms`; injectable for tests. */
  now?: () => Date;
}

export interface EvalRun {
  results: ResultsJson;
  outcomes: ThresholdOutcome[];
  records: CaseRecord[];
  /** Cases left out because the deadline passed first. */
  notRun: number;
}

export async function runEval(set: QuestionSet, options: EvalOptions): Promise<EvalRun> {
  const cases = selectCases(set, options);
  const core = typeof options.core === 'function' ? await options.core() : options.core;
  const info = await core.describeConfig();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY[info.mode];
  const judge = options.judge === false ? undefined : core.judge;
  const now = options.now ?? (() => new Date());
  const { deadline, signal } = options;
  const startedAt = now();

  const ask: AskFn = signal ? (question, o) => core.ask(question, { ...o, signal }) : core.ask;
  const records = await runCases(cases.run, {
    ask,
    paragraphText: core.paragraphText,
    concurrency,
    ...(judge === undefined ? {} : { judge }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(deadline === undefined && !signal
      ? {}
      : { stop: () => signal?.aborted === true || (deadline !== undefined && Date.now() > deadline) }),
  });
  signal?.throwIfAborted();

  const summary = summarize(records);
  const outcomes = evaluateThresholds(summary, options.thresholds ?? []);
  const results = buildResults({
    summary,
    config: {
      ...configOf(info),
      questions: set.name,
      questions_sha256: createHash('sha256').update(set.source).digest('hex'),
      tags: options.tags?.length ? [...options.tags] : null,
      concurrency,
      judge: judge ? (judge.label ?? 'configured') : null,
      started_at: startedAt.toISOString(),
      duration_ms: now().getTime() - startedAt.getTime(),
      surface: options.surface,
      not_run: cases.run.length - records.length,
    },
    byTag: summarizeByTag(records),
    faithfulness: judge ? summarizeFaithfulness(records, judge.label ?? 'configured') : null,
    thresholds: outcomes,
    invalidCases: cases.invalid,
    records,
  });
  return { results, outcomes, records, notRun: cases.run.length - records.length };
}

/** Every report of a run, by file name (names are a contract, see the README). */
export function renderReports(
  results: ResultsJson,
  comparison?: string,
  /** The bot's 👍/👎 votes, when its database is there: a section of report.html. */
  feedback?: FeedbackSummary,
): Record<'results.json' | 'report.md' | 'junit.xml' | 'report.html', string> {
  return {
    'results.json': renderJson(results),
    'report.md': renderMarkdown(results, comparison === undefined ? {} : { comparison }),
    'junit.xml': renderJunit(results),
    'report.html': renderHtml(results, feedback ? { feedback } : {}),
  };
}

function selectCases(set: QuestionSet, options: EvalOptions): { run: EvalCase[]; invalid: CaseError[] } {
  const parsed = parseCases(set.source, set.format);
  const n = parsed.errors.length;
  if (n > 0 && options.strict) throw new EvalInputError(`${set.name} has ${plural(n, 'invalid case')}`, 'invalid', parsed.errors);
  if (n > 0) options.onInvalid?.(parsed.errors);
  const tags = options.tags ?? [];
  const run = tags.length === 0 ? parsed.cases : parsed.cases.filter((c) => c.tags.some((t) => tags.includes(t)));
  if (run.length === 0) {
    throw new EvalInputError(`no valid cases to run in ${set.name}${tags.length > 0 ? ` with tag ${tags.join(' or ')}` : ''}`, 'empty');
  }
  if (options.maxCases !== undefined && run.length > options.maxCases) {
    throw new EvalInputError(`${set.name} has ${run.length} cases; at most ${options.maxCases} may run`, 'too-many', [], run.length);
  }
  return { run, invalid: parsed.errors };
}

/** The core's self-description with snake_case keys (results.json's convention). */
function configOf(info: EvalConfigInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) out[key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
  out.model = info.model ?? null;
  return out;
}
