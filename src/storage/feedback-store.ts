import path from 'node:path';
import type { Citation } from '../domain/types.js';
import type { AnswerRecord } from './answer-log.js';
import { jsonlWriter } from './jsonl.js';

/**
 * One 👍/👎 click, as appended to `<dataDir>/feedback.jsonl`. The shape is what
 * `npm run eval -- --export-feedback` reads (src/eval/feedback-export.ts).
 */
export interface FeedbackEntry {
  time: string;
  vote: 'up' | 'down';
  userId: string;
  question: string;
  answer: string;
  answerable: boolean;
  citations: Citation[];
  answerId: string;
  mode: AnswerRecord['mode'];
  guildId?: string;
  channelId?: string;
}

export const FEEDBACK_FILE = 'feedback.jsonl';

/** Append-only: a record is never changed; a later vote by the same person is a new line. */
export interface FeedbackStore {
  record(input: {
    answer: AnswerRecord;
    vote: FeedbackEntry['vote'];
    userId: string;
    guildId?: string;
    channelId?: string;
  }): Promise<FeedbackEntry>;
  flush(): Promise<void>;
}

export function createFeedbackStore(dataDir: string, now: () => Date = () => new Date()): FeedbackStore {
  const writer = jsonlWriter(path.join(dataDir, FEEDBACK_FILE));
  return {
    async record({ answer, vote, userId, guildId, channelId }) {
      const entry: FeedbackEntry = {
        time: now().toISOString(),
        vote,
        userId,
        question: answer.question,
        answer: answer.answer,
        answerable: answer.answerable,
        citations: answer.citations,
        answerId: answer.id,
        mode: answer.mode,
        ...(guildId ? { guildId } : {}),
        ...(channelId ? { channelId } : {}),
      };
      await writer.append(entry);
      return entry;
    },
    flush: () => writer.flush(),
  };
}
