import type { CorpusIndex, TermStats } from '../index/build.js';
import type { Bm25Params } from '../index/lexical.js';
import { stemTerm, stripPossessive, wordTokens } from '../text/tokens.js';
import { fuseRankings, sortByScore } from './fusion.js';

export interface RetrievalSettings {
  /** Candidates taken from each retriever. */
  sentenceCandidates: number;
  paragraphCandidates: number;
  /** Candidates kept for reranking: the best this many of each of the three lists. */
  keep: number;
  bm25: Bm25Params;
}

/**
 * Pool sizes, not quality weights: large enough that the gold paragraph is almost always in the
 * pool (candidate recall is reported by `npm run fit`), small enough for the latency budget.
 */
export const POOL = { sentenceCandidates: 64, paragraphCandidates: 32, keep: 8 } as const;

/** What the retrievers said about one candidate paragraph: the raw inputs of the reranker. */
export interface RetrievedParagraphSignals {
  id: number;
  /** BM25 score (0 when BM25 did not return it). */
  bm25: number;
  /** Cosine of the paragraph vector (the lowest returned when the dense search missed it; candidates read the exact one). */
  denseP: number;
  /** Best cosine of its sentences (likewise). */
  denseS: number;
}

export interface RetrievedCandidates {
  /** Candidate paragraphs, pre-ordered by reciprocal-rank fusion (best first). */
  paragraphs: RetrievedParagraphSignals[];
  /** Dense cosine of each sentence that was a dense hit. */
  sentenceDense: Map<number, number>;
  /** Dense cosine of each paragraph that was a dense hit. */
  paragraphDense: Map<number, number>;
}

/**
 * Hybrid candidate retrieval: HNSW (sentences and paragraphs) and BM25 (paragraphs). The pool is
 * the union of the best `keep` paragraphs of each list (so a paragraph only one retriever likes
 * still gets a hearing), pre-ordered by plain RRF; the answer layer reranks it with the fitted
 * model. `doc` restricts every retriever to one document (multi-document corpora).
 */
export function retrieveCandidates(
  index: CorpusIndex,
  question: string,
  queryVector: ArrayLike<number>,
  settings: RetrievalSettings,
  doc?: string,
): RetrievedCandidates {
  const { units } = index;
  const paragraphOf = (sentence: number) => units.sentences[sentence]!.paragraphId;
  const inDoc = (paragraph: number) => units.paragraphs[paragraph]!.doc === doc;
  const sentenceFilter = doc === undefined ? undefined : (s: number) => inDoc(paragraphOf(s));
  const paragraphFilter = doc === undefined ? undefined : inDoc;
  const denseS = index.sentenceVectors.search(queryVector, settings.sentenceCandidates, sentenceFilter);
  const denseP = index.paragraphVectors.search(queryVector, settings.paragraphCandidates, paragraphFilter);
  const lexP = index.paragraphLexical.query(
    lexicalQuery(question, index.termStats),
    settings.paragraphCandidates,
    paragraphFilter,
    settings.bm25,
  );
  const lists = [denseS.map((h) => paragraphOf(h.label)), denseP.map((h) => h.label), lexP.map((h) => h.id)];
  const pool = new Set(lists.flatMap((ids) => [...new Set(ids)].slice(0, settings.keep)));
  const fused = sortByScore(fuseRankings(lists.map((ids) => ({ ids })))).filter(({ id }) => pool.has(id));

  const bm25 = new Map(lexP.map((h) => [h.id, h.score]));
  const paragraphCos = new Map(denseP.map((h) => [h.label, h.score]));
  const sentenceCos = new Map<number, number>();
  for (const h of denseS) {
    const p = paragraphOf(h.label);
    sentenceCos.set(p, Math.max(sentenceCos.get(p) ?? -1, h.score));
  }
  const floorP = Math.min(...denseP.map((h) => h.score), 1);
  const floorS = Math.min(...denseS.map((h) => h.score), 1);
  return {
    paragraphs: fused.map(({ id }) => ({
      id,
      bm25: bm25.get(id) ?? 0,
      denseP: paragraphCos.get(id) ?? floorP,
      denseS: sentenceCos.get(id) ?? floorS,
    })),
    sentenceDense: new Map(denseS.map((h) => [h.label, h.score])),
    paragraphDense: paragraphCos,
  };
}

/** Corpora smaller than this keep every query word: their document frequencies say little. */
const COMMON_TERM_MIN_PARAGRAPHS = 500;
/** In a large corpus, words in more than this share of paragraphs are left out of BM25. */
const COMMON_TERM_MAX_SHARE = 0.05;

/**
 * The BM25 query: in a large corpus, words found in a large share of its paragraphs ("states" in
 * two centuries of State of the Union speeches) add little to the ranking (their IDF is low)
 * but match tens of thousands of entries, which is most of the cost of a query. A speed
 * measure for large corpora only; the benchmark corpora are far below the size where it acts.
 */
export function lexicalQuery(question: string, stats: TermStats): string {
  if (stats.paragraphs < COMMON_TERM_MIN_PARAGRAPHS) return question;
  const share = (word: string) => (stats.df[stemTerm(stripPossessive(word).replace(/\./g, ''))] ?? 0) / stats.paragraphs;
  const words = wordTokens(question);
  const kept = words.filter((w) => share(w) <= COMMON_TERM_MAX_SHARE);
  if (kept.length > 0) return kept.join(' ');
  // Only common words: keep the rarest, so BM25 still says something.
  const rarest = [...words].sort((a, b) => share(a) - share(b))[0];
  return rarest ?? question;
}
