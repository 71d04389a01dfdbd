/**
 * One writer of the store benchmark (store-throughput.ts), in its own process as a shard is
 * (the `store-writer` task of bench-child). Waits for the common start time, stores `writes`
 * answers with a vote on each, and says how long that took.
 */
import type { AskResult } from '../domain/types.js';
import { openStore } from '../storage/index.js';

export interface WriterArgs {
  dir: string;
  id: string;
  writes: number;
  startAt: number;
}

const result = (question: string): AskResult => ({
  question,
  answer: `An answer to ${question}, quoting a sentence of the article at some length as real answers do.`,
  short_answer: null,
  answerable: true,
  citations: [{ doc: 'article', paragraph: 3, quote: 'A quoted sentence of about the usual length, as answers carry.' }],
  related: [],
  retrieved: [],
  mode: 'extractive',
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
});

export async function writeAnswers(args: WriterArgs): Promise<{ id: string; writes: number; ms: number }> {
  const { store } = await openStore(args.dir);
  while (Date.now() < args.startAt) await new Promise((r) => setTimeout(r, 1));
  const started = performance.now();
  for (let n = 0; n < args.writes; n++) {
    const answer = await store.answers.add(result(`question ${n} of process ${args.id}`), { guildId: args.id, channelId: args.id });
    await store.feedback.vote({ answerId: answer.id, userId: `user-${args.id}`, vote: n % 2 ? 'up' : 'down' });
  }
  const ms = performance.now() - started;
  await store.close();
  return { id: args.id, writes: args.writes, ms: Math.round(ms) };
}
