import { arg, type CommandSpec } from '../spec.js';

export interface FitCommandOptions {
  quick: boolean;
}

export const fit: CommandSpec<FitCommandOptions> = {
  name: 'fit',
  summary: 'refit every ranking, answer and decline parameter on bench/quality (writes src/params/fitted.json)',
  synopsis: ['[--quick]'],
  details: [
    'Writes src/params/fitted.json (the parameters, with the names and hashes of the data) and bench/quality/fit-report.md',
    '(held-out figures per benchmark, the decline precision/recall curve, the settings searched), and the compiled copy',
    'in dist/params/ when run compiled.',
  ].join('\n'),
  options: { quick: { type: 'boolean', help: 'skip the search over retrieval and matching settings (fit at the current ones)' } },
  parse(args) {
    arg.noPositionals(args, 'fit');
    return { quick: arg.flag(args, 'quick') };
  },
};
