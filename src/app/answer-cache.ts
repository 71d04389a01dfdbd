import { LRUCache } from 'lru-cache';
import { normalizeQuestion } from '../domain/question.js';
import type { AskResult } from '../domain/types.js';

/** Default number of answers kept: a few MB at most (an AskResult is a few KB). */
export const DEFAULT_ANSWER_CACHE_SIZE = 1000;

/**
 * The cache key of a question: the core's normalisation (mentions, invisible characters and
 * extra spaces removed), lowercased, with typographic quotes unified, runs of punctuation
 * collapsed to one mark, no spaces around marks and none at either end. "Who is Okafor?!" and
 * "who is  okafor" share an entry; "U.K." and "UK" do not.
 */
export function questionKey(question: string): string {
  return normalizeQuestion(question)
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/(\p{P})\p{P}*/gu, '$1')
    .replace(/\s*(\p{P})\s*/gu, '$1')
    .replace(/^\p{P}+|\p{P}+$/gu, '');
}

/** What a cached answer depends on besides the question. */
export interface AnswerContext {
  /** Changes whenever the index does (manifest build id, or the corpus hash). */
  version: string;
  /** 'extractive', or 'llm:<model>'. */
  mode: string;
}

/** A bounded LRU of answers that never hands out an object it keeps. */
export interface AnswerCache {
  /** A private copy of the answer to `question` (already normalised), with fresh timings; or undefined. */
  get(question: string, context: AnswerContext, elapsedMs?: () => number): AskResult | undefined;
  /** Stores a private copy of `result`. */
  set(question: string, context: AnswerContext, result: AskResult): void;
  clear(): void;
  readonly size: number;
  readonly stats: { hits: number; misses: number };
}

interface Entry {
  /** The normalised question the answer was computed for. */
  question: string;
  result: AskResult;
}

export function createAnswerCache(capacity = DEFAULT_ANSWER_CACHE_SIZE): AnswerCache {
  // lru-cache needs room for one entry at least; capacity 0 (ANSWER_CACHE_SIZE=0) stores nothing.
  const entries = new LRUCache<string, Entry>({ max: Math.max(1, capacity) });
  const stats = { hits: 0, misses: 0 };
  const keyOf = (question: string, c: AnswerContext) => `${c.version}\u0000${c.mode}\u0000${questionKey(question)}`;

  return {
    get(question, context, elapsedMs) {
      const key = keyOf(question, context);
      // peek: only an entry that is handed out counts as recently used.
      const entry = entries.peek(key);
      // A decline quotes the question ("None of its paragraphs answers “…”"), so it is only
      // reused for the same wording; an answer is reused for any variant of the key.
      if (!entry || (!entry.result.answerable && entry.question !== question)) {
        stats.misses++;
        return undefined;
      }
      entries.get(key);
      stats.hits++;
      const result = structuredClone(entry.result);
      result.question = question;
      // Nothing was retrieved or generated, and no tokens were spent for this answer.
      delete result.usage;
      const total = elapsedMs ? Math.round(elapsedMs() * 100) / 100 : 0;
      result.timings = { retrieveMs: 0, answerMs: total, totalMs: total };
      return result;
    },
    set(question, context, result) {
      if (capacity <= 0) return;
      entries.set(keyOf(question, context), { question, result: structuredClone(result) });
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
    stats,
  };
}
