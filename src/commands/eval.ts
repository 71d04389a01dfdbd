import { ApplicationCommandOptionType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { UserError } from '../domain/errors.js';
import { jsonCaseFormat, type CaseError, type CaseFormat } from '../eval/cases.js';
import { evalCoreFromFootnote } from '../eval/core-adapter.js';
import { EvalInputError, renderReports, runEval } from '../eval/pipeline.js';
import { ms, pct, truncate } from '../eval/reports/format.js';
import type { ResultsJson } from '../eval/reports/json.js';
import { THRESHOLD_SPECS, type ThresholdOutcome } from '../eval/thresholds.js';
import { plural } from '../text/plural.js';
import { holdsRole, type Command, type CommandContext, type CommandFile, type Reply } from './types.js';

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

/** A `.json` upload is read as `footnote eval` reads a `.json` file: an array of cases or JSONL. */
const caseFormat = (format: CaseFormat | 'json', source: string): CaseFormat => (format !== 'json' ? format : jsonCaseFormat(source));

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
const duration = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);
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
      if (!invoker.canManageGuild && !holdsRole(invoker, roleId)) {
        throw new UserError(`Running an eval needs the Manage Server permission${roleId ? ' or the eval role' : ''}.`);
      }
      if (!invoker.guildId) throw new UserError('/eval runs in a server, not in direct messages.');
      const file = options.file;
      if (typeof file !== 'object' || !('read' in file)) throw new UserError('Attach a question set as the file option.');
      const format = uploadFormat(file);
      if (!format) {
        throw new UserError(
          `${file.name}${file.contentType ? ` (${file.contentType})` : ''} is not a question set: ` +
            'upload a .jsonl file (one JSON case a line), a .json array or a .yaml list.',
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
  const spec = THRESHOLD_SPECS.find((t) => t.metric === 'pass_rate')!;
  try {
    const { results, outcomes, records, notRun } = await runEval(
      { name: file.name, source, format: caseFormat(format, source) },
      {
        // Not ctx.onToken: an eval's answers must not stream into the reply. No corpus path in
        // the attached results: they leave the server.
        core: evalCoreFromFootnote(ctx.footnote, { corpusDir: false }),
        surface: 'discord',
        // Strict, unlike the CLI's default: a run here is slow and locks the server's eval, and a
        // silently shorter set would not compare with earlier runs. The fix is one upload away.
        strict: true,
        maxCases: limits.maxCases,
        thresholds: minPassRate === undefined ? [] : [{ ...spec, value: minPassRate }],
        deadline: Date.now() + limits.timeBudgetMs,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    );
    ctx.log.info({ cases: records.length, notRun, passRate: results.summary.pass_rate, ms: results.config.duration_ms }, 'eval finished');
    const reports = renderReports(results);
    return {
      kind: 'text',
      text: summaryText(file.name, results, outcomes, { notRun, budgetMs: limits.timeBudgetMs }),
      // junit.xml is for CI systems, which run `npm run eval`.
      files: (['report.md', 'report.html', 'results.json'] as const).map((name) => ({ name, content: reports[name] })),
    };
  } catch (error) {
    if (!(error instanceof EvalInputError)) throw error;
    throw new UserError(refusalText(file.name, error, limits.maxCases));
  }
}

function refusalText(name: string, error: EvalInputError, maxCases: number): string {
  switch (error.reason) {
    case 'invalid':
      return invalidCasesText(name, error.invalid);
    case 'empty':
      return `${name} has no cases.`;
    case 'too-many':
      return `${name} has ${error.cases} cases; /eval runs at most ${maxCases}. Split the set, or run it whole with npm run eval.`;
  }
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
    [
      `pass rate ${pct(s.pass_rate)}`,
      `fact accuracy ${pct(s.fact_accuracy)}`,
      `hit@1 ${pct(s.hit_at_1)}`,
      `decline accuracy ${pct(s.decline_accuracy)}`,
      `latency p95 ${ms(s.latency_p95_ms)}`,
    ].join(' · '),
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
