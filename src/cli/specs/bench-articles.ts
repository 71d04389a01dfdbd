import type { ArticlesMemoryArgs } from '../../bench/articles-memory.js';
import { arg, type CommandSpec } from '../spec.js';

export const benchArticles: CommandSpec<ArticlesMemoryArgs> = {
  name: 'bench-articles',
  summary: 'many servers, one uploaded article each, answering in turn: resident memory (README "Per-article indexes")',
  synopsis: ['[--servers N] [--capacity N] [--rounds N] [--chars N] [--max-rss-mb MB] [--json]'],
  details: 'Builds its own articles (State of the Union addresses). Exit codes: 0 ok; 1 peak resident memory above --max-rss-mb; 2 usage.',
  options: {
    servers: { type: 'string', value: 'N', help: 'servers, each with its own article (default 200)' },
    capacity: { type: 'string', value: 'N', help: 'article indexes kept loaded (default 32, as the bot)' },
    rounds: { type: 'string', value: 'N', help: 'rounds of every server asking once, in turn (default 3)' },
    chars: { type: 'string', value: 'N', help: 'characters per article (default 12000)' },
    'max-rss-mb': { type: 'string', value: 'MB', help: 'peak resident memory that fails the run (default 400)' },
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  defaultLogLevel: 'silent',
  parse(args) {
    arg.noPositionals(args, 'bench-articles');
    return {
      servers: arg.int(args, 'servers', 200),
      capacity: arg.int(args, 'capacity', 32),
      rounds: arg.int(args, 'rounds', 3),
      chars: arg.int(args, 'chars', 12_000, 1000),
      maxRssMb: arg.int(args, 'max-rss-mb', 400),
      json: arg.flag(args, 'json'),
    };
  },
};
