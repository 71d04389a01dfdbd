import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { AskResult, Citation } from '../domain/types.js';
import { jsonlWriter, readJsonl } from './jsonl.js';

/** An answer as shown to people, kept so feedback and follow-ups can refer to it by id. */
export interface AnswerRecord {
  id: string;
  time: string;
  question: string;
  answer: string;
  answerable: boolean;
  citations: Citation[];
  mode: AskResult['mode'];
  model?: string;
  note?: string;
}

/** Recent answers: bounded in memory, mirrored on disk so ids outlive a restart. */
export interface AnswerLog {
  add(result: AskResult): Promise<AnswerRecord>;
  get(id: string): AnswerRecord | undefined;
  flush(): Promise<void>;
}

export const ANSWER_LOG_FILE = 'answers.jsonl';

const isRecord = (v: unknown): v is AnswerRecord =>
  !!v && typeof v === 'object' && typeof (v as AnswerRecord).id === 'string' && typeof (v as AnswerRecord).question === 'string';

/**
 * Opens `<dataDir>/answers.jsonl`, keeping the newest `max` answers. The file is append-only
 * between compactions; once it holds twice `max` lines it is rewritten with the newest `max`.
 */
export interface AnswerLogOptions {
  max?: number;
  /** File name inside dataDir; default ANSWER_LOG_FILE. One writer per file: compaction rewrites it. */
  file?: string;
  now?: () => Date;
  /** A failed disk write is reported here; the answer is still kept in memory and shown. */
  onWriteError?: (error: unknown) => void;
}

export async function openAnswerLog(
  dataDir: string,
  { max = 2000, file: name = ANSWER_LOG_FILE, now = () => new Date(), onWriteError }: AnswerLogOptions = {},
): Promise<AnswerLog> {
  const file = path.join(dataDir, name);
  const recent = new Map<string, AnswerRecord>();
  const loaded = (await readJsonl(file)).filter(isRecord);
  for (const r of loaded.slice(-max)) recent.set(r.id, r);
  const writer = jsonlWriter(file);
  let lines = loaded.length;
  return {
    async add(result) {
      let id = randomBytes(6).toString('base64url');
      while (recent.has(id)) id = randomBytes(6).toString('base64url');
      const record: AnswerRecord = {
        id,
        time: now().toISOString(),
        question: result.question,
        answer: result.answer,
        answerable: result.answerable,
        citations: result.citations,
        mode: result.mode,
        ...(result.model ? { model: result.model } : {}),
        ...(result.note ? { note: result.note } : {}),
      };
      recent.set(id, record);
      if (recent.size > max) recent.delete(recent.keys().next().value!);
      lines++;
      try {
        if (lines >= 2 * max) {
          lines = recent.size;
          await writer.rewrite([...recent.values()]);
        } else {
          await writer.append(record);
        }
      } catch (error) {
        // Feedback on this answer after a restart is lost; the answer itself must not be.
        if (!onWriteError) throw error;
        onWriteError(error);
      }
      return record;
    },
    get: (id) => recent.get(id),
    flush: () => writer.flush(),
  };
}
