import { createHash } from 'node:crypto';
import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { UserError } from '../domain/errors.js';
import { parseCases, type CaseError, type CaseFormat } from '../eval/cases.js';
import { evalCoreFromFootnote } from '../eval/core-adapter.js';
import { summarize, summarizeByTag } from '../eval/metrics.js';
import { ms, pct, truncate } from '../eval/reports/format.js';
import { renderHtml } from '../eval/reports/html.js';
import { buildResults, renderJson, type ResultsJson } from '../eval/reports/json.js';
import { renderMarkdown } from '../eval/reports/markdown.js';
import { runCases } from '../eval/runner.js';
import { evaluateThresholds, THRESHOLD_SPECS, type ThresholdOutcome } from '../eval/thresholds.js';
import type { AskFn } from '../eval/types.js';
import type { Command, CommandContext, CommandFile, Reply } from './types.js';

/** What one uploaded eval may ask of the bot. */
export interface EvalLimits {
  /** Upload size, checked from the attachment's metadata before anything is downloaded. */
  maxBytes: number;
  maxCases: number;
  /**
   * Cases still waiting when this runs out are reported as not run: Discord lets a deferred
   * reply be edited for 15 minutes, and the results must arrive inside that window.
   */
  timeBudgetMs: number;
}

export const EVAL_LIMITS: EvalLimits = { maxBytes: 256 * 1024, maxCases: 200, timeBudgetMs: 10 * 60_000 };

/** At most one holder per key; `tryAcquire` returns the release function, or undefined when held. */
export interface KeyedLock {
  tryAcquire(key: string): (() => void) | undefined;
}

export function createKeyedLock(): KeyedLock {
  const held = new Set<string>();
  return {
    tryAcquire(key) {
      if (held.has(key)) return undefined;
      held.add(key);
      let released = false;
      return () => {
        if (!released) held.delete(key);
        released = true;
      };
    },
  };
}

export interface EvalCommandDeps {
  /**
   * One eval per guild at a time. Made by whoever builds the command list (once per bot), so the
   * lock lives exactly as long as the bot and two bots in one process (tests) never share it.
   * A guild is always served by one shard, so a lock per process is a lock per guild.
   */
  locks: KeyedLock;
  limits?: Partial<EvalLimits>;
}

// By name first; a name without a known extension may still say what it is through its type.
const EXTENSIONS: Record<string, CaseFormat | 'json'> = { jsonl: 'jsonl', ndjson: 'jsonl', json: 'json', yaml: 'yaml', yml: 'yaml' };
const CONTENT_TYPES: Record<string, CaseFormat | 'json'> = {
  'application/jsonl': 'jsonl',
  'application/x-ndjson': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
  'text/x-yaml': 'yaml',
};

/** The question-set format of an upload, or undefined when it is not one. */
export function uploadFormat(file: Pick<CommandFile, 'name' | 'contentType'>): CaseFormat | 'json' | undefined {
  const ext = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return (ext && EXTENSIONS[ext]) || CONTENT_TYPES[file.contentType?.split(';')[0]?.trim().toLowerCase() ?? ''];
}

/** A `.json` upload is either a JSON array of cases (valid YAML, parsed with line numbers) or JSONL. */
const caseFormat = (format: CaseFormat | 'json', source: string): CaseFormat =>
  format !== 'json' ? format : source.trimStart().startsWith('[') ? 'yaml' : 'jsonl';

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const duration = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);
const NOT_RUN = 'not run: the time budget ran out';
const MAX_LISTED = 5;

