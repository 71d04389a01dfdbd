import { z } from 'zod';

/** A question about the article; `citations` are the gold paragraph numbers (empty = unanswerable). */
export interface ArticleQuestion {
  id: string;
  question: string;
  citations: number[];
}

/** A question about the speeches; `gold` are the speech ids that answer it. */
export interface SpeechQuestion {
  id: string;
  question: string;
  gold: string[];
  /** A verbatim phrase of every gold speech: proves the gold label against the text. */
  evidence: string;
}

// The article set is the eval format (corpus/*.questions.jsonl); only these fields matter here.
const articleLine = z.object({ id: z.string(), question: z.string().min(1), citations: z.array(z.number().int().positive()).default([]) });
const speechLine = z.object({ id: z.string(), question: z.string().min(1), gold: z.array(z.string()).min(1), evidence: z.string().min(8) });

function parseJsonl<T>(text: string, schema: z.ZodType<T>, source: string): T[] {
  const out: T[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(schema.parse(JSON.parse(line)));
    } catch (error) {
      const why =
        error instanceof z.ZodError ? error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ') : (error as Error).message;
      problems.push(`${source}:${i + 1}: ${why}`);
    }
  });
  if (problems.length) throw new Error(`bad question lines:\n${problems.join('\n')}`);
  if (out.length === 0) throw new Error(`${source} has no questions`);
  return out;
}

export function parseArticleQuestions(text: string, source = 'article questions'): ArticleQuestion[] {
  return parseJsonl(text, articleLine, source);
}

export function parseSpeechQuestions(text: string, source = 'speech questions'): SpeechQuestion[] {
  return parseJsonl(text, speechLine, source);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();

/**
 * Checks every question's evidence against its gold speeches' text and returns the problems
 * (empty when all hold). Gold speeches missing from `texts` are reported too, so a subset that
 * drops a gold speech cannot silently lower hit@5.
 */
export function checkEvidence(questions: readonly SpeechQuestion[], texts: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const q of questions) {
    for (const doc of q.gold) {
      const text = texts.get(doc);
      if (text === undefined) problems.push(`${q.id}: gold speech ${doc} is not in the corpus`);
      else if (!squash(text).includes(squash(q.evidence))) problems.push(`${q.id}: "${q.evidence}" is not in ${doc}`);
    }
  }
  return problems;
}
