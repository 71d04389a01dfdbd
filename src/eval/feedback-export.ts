/**
 * Turns the bot's 👍/👎 feedback log (append-only JSONL) into draft question cases for review.
 * Votes on the same question (case- and whitespace-insensitive) become one draft; the latest
 * answer's cited paragraphs are proposed as gold; any down-vote tags the draft `needs-review`.
 * Drafts have no `expected` facts — a person writes those — and never carry user ids.
 */
import { z } from 'zod';
import type { FeedbackEntry } from '../storage/store.js';
import type { CaseInput } from './cases.js';

const citationSchema = z.union([
  z.number().int().positive(),
  z.object({ paragraph: z.coerce.number().int().positive(), doc: z.string().optional() }).loose(),
]);

/** A feedback record as the bot appends it; unknown extra keys are kept and ignored. */
export const feedbackRecordSchema = z
  .object({
    time: z.union([z.string(), z.number()]).transform(String),
    userId: z.string().optional(),
    question: z.string().trim().min(1),
    answer: z.string().default(''),
    citations: z.array(citationSchema).default([]),
    vote: z.enum(['up', 'down']),
    answerable: z.boolean().optional(),
  })
  .loose();

export type FeedbackRecord = z.input<typeof feedbackRecordSchema>;
type Parsed = z.output<typeof feedbackRecordSchema>;

/** A draft case: valid input for the question-set schema once reviewed. */
export type DraftCase = CaseInput & { id: string; tags: string[]; citations: number[] };

export function parseFeedbackJsonl(source: string): { records: Parsed[]; errors: Array<{ line: number; message: string }> } {
  const records: Parsed[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  source.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ line: i + 1, message: 'not valid JSON' });
      return;
    }
    const parsed = feedbackRecordSchema.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else errors.push({ line: i + 1, message: parsed.error.issues.map((x) => `${x.path.join('.') || 'record'}: ${x.message}`).join('; ') });
  });
  return { records, errors };
}

/** Records from a JSONL log, or the votes in the database (`store.feedback.entries()`). */
export function exportFeedbackAsCases(records: readonly FeedbackRecord[] | readonly FeedbackEntry[]): DraftCase[] {
  const groups = new Map<string, Parsed[]>();
  for (const raw of records) {
    const parsed = feedbackRecordSchema.safeParse(raw);
    if (!parsed.success) continue;
    const key = questionKey(parsed.data.question);
    groups.set(key, [...(groups.get(key) ?? []), parsed.data]);
  }
  const drafts = [...groups.entries()].map(([key, votes]) => draftOf(key, votes));
  // Down-voted drafts first: they are the ones a reviewer should look at.
  return drafts.sort((a, b) => Number(b.tags.includes('needs-review')) - Number(a.tags.includes('needs-review')));
}

export function renderDraftsJsonl(drafts: readonly DraftCase[]): string {
  return drafts.map((d) => JSON.stringify(d)).join('\n') + (drafts.length > 0 ? '\n' : '');
}

function draftOf(key: string, votes: Parsed[]): DraftCase {
  const latest = [...votes].sort((a, b) => timeOf(a) - timeOf(b)).at(-1) as Parsed;
  const up = votes.filter((v) => v.vote === 'up').length;
  const down = votes.length - up;
  const refs = latest.citations.map((c) =>
    typeof c === 'number' ? { paragraph: c, doc: undefined } : { paragraph: c.paragraph, doc: c.doc },
  );
  const answerable = latest.answerable ?? refs.length > 0;
  const docs = [...new Set(refs.map((r) => r.doc).filter((d): d is string => d !== undefined))];
  const draft: DraftCase = {
    id: `fb-${fnv1a(key)}`,
    question: latest.question.trim(),
    answerable,
    expected: [],
    citations: answerable ? [...new Set(refs.map((r) => r.paragraph))] : [],
    tags: ['feedback', down > 0 ? 'needs-review' : 'upvoted'],
    notes: `${up} up, ${down} down; last vote ${latest.time}${down > 0 && latest.answer ? `; answer under review: ${latest.answer}` : ''}`,
  };
  if (answerable && docs.length === 1) draft.doc = docs[0];
  if (down === 0 && latest.answer) draft.reference_answer = latest.answer;
  return draft;
}

function questionKey(question: string): string {
  return question
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[?!.\s]+$/, '')
    .trim();
}

function timeOf(record: Parsed): number {
  const t = Date.parse(record.time);
  return Number.isNaN(t) ? Number(record.time) || 0 : t;
}

/** FNV-1a, 32 bits, hex: a stable short id so re-exporting does not mint new ids. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
