/**
 * Reciprocal-rank fusion (Cormack, Clarke and Büttcher, 2009) of ranked lists of paragraph ids,
 * with the paper's constant k = 60 and equal weights. It only pre-orders the candidate pool
 * before the fitted reranker sees it, so it needs no tuning: RRF needs no score calibration
 * between retrievers, whose scores (BM25, cosine) live on unrelated scales.
 */
export interface RankedList {
  /** Paragraph ids, best first (duplicates after the first occurrence are ignored). */
  ids: number[];
  weight?: number;
}

export const RRF_K = 60;

export function fuseRankings(lists: RankedList[], k = RRF_K): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    const seen = new Set<number>();
    let rank = 0;
    for (const id of list.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + (list.weight ?? 1) / (k + rank + 1));
      rank++;
    }
  }
  return scores;
}

/** Ids sorted by score, best first; ties keep the lower id first for stable output. */
export function sortByScore(scores: Map<number, number>): { id: number; score: number }[] {
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || a.id - b.id);
}
