/**
 * `eval` arguments → a plain command object (parsing only; cli.ts acts on it). Every problem is a
 * usage error (exit code 2) with a message naming the flag.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { THRESHOLD_SPECS, parseThreshold, type Threshold } from './thresholds.js';

export type EvalCommand =
  | { kind: 'help' }
  | { kind: 'export-feedback'; file: string; out?: string }
  | {
      kind: 'run';
      questions: string;
      corpus?: string;
      out?: string;
      /** Undefined = take the core's default. */
      concurrency?: number;
      strict: boolean;
      compare?: string;
      /** Run only cases carrying one of these tags (empty = all). */
      tags: string[];
      judge: boolean;
      thresholds: Threshold[];
    }
  | { kind: 'usage-error'; message: string };

const OPTIONS = {
  questions: { type: 'string', short: 'q' },
  corpus: { type: 'string' },
  out: { type: 'string', short: 'o' },
  concurrency: { type: 'string', short: 'c' },
  strict: { type: 'boolean' },
  compare: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'no-judge': { type: 'boolean' },
  'export-feedback': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(THRESHOLD_SPECS.map((spec) => [spec.flag, { type: 'string' }])),
} satisfies ParseArgsConfig['options'];

export const USAGE = `Usage: npm run eval -- --questions FILE [options]
       npm run eval -- --export-feedback FEEDBACK.jsonl [--out DIR]

Runs a question set (JSONL, or YAML when the file ends in .yaml/.yml) through the same core as
the bot and scores every answer.

Options:
  -q, --questions FILE       question set to run (required)
      --corpus DIR           corpus directory (default: the configured one)
  -o, --out DIR              write results.json, report.md, junit.xml and report.html here
  -c, --concurrency N        parallel questions (default: 1 extractive, more with an LLM)
      --strict               stop (exit 2) when any case in the file is invalid
      --tag TAG              run only cases with this tag (repeatable)
      --compare FILE         compare with an earlier results.json
      --no-judge             skip LLM-judged faithfulness even when a judge is configured
      --export-feedback FILE turn the bot's feedback log into draft cases (stdout, or
                             DIR/feedback-cases.jsonl with --out)
  -h, --help                 show this help

Thresholds (the run exits 1 when one is missed):
${THRESHOLD_SPECS.map((s) => `      --${s.flag} ${s.unit === 'ms' ? 'MS' : 'X'}`).join('\n')}
  X is a fraction between 0 and 1.

Exit codes: 0 thresholds met, 1 a threshold missed, 2 usage or input error.
`;

export function parseEvalArgs(argv: readonly string[]): EvalCommand {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const str = (key: string): string | undefined => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  if (values.help === true) return { kind: 'help' };

  const feedback = str('export-feedback');
  if (feedback !== undefined) {
    if (str('questions') !== undefined) return { kind: 'usage-error', message: '--export-feedback and --questions cannot be combined' };
    const out = str('out');
    return { kind: 'export-feedback', file: feedback, ...(out === undefined ? {} : { out }) };
  }

  const questions = str('questions');
  if (questions === undefined || questions.trim() === '') return { kind: 'usage-error', message: 'missing --questions FILE' };

  let concurrency: number | undefined;
  const rawConcurrency = str('concurrency');
  if (rawConcurrency !== undefined) {
    concurrency = Number(rawConcurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      return { kind: 'usage-error', message: `--concurrency expects a whole number from 1 to 64, got "${rawConcurrency}"` };
    }
  }

  const thresholds: Threshold[] = [];
  for (const spec of THRESHOLD_SPECS) {
    const raw = str(spec.flag);
    if (raw === undefined) continue;
    const parsed = parseThreshold(spec, raw);
    if ('error' in parsed) return { kind: 'usage-error', message: parsed.error };
    thresholds.push(parsed);
  }

  const optional = Object.fromEntries(
    (['corpus', 'out', 'compare'] as const).flatMap((key) => (str(key) === undefined ? [] : [[key, str(key) as string]])),
  ) as { corpus?: string; out?: string; compare?: string };
  return {
    kind: 'run',
    questions,
    ...optional,
    ...(concurrency === undefined ? {} : { concurrency }),
    strict: values.strict === true,
    tags: Array.isArray(values.tag) ? values.tag : [],
    judge: values['no-judge'] !== true,
    thresholds,
  };
}
