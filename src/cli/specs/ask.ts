import { UserError } from '../../domain/errors.js';
import { arg, type CommandSpec } from '../spec.js';

export type AskOptions = { kind: 'one'; question: string; json: boolean } | { kind: 'file'; file: string };

export const ask: CommandSpec<AskOptions> = {
  name: 'ask',
  summary: 'answer one question, with citations',
  synopsis: ['[--json] QUESTION...', '--questions FILE.jsonl'],
  details: '--questions reads one {"id","question"} object per line and prints one JSON result per line, in order.',
  options: {
    json: { type: 'boolean', help: 'print the result as one JSON object' },
    questions: { type: 'string', value: 'FILE', help: 'answer every line of a JSONL file (prints JSONL)' },
  },
  dirs: { corpus: true, index: true },
  parse(args) {
    const file = arg.string(args, 'questions');
    if (file !== undefined) {
      if (args.positionals.length) throw new UserError('Give either --questions FILE or a question, not both.');
      return { kind: 'file', file };
    }
    if (args.positionals.length === 0) throw new UserError('Ask a question: the text is empty.\nUsage: footnote ask [--json] QUESTION...');
    return { kind: 'one', question: args.positionals.join(' '), json: arg.flag(args, 'json') };
  },
};
