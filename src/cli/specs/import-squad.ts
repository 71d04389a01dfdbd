import path from 'node:path';
import { UserError } from '../../domain/errors.js';
import { arg, type CommandSpec } from '../spec.js';

export interface ImportSquadOptions {
  file: string;
  out: string;
}

export const importSquad: CommandSpec<ImportSquadOptions> = {
  name: 'import-squad',
  summary: 'turn SQuAD 2.0 JSON into benchmark folders: a corpus and a question set per article',
  synopsis: ['FILE.json --out DIR'],
  details: [
    'Writes DIR/<article>/corpus/<article>.md (one paragraph per context, in order) and DIR/<article>/questions.jsonl',
    '(answers as alternatives of one fact; is_impossible questions as unanswerable cases). Run a set with',
    '`footnote eval --corpus DIR/<article>/corpus --questions DIR/<article>/questions.jsonl`, or put the folders',
    'in bench/quality/ for `footnote quality` and `footnote fit`.',
  ].join('\n'),
  options: { out: { type: 'string', value: 'DIR', help: 'where the benchmark folders go' } },
  parse(args) {
    const [file, ...extra] = args.positionals;
    const out = arg.string(args, 'out');
    if (!file || extra.length > 0) throw new UserError('import-squad takes one SQuAD JSON file.');
    if (!out) throw new UserError('import-squad needs --out DIR.');
    return { file: path.resolve(file), out: path.resolve(out) };
  },
};
