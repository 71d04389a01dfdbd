import { UserError } from '../../domain/errors.js';
import type { EvalCommand } from '../../eval/cli.js';
import { THRESHOLD_SPECS, parseThreshold, type Threshold } from '../../eval/thresholds.js';
import { arg, type CommandSpec, type OptionSpec } from '../spec.js';

const thresholdOptions: Record<string, OptionSpec> = Object.fromEntries(
  THRESHOLD_SPECS.map((s) => [
    s.flag,
    { type: 'string', value: s.unit === 'ms' ? 'MS' : 'X', help: `gate: ${s.metric} ${s.kind === 'min' ? '≥' : '≤'} the value` },
  ]),
);

export const evalSpec: CommandSpec<EvalCommand> = {
  name: 'eval',
  summary: 'run a question set through the answering core and score it',
  synopsis: [
    '--questions FILE [--out DIR] [--compare FILE] [--tag TAG]... [--min-… X]...',
    '--export-feedback data/footnote.db|DATA_DIR|FEEDBACK.jsonl [--out DIR]',
  ],
  details: [
    'The question set is JSONL, YAML when the file ends in .yaml/.yml, or a JSON array of cases in a .json file.',
    'X is a fraction between 0 and 1.',
    'Exit codes: 0 every threshold met, 1 a threshold missed, 2 usage or input error.',
  ].join('\n'),
  options: {
    questions: { type: 'string', short: 'q', value: 'FILE', help: 'question set to run (required)' },
    out: { type: 'string', short: 'o', value: 'DIR', help: 'write results.json, report.md, junit.xml and report.html here' },
    concurrency: { type: 'string', short: 'c', value: 'N', help: 'parallel questions (default: 1 extractive, more with an LLM)' },
    strict: { type: 'boolean', help: 'stop (exit 2) when any case in the file is invalid' },
    compare: { type: 'string', value: 'FILE', help: 'compare with an earlier results.json' },
    tag: { type: 'string', multiple: true, value: 'TAG', help: 'run only cases with this tag (repeatable)' },
    'no-judge': { type: 'boolean', help: 'skip LLM-judged faithfulness even when a judge is configured' },
    'export-feedback': {
      type: 'string',
      value: 'FILE',
      help: "turn the bot's votes (its database or DATA_DIR, or an old feedback.jsonl) into draft cases (stdout, or DIR/feedback-cases.jsonl with --out)",
    },
    ...thresholdOptions,
  },
  dirs: { corpus: true, index: true },
  parse(args) {
    arg.noPositionals(args, 'eval');
    const feedback = arg.string(args, 'export-feedback');
    const out = arg.string(args, 'out');
    if (feedback !== undefined) {
      if (arg.string(args, 'questions') !== undefined) throw new UserError('--export-feedback and --questions cannot be combined');
      return { kind: 'export-feedback', file: feedback, ...(out === undefined ? {} : { out }) };
    }
    const questions = arg.string(args, 'questions');
    if (questions === undefined || questions.trim() === '') throw new UserError('eval: missing --questions FILE');
    const concurrency = arg.string(args, 'concurrency') === undefined ? undefined : arg.int(args, 'concurrency', 1, 1, 64);
    const thresholds: Threshold[] = [];
    for (const spec of THRESHOLD_SPECS) {
      const raw = arg.string(args, spec.flag);
      if (raw === undefined) continue;
      const parsed = parseThreshold(spec, raw);
      if ('error' in parsed) throw new UserError(parsed.error);
      thresholds.push(parsed);
    }
    const compare = arg.string(args, 'compare');
    return {
      kind: 'run',
      questions,
      ...(out === undefined ? {} : { out }),
      ...(compare === undefined ? {} : { compare }),
      ...(concurrency === undefined ? {} : { concurrency }),
      strict: arg.flag(args, 'strict'),
      tags: arg.list(args, 'tag'),
      judge: !arg.flag(args, 'no-judge'),
      thresholds,
    };
  },
};
