import type { CorpusIndex } from '../index/build.js';
import { fuseRankings, paragraphsBySentence, sortByScore } from './fusion.js';

export interface RetrievalSettings {
  /** Candidates taken from each retriever. */
  sentenceCandidates: number;
  paragraphCandidates: number;
  weights: { denseSentence: number; denseParagraph: number; lexicalSentence: number; lexicalParagraph: number };
}

export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  sentenceCandidates: 64,
  paragraphCandidates: 32,
  weights: { denseSentence: 1, denseParagraph: 0.6, lexicalSentence: 1, lexicalParagraph: 0.8 },
};

export interface RetrievedCandidates {
  /** Paragraph ids with fused scores, best first. */
  paragraphs: { id: number; score: number }[];
  /** Dense cosine of each sentence that was a dense hit. */
  sentenceDense: Map<number, number>;
  /** Normalised (0..1) BM25 score of each sentence that was a lexical hit. */
  sentenceLexical: Map<number, number>;
}

/**
 * Hybrid retrieval: HNSW (sentences and paragraphs) fused with BM25 (sentences and paragraphs).
 * `doc` restricts every retriever to one document (multi-document corpora).
 */
export function retrieveCandidates(index: CorpusIndex, question: string, queryVector: ArrayLike<number>, settings = DEFAULT_RETRIEVAL, doc?: string): RetrievedCandidates {
  const { units } = index;
  const paragraphOf = (sentence: number) => units.sentences[sentence]!.paragraphId;
  const inDoc = (paragraph: number) => units.paragraphs[paragraph]!.doc === doc;
  const sentenceFilter = doc === undefined ? undefined : (s: number) => inDoc(paragraphOf(s));
  const paragraphFilter = doc === undefined ? undefined : inDoc;
  const denseS = index.sentenceVectors.search(queryVector, settings.sentenceCandidates, sentenceFilter);
  const denseP = index.paragraphVectors.search(queryVector, settings.paragraphCandidates, paragraphFilter);
  const lexS = index.sentenceLexical.query(question, settings.sentenceCandidates, sentenceFilter);
  const lexP = index.paragraphLexical.query(question, settings.paragraphCandidates, paragraphFilter);
  const w = settings.weights;
  const fused = fuseRankings([
    { ids: paragraphsBySentence(denseS, paragraphOf), weight: w.denseSentence },
    { ids: denseP.map((h) => h.label), weight: w.denseParagraph },
    { ids: paragraphsBySentence(lexS.map((h) => ({ label: h.id })), paragraphOf), weight: w.lexicalSentence },
    { ids: lexP.map((h) => h.id), weight: w.lexicalParagraph },
  ]);
  const maxLex = lexS[0]?.score ?? 1;
  return {
    paragraphs: sortByScore(fused),
    sentenceDense: new Map(denseS.map((h) => [h.label, h.score])),
    sentenceLexical: new Map(lexS.map((h) => [h.id, h.score / maxLex])),
  };
}
