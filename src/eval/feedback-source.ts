/**
 * Where the bot's 👍/👎 votes come from: footnote's database (the file, or the DATA_DIR holding
 * it) or a JSONL feedback log of an earlier version.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { openExistingStore } from '../storage/index.js';
import type { FeedbackEntry } from '../storage/store.js';
import { parseFeedbackJsonl, type FeedbackRecord } from './feedback-export.js';

const SQLITE_HEADER = 'SQLite format 3\0';

async function isDatabase(file: string): Promise<boolean> {
  const info = await stat(file);
  if (info.isDirectory()) return true;
  // An empty file holds no votes in either form: refused, as `footnote feedback` refuses it,
  // rather than exported as nothing with success.
  if (info.size === 0) throw new Error('the file is empty, neither a footnote database nor a feedback log');
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    await handle.read(buf, 0, buf.length, 0);
    return buf.toString('latin1') === SQLITE_HEADER;
  } finally {
    await handle.close();
  }
}

export interface FeedbackInput {
  records: FeedbackRecord[] | FeedbackEntry[];
  /** Bad lines of a JSONL log. */
  errors: Array<{ line: number; message: string }>;
}

/** The votes in a database (file or DATA_DIR), or the records of a JSONL log. */
export async function readFeedback(file: string): Promise<FeedbackInput> {
  if (!(await isDatabase(file))) return parseFeedbackJsonl(await readFile(file, 'utf8'));
  const store = openExistingStore(file);
  if (!store) throw new Error(`no footnote database in ${file}`);
  try {
    return { records: await store.feedback.entries(), errors: [] };
  } finally {
    await store.close();
  }
}
