import type { SoakArgs } from '../../bench/soak.js';
import { UserError } from '../../domain/errors.js';
import { arg, type CommandSpec } from '../spec.js';

export const soak: CommandSpec<SoakArgs> = {
  name: 'soak',
  summary: 'many mixed questions through one core: memory growth and latency',
  synopsis: ['[--questions N] [--warmup N] [--seed N] [--max-growth PCT] [--json]'],
  details:
    'Exit codes: 0 ok; 1 resident memory grew by --max-growth % or more after warm-up, or an ask failed with anything but a user error; 2 usage.',
  options: {
    questions: { type: 'string', value: 'N', help: 'questions to ask (default 20000)' },
    warmup: { type: 'string', value: 'N', help: 'questions before memory is measured (default: a tenth, at least 2000, at most half)' },
    seed: { type: 'string', value: 'N', help: 'the same seed asks the same questions (default 7)' },
    'max-growth': { type: 'string', value: 'PCT', help: 'memory growth that fails the run (default 10)' },
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  dirs: { corpus: true, index: true },
  defaultLogLevel: 'silent',
  parse(args) {
    arg.noPositionals(args, 'soak');
    const questions = arg.int(args, 'questions', 20_000);
    // Long enough to fill the answer cache (1,000) and the word caches before measuring.
    const warmup = arg.int(args, 'warmup', Math.min(Math.floor(questions / 2), Math.max(2000, Math.floor(questions / 10))), 0);
    if (warmup >= questions) throw new UserError(`--warmup (${warmup}) must be smaller than --questions (${questions})`);
    const rawGrowth = arg.string(args, 'max-growth');
    const maxGrowth = rawGrowth === undefined ? 10 : Number(rawGrowth);
    if (!Number.isFinite(maxGrowth) || maxGrowth <= 0) throw new UserError(`--max-growth expects a percentage > 0, got "${rawGrowth}"`);
    return { questions, warmup, seed: arg.int(args, 'seed', 7, 0), maxGrowth, json: arg.flag(args, 'json') };
  },
};