export function createEvalCommand(deps: EvalCommandDeps): Command {
  const limits = { ...EVAL_LIMITS, ...deps.limits };
  return {
    definition: {
      name: 'eval',
      description: 'Run an uploaded question set against footnote and get the reports (Manage Server).',
      // Hidden from members without Manage Server by default; the handler checks again (and
      // admits EVAL_ROLE_ID), because server admins can override who sees a command.
      default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      contexts: [InteractionContextType.Guild],
      options: [
        {
          type: ApplicationCommandOptionType.Attachment,
          name: 'file',
          description: `Question set: .jsonl, .json or .yaml, up to ${kb(limits.maxBytes)} and ${limits.maxCases} cases`,
          required: true,
        },
        {
          type: ApplicationCommandOptionType.Number,
          name: 'min_pass_rate',
          description: 'Mark the run as failed below this pass rate (0 to 1)',
          min_value: 0,
          max_value: 1,
        },
        {
          type: ApplicationCommandOptionType.Boolean,
          name: 'public',
          description: 'Post the results in the channel (default: only you see them)',
        },
      ],
    },
    usage: '/eval FILE',
    // The shell has no uploads; `npm run eval` is the terminal's way to run a question set.
    shell: false,
    ephemeral: (options) => options.public !== true,
    // The eval holds one answer slot for its whole run, like one member asking in a row.
    costly: true,
    async handle(ctx, options) {
      const { invoker } = ctx;
      const roleId = ctx.config.discord.evalRoleId;
      if (!invoker.canManageGuild && !(roleId && invoker.roleIds.includes(roleId))) {
        throw new UserError(`Running an eval needs the Manage Server permission${roleId ? ' or the eval role' : ''}.`);
      }
      if (!invoker.guildId) throw new UserError('/eval runs in a server, not in direct messages.');
      const file = options.file;
      if (typeof file !== 'object') throw new UserError('Attach a question set as the file option.');
      const format = uploadFormat(file);
      if (!format) {
        throw new UserError(
          `${file.name}${file.contentType ? ` (${file.contentType})` : ''} is not a question set: upload a .jsonl file (one JSON case a line), a .json array or a .yaml list.`,
        );
      }
      if (file.size > limits.maxBytes) {
        throw new UserError(
          `${file.name} is ${kb(file.size)}; an uploaded question set may be at most ${kb(limits.maxBytes)}. Split it, or run big sets with npm run eval.`,
        );
      }
      const release = deps.locks.tryAcquire(invoker.guildId);
      if (!release) throw new UserError('An eval is already running in this server; try again when it has finished.');
      try {
        return await runUpload(ctx, file, format, typeof options.min_pass_rate === 'number' ? options.min_pass_rate : undefined, limits);
      } finally {
        release();
      }
    },
  };
}

async function runUpload(
  ctx: CommandContext,
  file: CommandFile,
  format: CaseFormat | 'json',
  minPassRate: number | undefined,
  limits: EvalLimits,
): Promise<Reply> {
  const source = await file.read();
  if (Buffer.byteLength(source) > limits.maxBytes) throw new UserError(`${file.name} is larger than ${kb(limits.maxBytes)}.`);
  if (source.includes('\u0000')) throw new UserError(`${file.name} is not a text file.`);
  const parsed = parseCases(source, caseFormat(format, source));
  // Strict, unlike the CLI's default: a run here is slow and locks the server's eval, and a
  // silently shorter set would not compare with earlier runs. The fix is one upload away.
  if (parsed.errors.length > 0) throw new UserError(invalidCasesText(file.name, parsed.errors));
  if (parsed.cases.length === 0) throw new UserError(`${file.name} has no cases.`);
  if (parsed.cases.length > limits.maxCases) {
    throw new UserError(
      `${file.name} has ${parsed.cases.length} cases; /eval runs at most ${limits.maxCases}. Split the set, or run it whole with npm run eval.`,
    );
  }

  const core = evalCoreFromFootnote(ctx.footnote);
  const info = ctx.footnote.info();
  const startedAt = new Date();
  const deadline = Date.now() + limits.timeBudgetMs;
  const signal = ctx.signal;
  // Not ctx.onToken: an eval's answers must not stream into the reply.
  // `fresh`: measure answering, not the answer cache; `doc`: multi-document question sets.
  const ask: AskFn = async (question, options) => {
    if (signal?.aborted || Date.now() > deadline) throw new Error(NOT_RUN);
    return ctx.footnote.ask(question, { fresh: true, ...(signal ? { signal } : {}), ...(options?.doc ? { doc: options.doc } : {}) });
  };
  // Extractive answers are CPU-bound (nothing to gain in parallel); model calls wait on I/O, so
  // two at a time halve an LLM run while leaving the other answer slots to members.
  const concurrency = info.mode === 'llm' ? 2 : 1;
  const all = await runCases(parsed.cases, { ask, paragraphText: core.paragraphText, concurrency });
  signal?.throwIfAborted();
  const records = all.filter((r) => r.checks.error !== NOT_RUN);
  const notRun = all.length - records.length;

  const summary = summarize(records);
  const spec = THRESHOLD_SPECS.find((s) => s.metric === 'pass_rate')!;
  const outcomes = minPassRate === undefined ? [] : evaluateThresholds(summary, [{ ...spec, value: minPassRate }]);
  const results = buildResults({
    summary,
    config: {
      mode: info.mode,
      model: info.model ?? null,
      embeddings: info.embeddings,
      corpus_hash: info.corpusHash,
      documents: info.counts.documents,
      paragraphs: info.counts.paragraphs,
      questions: file.name,
      questions_sha256: createHash('sha256').update(source).digest('hex'),
      tags: null,
      concurrency,
      judge: null,
      started_at: startedAt.toISOString(),
      duration_ms: Date.now() - startedAt.getTime(),
      surface: 'discord',
      not_run: notRun,
    },
    byTag: summarizeByTag(records),
    faithfulness: null,
    thresholds: outcomes,
    invalidCases: [],
    records,
  });
  ctx.log.info({ cases: records.length, notRun, passRate: summary.pass_rate, ms: results.config.duration_ms }, 'eval finished');
  return {
    kind: 'text',
    text: summaryText(file.name, results, outcomes, { notRun, budgetMs: limits.timeBudgetMs }),
    files: [
      { name: 'report.md', content: renderMarkdown(results) },
      { name: 'report.html', content: renderHtml(results) },
      { name: 'results.json', content: renderJson(results) },
    ],
  };
}

