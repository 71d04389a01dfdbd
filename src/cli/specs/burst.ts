import { UserError } from '../../domain/errors.js';
import { arg, type CommandSpec } from '../spec.js';

export interface BurstOptions {
  interactions: number;
  users: number;
  overMs: number;
  shards: number;
  /** Run the bot in this process (as the tests do) instead of its own. */
  inProcess: boolean;
  /** Repeat the corpus's own questions (the answer cache helps) instead of unique ones. */
  cached: boolean;
  json: boolean;
}

export const burst: CommandSpec<BurstOptions> = {
  name: 'burst',
  summary: 'a burst of /ask through a loopback fake Discord into the real bot',
  synopsis: ['[--interactions N] [--users N] [--over-ms MS] [--shards N] [--in-process] [--cached] [--json]'],
  details: [
    'Reports acknowledgement time (Discord allows 3 s), time to the reply and how each interaction ended.',
    'Exit codes: 0 every interaction acknowledged within 3 s and answered exactly once; 1 otherwise, or when the bot logged an error; 2 usage.',
  ].join('\n'),
  options: {
    interactions: { type: 'string', value: 'N', help: '/ask interactions to send (default 500)' },
    users: { type: 'string', value: 'N', help: 'distinct users sending them (default 100)' },
    'over-ms': { type: 'string', value: 'MS', help: 'spread the burst over this long (default 3000)' },
    shards: { type: 'string', value: 'N', help: 'serve N guilds, one per shard (DISCORD_SHARDS=N; default 1)' },
    'in-process': { type: 'boolean', help: 'run the bot in this process instead of its own' },
    cached: { type: 'boolean', help: "repeat the corpus's questions instead of making each unique" },
    json: { type: 'boolean', help: 'print the report as JSON' },
  },
  dirs: { corpus: true },
  parse(args) {
    arg.noPositionals(args, 'burst');
    const options = {
      interactions: arg.int(args, 'interactions', 500),
      users: arg.int(args, 'users', 100),
      overMs: arg.int(args, 'over-ms', 3000, 0),
      shards: arg.int(args, 'shards', 1),
      inProcess: arg.flag(args, 'in-process'),
      cached: arg.flag(args, 'cached'),
      json: arg.flag(args, 'json'),
    };
    if (options.inProcess && options.shards > 1) throw new UserError('--shards needs the bot in its own process (drop --in-process)');
    return options;
  },
};
