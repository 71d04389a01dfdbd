/**
 * Reciprocal-rank fusion of several ranked lists of paragraph ids (dense at sentence and
 * paragraph level, lexical at paragraph level). RRF needs no score calibration between retrievers, which
 * matters because BM25 scores and cosine similarities live on unrelated scales.
 */
export interface RankedList {
  /** Paragraph ids, best first (duplicates after the first occurrence are ignored). */
  ids: number[];
  weight: number;
}

export const RRF_K = 10;

export function fuseRankings(lists: RankedList[], k = RRF_K): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    const seen = new Set<number>();
    let rank = 0;
    for (const id of list.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + rank + 1));
      rank++;
    }
  }
  return scores;
}

/** Best-first paragraph ids from sentence hits: a paragraph ranks by its best sentence. */
export function paragraphsBySentence(hits: { label: number }[], paragraphOf: (sentence: number) => number): number[] {
  return hits.map((h) => paragraphOf(h.label));
}

/** Ids sorted by score, best first; ties keep the lower id first for stable output. */
export function sortByScore(scores: Map<number, number>): { id: number; score: number }[] {
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
