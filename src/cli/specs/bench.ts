import path from 'node:path';
import type { BenchArgs } from '../../bench/command.js';
import { PRESETS, type Preset } from '../../bench/context.js';
import { arg, type CommandSpec } from '../spec.js';

export const bench: CommandSpec<BenchArgs> = {
  name: 'bench',
  summary: 'measure speed, memory and retrieval quality on two corpora (README "Performance")',
  synopsis: ['[--quick] [--runs N] [--speeches N] [--out DIR] [--keep] [--check]'],
  details: [
    'Builds its own corpora (the shipped article, the State of the Union speeches), so it takes no --corpus.',
    'Prints a table to stdout, progress to stderr, and writes DIR/bench-<time>-<mode>.json and DIR/latest.json.',
    'Exit codes: 0 done, 1 failed (or a target missed with --check), 2 usage.',
  ].join('\n'),
  options: {
    quick: { type: 'boolean', help: 'about a minute: 3 runs per figure, 40 speeches in corpus 2' },
    runs: { type: 'string', value: 'N', help: 'runs per repeated figure (default 5, quick 3)' },
    speeches: { type: 'string', value: 'N', help: 'speeches in corpus 2 (default all 233, quick 40)' },
    out: { type: 'string', value: 'DIR', help: 'where the JSON goes (default ./bench-results)' },
    keep: { type: 'boolean', help: 'keep the temporary corpora and indexes' },
    check: { type: 'boolean', help: 'exit 1 when a target is missed' },
  },
  parse(args) {
    arg.noPositionals(args, 'bench');
    const preset: Preset = { ...(arg.flag(args, 'quick') ? PRESETS.quick : PRESETS.full) };
    if (arg.string(args, 'runs') !== undefined) {
      preset.runs = arg.int(args, 'runs', preset.runs);
      preset.ingestRuns = Math.min(preset.ingestRuns, preset.runs);
    }
    if (arg.string(args, 'speeches') !== undefined) preset.speeches = arg.int(args, 'speeches', preset.speeches);
    if (arg.string(args, 'runs') !== undefined || arg.string(args, 'speeches') !== undefined) preset.name = `${preset.name}-custom`;
    return {
      preset,
      out: path.resolve(arg.string(args, 'out') ?? 'bench-results'),
      keep: arg.flag(args, 'keep'),
      check: arg.flag(args, 'check'),
    };
  },
};
