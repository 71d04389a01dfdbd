import type { StoreBenchArgs } from '../../bench/store-throughput.js';
import { arg, type CommandSpec } from '../spec.js';

export const benchStore: CommandSpec<StoreBenchArgs & { json: boolean }> = {
  name: 'bench-store',
  summary: 'processes writing one answer database at once, as shards do: writes per second, none lost',
  synopsis: ['[--processes N] [--writes N] [--json]'],
  details:
    'Uses a fresh database in a temporary folder. Exit codes: 0 every write stored, 1 a write lost (stored below expected), 2 usage.',
  options: {
    processes: { type: 'string', value: 'N', help: 'writer processes (default 2)' },
    writes: { type: 'string', value: 'N', help: 'answers with a vote each process stores (default 2000)' },
    json: { type: 'boolean', help: 'print the result as JSON' },
  },
  parse(args) {
    arg.noPositionals(args, 'bench-store');
    return { processes: arg.int(args, 'processes', 2, 1, 64), writes: arg.int(args, 'writes', 2000), json: arg.flag(args, 'json') };
  },
};
