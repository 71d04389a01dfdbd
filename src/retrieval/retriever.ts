import type { CorpusIndex, TermStats } from '../index/build.js';
import { stemTerm, stripPossessive, wordTokens } from '../text/tokens.js';
import { fuseRankings, paragraphsBySentence, sortByScore } from './fusion.js';

export interface RetrievalSettings {
  /** Candidates taken from each retriever. */
  sentenceCandidates: number;
  paragraphCandidates: number;
  weights: { denseSentence: number; denseParagraph: number; lexicalParagraph: number };
}

export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  sentenceCandidates: 64,
  paragraphCandidates: 32,
  weights: { denseSentence: 1, denseParagraph: 0.6, lexicalParagraph: 0.8 },
};

export interface RetrievedCandidates {
  /** Paragraph ids with fused scores, best first. */
  paragraphs: { id: number; score: number }[];
  /** Dense cosine of each sentence that was a dense hit. */
  sentenceDense: Map<number, number>;
}

/**
 * Hybrid retrieval: HNSW (sentences and paragraphs) fused with BM25 (paragraphs).
 * `doc` restricts every retriever to one document (multi-document corpora).
 */
export function retrieveCandidates(
  index: CorpusIndex,
  question: string,
  queryVector: ArrayLike<number>,
  settings = DEFAULT_RETRIEVAL,
  doc?: string,
): RetrievedCandidates {
  const { units } = index;
  const paragraphOf = (sentence: number) => units.sentences[sentence]!.paragraphId;
  const inDoc = (paragraph: number) => units.paragraphs[paragraph]!.doc === doc;
  const sentenceFilter = doc === undefined ? undefined : (s: number) => inDoc(paragraphOf(s));
  const paragraphFilter = doc === undefined ? undefined : inDoc;
  const denseS = index.sentenceVectors.search(queryVector, settings.sentenceCandidates, sentenceFilter);
  const denseP = index.paragraphVectors.search(queryVector, settings.paragraphCandidates, paragraphFilter);
  const lexP = index.paragraphLexical.query(lexicalQuery(question, index.termStats), settings.paragraphCandidates, paragraphFilter);
  const w = settings.weights;
  const fused = fuseRankings([
    { ids: paragraphsBySentence(denseS, paragraphOf), weight: w.denseSentence },
    { ids: denseP.map((h) => h.label), weight: w.denseParagraph },
    { ids: lexP.map((h) => h.id), weight: w.lexicalParagraph },
  ]);
  return {
    paragraphs: sortByScore(fused),
    sentenceDense: new Map(denseS.map((h) => [h.label, h.score])),
  };
}

/** Corpora smaller than this keep every query word: their document frequencies say little. */
const COMMON_TERM_MIN_PARAGRAPHS = 500;
/** In a large corpus, words in more than this share of paragraphs are left out of BM25. */
const COMMON_TERM_MAX_SHARE = 0.05;

/**
 * The BM25 query: in a large corpus, words found in a large share of its paragraphs ("states" in
 * two centuries of State of the Union speeches) add little to the ranking (their IDF is low)
 * but match tens of thousands of entries, which is most of the cost of a query.
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
