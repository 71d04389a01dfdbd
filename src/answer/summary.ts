import type { LlmLayer } from '../domain/ports.js';
import { SUMMARY_POINTS, type CorpusDocument, type SummaryLength, type SummaryResult } from '../domain/types.js';
import { passageOf } from '../corpus/passage.js';
import { cosine, normalize } from '../embeddings/local-glove.js';
import { wordTokens } from '../text/tokens.js';

/** Anything that turns text into a vector synchronously (the local GloVe embeddings). */
export interface SentenceEmbedder {
  embedText(text: string): Float32Array;
}

interface Candidate {
  paragraph: number;
  text: string;
  vector: Float32Array;
  score: number;
}

const MIN_WORDS = 6;
/** Maximal-marginal-relevance trade-off: higher favours centrality over novelty. */
const MMR_LAMBDA = 0.6;
/** News puts the key facts first; a mild lead bias reflects that. */
const LEAD_BIAS = 0.05;

/**
 * Extractive summary: the most central, non-redundant sentences, at most one per paragraph,
 * in document order, each cited. Centrality = similarity to the document's mean sentence.
 */
export function extractiveSummary(doc: CorpusDocument, embedder: SentenceEmbedder, length: SummaryLength): SummaryResult {
  const candidates: Candidate[] = [];
  const centroid = new Float32Array(0);
  let sum: Float32Array | undefined;
  for (const p of doc.paragraphs) {
    for (const s of p.sentences) {
      if (wordTokens(s.text).length < MIN_WORDS) continue;
      const vector = embedder.embedText(s.text);
      candidates.push({ paragraph: p.n, text: s.text, vector, score: 0 });
      sum ??= new Float32Array(vector.length);
      for (let i = 0; i < vector.length; i++) sum[i]! += vector[i]!;
    }
  }
  const center = sum ? normalize(sum) : centroid;
  const n = doc.paragraphs.length;
  for (const c of candidates) c.score = cosine(c.vector, center) + LEAD_BIAS * (1 - (c.paragraph - 1) / Math.max(1, n));
  const wanted = Math.min(SUMMARY_POINTS[length], n);
  const chosen: Candidate[] = [];
  const usedParagraphs = new Set<number>();
  while (chosen.length < wanted) {
    let best: Candidate | undefined;
    let bestValue = -Infinity;
    for (const c of candidates) {
      if (usedParagraphs.has(c.paragraph)) continue;
      const redundancy = Math.max(0, ...chosen.map((s) => cosine(s.vector, c.vector)));
      const value = MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    if (!best) break;
    chosen.push(best);
    usedParagraphs.add(best.paragraph);
  }
  chosen.sort((a, b) => a.paragraph - b.paragraph);
  return {
    doc: doc.id,
    title: doc.title,
    mode: 'extractive',
    points: chosen.map((c) => ({ text: c.text, citations: [{ doc: doc.id, paragraph: c.paragraph, quote: c.text }] })),
  };
}

export async function summarizeDocument(
  doc: CorpusDocument,
  embedder: SentenceEmbedder,
  options: { length: SummaryLength; llm?: LlmLayer; multiDoc: boolean; signal?: AbortSignal },
): Promise<SummaryResult> {
  const fallback = extractiveSummary(doc, embedder, options.length);
  if (!options.llm?.summarize) return fallback;
  const passages = doc.paragraphs.map((p) => passageOf(doc, p, 1));
  return options.llm.summarize({ passages, length: options.length, fallback, ...(options.signal ? { signal: options.signal } : {}) });
}
