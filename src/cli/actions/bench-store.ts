import { measureStoreThroughput, type StoreBenchArgs } from '../../bench/store-throughput.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';

export async function benchStore(o: StoreBenchArgs & { json: boolean }, { io }: CommandContext): Promise<Outcome> {
  const r = await measureStoreThroughput({ ...o, inherit: { PATH: io.env.PATH, HOME: io.env.HOME } });
  io.stdout.write(
    o.json
      ? `${JSON.stringify(r)}\n`
      : `bench-store: ${r.processes} processes × ${r.writesPerProcess} answers with a vote: ${r.writesPerSecond} per second together; ` +
          `stored ${r.stored.answers} answers and ${r.stored.votes} votes of ${r.expected}\n`,
  );
  return r.stored.answers === r.expected && r.stored.votes === r.expected ? 'ok' : 'failed';
}
