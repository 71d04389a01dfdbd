/**
 * Several processes writing one footnote database at once, as the shards of the bot do: each
 * stores answers and a vote on each (two transactions, like a question answered and clicked),
 * all starting at the same moment. Reports what each wrote, how long it took, and what the
 * database holds afterwards, so a lost write shows as `stored` below `expected`.
 * `footnote bench-store [--processes 2] [--writes 2000]`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PACKAGE_ROOT } from '../compose/paths.js';
import { openStore, STORE_FILE } from '../storage/index.js';
import { runChildTask, type BenchDirs } from './spawn.js';

export interface StoreThroughput {
  processes: number;
  writesPerProcess: number;
  workers: { id: string; writes: number; ms: number }[];
  stored: { answers: number; votes: number };
  expected: number;
  /** Answers-with-a-vote per second, all processes together, over the slowest one's time. */
  writesPerSecond: number;
}

/** What `footnote bench-store` was asked to do (src/cli/specs/bench-store.ts parses it). */
export interface StoreBenchArgs {
  processes: number;
  writes: number;
}

export async function measureStoreThroughput(
  o: StoreBenchArgs & { dir?: string; inherit?: BenchDirs['inherit'] },
): Promise<StoreThroughput> {
  const dir = o.dir ?? mkdtempSync(path.join(tmpdir(), 'footnote-store-'));
  // Migrate once up front; every writer starts at the same moment, after all have loaded.
  await (await openStore(dir)).store.close();
  const startAt = Date.now() + 3000;
  const env = { PATH: o.inherit?.PATH ?? '', HOME: o.inherit?.HOME ?? '' };
  const workers = await Promise.all(
    Array.from({ length: o.processes }, (_, k) =>
      runChildTask<StoreThroughput['workers'][number]>(
        PACKAGE_ROOT,
        'store-writer',
        { dir, id: String(k), writes: o.writes, startAt },
        env,
      ).then(({ wallMs: _, ...worker }) => worker),
    ),
  );
  const db = new Database(path.join(dir, STORE_FILE), { readonly: true });
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const stored = { answers: count('answers'), votes: count('feedback') };
  db.close();
  const expected = workers.reduce((s, w) => s + w.writes, 0);
  const slowest = Math.max(...workers.map((w) => w.ms));
  return {
    processes: o.processes,
    writesPerProcess: o.writes,
    workers,
    stored,
    expected,
    writesPerSecond: Math.round((expected / slowest) * 1000),
  };
}