/** The refusal for a file with bad cases: each bad line with its reason (the first few). */
export function invalidCasesText(name: string, errors: readonly CaseError[], max = 10): string {
  const lines = errors.slice(0, max).map((e) => `• line ${e.line}: ${truncate(e.message, 140)}`);
  if (errors.length > max) lines.push(`• … and ${errors.length - max} more`);
  return [
    `${name} has ${plural(errors.length, 'invalid case')}, so nothing was run:`,
    ...lines,
    'Fix them and upload the file again.',
  ].join('\n');
}

/** The reply: headline numbers and the first failures; the attached reports have the rest. */
export function summaryText(
  name: string,
  results: ResultsJson,
  outcomes: readonly ThresholdOutcome[],
  run: { notRun: number; budgetMs: number },
): string {
  const s = results.summary;
  const seconds = (Number(results.config.duration_ms) / 1000).toFixed(1);
  const lines = [
    `Eval of ${name}: ${s.passed}/${s.cases} passed (${pct(s.pass_rate)}) in ${seconds} s, ${String(results.config.mode)} mode.`,
    `pass rate ${pct(s.pass_rate)} · fact accuracy ${pct(s.fact_accuracy)} · hit@1 ${pct(s.hit_at_1)} · decline accuracy ${pct(s.decline_accuracy)} · latency p95 ${ms(s.latency_p95_ms)}`,
  ];
  for (const o of outcomes) lines.push(`min pass rate ${o.threshold.value}: ${o.ok ? 'met' : 'MISSED'}`);
  if (run.notRun > 0) lines.push(`Not run: ${plural(run.notRun, 'case')} (the time budget of ${duration(run.budgetMs)} ran out).`);
  const failed = results.cases.filter((c) => !c.pass);
  if (failed.length > 0) {
    lines.push(`Failed (${failed.length}):`);
    for (const c of failed.slice(0, MAX_LISTED)) lines.push(`• ${truncate(c.id, 40)}: ${truncate(failureOf(c), 150)}`);
    if (failed.length > MAX_LISTED) lines.push(`• … and ${failed.length - MAX_LISTED} more in report.md`);
  }
  lines.push('Reports attached: report.md, report.html (opens offline), results.json.');
  return lines.join('\n');
}

const failureOf = (c: ResultsJson['cases'][number]) => (c.checks.error ? `error: ${c.checks.error}` : c.checks.failures.join('; '));
