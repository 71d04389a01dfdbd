import type { QueryTerm } from '../../src/answer/support.js';

/** A plain question term: its word is its stem, weight 1, no name; `borrowed` from an earlier turn. */
export function queryTerm(word: string, df: number, borrowed = false): QueryTerm {
  return { stem: word, word, weight: 1, proper: false, acronym: false, df, ...(borrowed ? { borrowed: true as const } : {}) };
}
