/**
 * One-time import of the JSONL logs earlier versions kept in DATA_DIR: `answers.jsonl` (or one
 * `answers.shard-N.jsonl` per shard) and `feedback.jsonl`. Each file is imported once, recorded
 * in `jsonl_imports`; the files are left in place.
 *
 * The old feedback log has one line per click. The import keeps each person's last vote per
 * answer, as the bot does now, and recreates answers that had already left the capped answer log
 * from the question and answer every feedback line carries.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { readJsonl } from '../jsonl.js';
import { insertAnswer } from './answers.js';
import { upsertVote } from './feedback.js';
import type { AnswerRecord } from '../store.js';

export const FEEDBACK_JSONL = 'feedback.jsonl';
const ANSWER_LOGS = /^answers(\.shard-\d+)?\.jsonl$/;

const citation = z.object({ doc: z.string(), paragraph: z.number().int().positive(), quote: z.string().default('') });
const answerLine = z.object({
  id: z.string().min(1).max(64),
  time: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'not a time'),
  question: z.string(),
  answer: z.string(),
  answerable: z.boolean(),
  citations: z.array(citation).default([]),
  mode: z.enum(['extractive', 'llm']).default('extractive'),
  model: z.string().optional(),
  note: z.string().optional(),
});
const feedbackLine = answerLine.omit({ id: true, model: true, note: true }).extend({
  answerId: z.string().min(1).max(64),
  userId: z.string().min(1),
  vote: z.enum(['up', 'down']),
  guildId: z.string().optional(),
  channelId: z.string().optional(),
});

export interface ImportReport {
  file: string;
  answers: number;
  votes: number;
  /** Lines that were not records of the expected shape. */
  skipped: number;
}

/** Imports every log in `dataDir` not imported before. Safe when several shards start at once. */
export async function importJsonlLogs(db: Database.Database, dataDir: string, now: () => number = Date.now): Promise<ImportReport[]> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    return [];
  }
  // Answers before feedback, so a vote finds the answer's own record when the log still had it.
  const files = [...names.filter((n) => ANSWER_LOGS.test(n)).sort(), ...names.filter((n) => n === FEEDBACK_JSONL)];
  const done = db.prepare('SELECT 1 FROM jsonl_imports WHERE file = ?');
  const reports: ImportReport[] = [];
  for (const file of files) {
    if (done.get(file)) continue;
    const lines = await readJsonl(path.join(dataDir, file));
    const report = db
      .transaction(() => {
        // Another shard may have imported it while this one was reading.
        if (done.get(file)) return undefined;
        const r = file === FEEDBACK_JSONL ? importFeedback(db, lines) : importAnswers(db, lines);
        db.prepare('INSERT INTO jsonl_imports (file, answers, votes, skipped, imported_at) VALUES (?, ?, ?, ?, ?)').run(
          file,
          r.answers,
          r.votes,
          r.skipped,
          now(),
        );
        return { file, ...r };
      })
      .immediate();
    if (report) reports.push(report);
  }
  return reports;
}

type Counts = Omit<ImportReport, 'file'>;

function importAnswers(db: Database.Database, lines: unknown[]): Counts {
  const counts = { answers: 0, votes: 0, skipped: 0 };
  for (const line of lines) {
    const parsed = answerLine.safeParse(line);
    if (!parsed.success) counts.skipped++;
    else if (insertAnswer(db, parsed.data as AnswerRecord)) counts.answers++;
  }
  return counts;
}

function importFeedback(db: Database.Database, lines: unknown[]): Counts {
  const counts = { answers: 0, votes: 0, skipped: 0 };
  for (const line of lines) {
    const parsed = feedbackLine.safeParse(line);
    if (!parsed.success) {
      counts.skipped++;
      continue;
    }
    const f = parsed.data;
    const place = { ...(f.guildId ? { guildId: f.guildId } : {}), ...(f.channelId ? { channelId: f.channelId } : {}) };
    const answer: AnswerRecord = {
      id: f.answerId,
      time: f.time,
      question: f.question,
      answer: f.answer,
      answerable: f.answerable,
      citations: f.citations,
      mode: f.mode,
      ...place,
    };
    if (insertAnswer(db, answer)) counts.answers++;
    const { previous } = upsertVote(db, { answerId: f.answerId, userId: f.userId, vote: f.vote, ...place }, Date.parse(f.time));
    // Counted once per person and answer: later clicks replace the vote.
    if (!previous) counts.votes++;
  }
  return counts;
}
