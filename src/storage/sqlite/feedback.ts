import type Database from 'better-sqlite3';
import type { FeedbackEntry, FeedbackStore, Vote } from '../store.js';
import { answerFromRow, type AnswerRow } from './answers.js';

export interface VoteInput {
  answerId: string;
  userId: string;
  vote: Vote;
  guildId?: string;
  channelId?: string;
}

/**
 * Records a vote, replacing the person's earlier vote on the answer. `at` orders votes: an older
 * vote (an import of an old log) never replaces a newer one. Resolves with the vote it replaced.
 */
export function upsertVote(db: Database.Database, v: VoteInput, at: number): { previous?: Vote } {
  return db
    .transaction(() => {
      const old = db.prepare('SELECT vote, voted_at FROM feedback WHERE answer_id = ? AND user_id = ?').get(v.answerId, v.userId) as
        { vote: Vote; voted_at: number } | undefined;
      if (old && old.voted_at > at) return { previous: old.vote };
      db.prepare(
        `INSERT INTO feedback (answer_id, user_id, vote, voted_at, guild_id, channel_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at,
         guild_id = excluded.guild_id, channel_id = excluded.channel_id`,
      ).run(v.answerId, v.userId, v.vote, at, v.guildId ?? null, v.channelId ?? null);
      return old ? { previous: old.vote } : {};
      // IMMEDIATE: the read and the write see the same state even with another shard writing.
    })
    .immediate();
}

type EntryRow = AnswerRow & { user_id: string; vote: Vote; voted_at: number; vote_guild_id: string | null; vote_channel_id: string | null };

export function sqliteFeedback(db: Database.Database, now: () => Date): FeedbackStore {
  const all = db.prepare(
    `SELECT a.*, f.user_id, f.vote, f.voted_at, f.guild_id AS vote_guild_id, f.channel_id AS vote_channel_id
     FROM feedback f JOIN answers a ON a.id = f.answer_id ORDER BY f.voted_at, f.rowid`,
  );
  return {
    async vote(input) {
      return upsertVote(db, input, now().getTime());
    },
    async entries() {
      return (all.all() as EntryRow[]).map((r): FeedbackEntry => {
        const a = answerFromRow(r);
        return {
          time: new Date(r.voted_at).toISOString(),
          vote: r.vote,
          userId: r.user_id,
          question: a.question,
          answer: a.answer,
          answerable: a.answerable,
          citations: a.citations,
          answerId: a.id,
          mode: a.mode,
          ...(r.vote_guild_id ? { guildId: r.vote_guild_id } : {}),
          ...(r.vote_channel_id ? { channelId: r.vote_channel_id } : {}),
        };
      });
    },
  };
}
