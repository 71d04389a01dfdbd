import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AnswerRecord, AnswerStore } from '../store.js';

/** A row of `answers` as SQLite returns it. */
export interface AnswerRow {
  id: string;
  created_at: number;
  guild_id: string | null;
  channel_id: string | null;
  question: string;
  answer: string;
  answerable: number;
  citations: string;
  mode: string;
  model: string | null;
  note: string | null;
}

export function answerFromRow(r: AnswerRow): AnswerRecord {
  return {
    id: r.id,
    time: new Date(r.created_at).toISOString(),
    question: r.question,
    answer: r.answer,
    answerable: r.answerable === 1,
    citations: JSON.parse(r.citations) as AnswerRecord['citations'],
    mode: r.mode as AnswerRecord['mode'],
    ...(r.model ? { model: r.model } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(r.guild_id ? { guildId: r.guild_id } : {}),
    ...(r.channel_id ? { channelId: r.channel_id } : {}),
  };
}

/** Inserts an answer record as is (new answers and imported ones); false when the id exists. */
export function insertAnswer(db: Database.Database, r: AnswerRecord): boolean {
  const info = db
    .prepare(
      `INSERT OR IGNORE INTO answers (id, created_at, guild_id, channel_id, question, answer, answerable, citations, mode, model, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.id,
      Date.parse(r.time),
      r.guildId ?? null,
      r.channelId ?? null,
      r.question,
      r.answer,
      r.answerable ? 1 : 0,
      JSON.stringify(r.citations),
      r.mode,
      r.model ?? null,
      r.note ?? null,
    );
  return info.changes === 1;
}

/** 9 random bytes: 12 url-safe characters, short enough for a button's custom id, unique across shards. */
const newId = () => randomBytes(9).toString('base64url');

export function sqliteAnswers(db: Database.Database, now: () => Date): AnswerStore {
  const byId = db.prepare('SELECT * FROM answers WHERE id = ?');
  const prune = db.prepare('DELETE FROM answers WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM feedback WHERE answer_id = answers.id)');
  return {
    async add(result, place = {}) {
      for (;;) {
        const record: AnswerRecord = {
          id: newId(),
          time: now().toISOString(),
          question: result.question,
          answer: result.answer,
          answerable: result.answerable,
          citations: result.citations,
          mode: result.mode,
          ...(result.model ? { model: result.model } : {}),
          ...(result.note ? { note: result.note } : {}),
          ...(place.guildId ? { guildId: place.guildId } : {}),
          ...(place.channelId ? { channelId: place.channelId } : {}),
        };
        if (insertAnswer(db, record)) return record;
      }
    },
    async get(id) {
      const row = byId.get(id) as AnswerRow | undefined;
      return row ? answerFromRow(row) : undefined;
    },
    async prune(before) {
      return prune.run(before.getTime()).changes;
    },
  };
}
