import { contentTerms, isStopword, stemTerm, stripPossessive, wordTokens } from '../text/tokens.js';

/**
 * How well a sentence supports a question: the weighted share of the question's content terms
 * that the sentence contains, exactly (same stem) or as a close synonym (word-vector cosine).
 * This is what decides between answering and declining, so it is deliberately generic: it
 * knows nothing about any article, only about words.
 */

/** What the scorer needs to know about words; implemented over the GloVe table. */
export interface WordModel {
  vector(word: string): Float32Array | undefined;
  /** 0 for the most common words of English, 1 for rare or unknown ones. */
  rarity(word: string): number;
}

export interface QueryTerm {
  stem: string;
  word: string;
  weight: number;
  vector?: Float32Array;
}

export interface TextView {
  stems: Set<string>;
  vectors: Float32Array[];
}

/** Cosine (on unit vectors) at or above which two words count as the same idea. */
export const SOFT_MATCH_MIN = 0.62;
/** A term found elsewhere in the sentence's paragraph counts this much. */
const PARAGRAPH_CONTEXT_CREDIT = 0.5;

export function analyzeQuery(question: string, words: WordModel, df: (stem: string) => number, paragraphs: number): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const raw of wordTokens(question)) {
    const word = stripPossessive(raw).replace(/^(?:\p{L}\.)+$/u, (m) => m.replace(/\./g, ''));
    if (word === '' || isStopword(word) || word === '$' || word === '%') continue;
    for (const part of word.includes('-') ? word.split('-') : [word]) {
      if (part === '' || isStopword(part)) continue;
      const stem = stemTerm(part);
      if (terms.has(stem)) continue;
      const n = df(stem);
      // Corpus IDF: a term in every paragraph says little about which one answers.
      const idf = n === 0 ? 1 : 0.4 + 0.6 * (Math.log((paragraphs + 1) / n) / Math.log(paragraphs + 1));
      const term: QueryTerm = { stem, word: part, weight: words.rarity(part) * idf };
      const vector = words.vector(part);
      if (vector) term.vector = vector;
      terms.set(stem, term);
    }
  }
  return [...terms.values()];
}

export function viewOf(text: string, words: WordModel): TextView {
  const stems = new Set(contentTerms(text));
  const vectors: Float32Array[] = [];
  for (const token of new Set(wordTokens(text))) {
    const bare = stripPossessive(token);
    if (isStopword(bare)) continue;
    const v = words.vector(bare);
    if (v) vectors.push(v);
  }
  return { stems, vectors };
}

export function termMatch(term: QueryTerm, view: TextView): number {
  if (view.stems.has(term.stem)) return 1;
  if (!term.vector) return 0;
  let best = 0;
  for (const v of view.vectors) {
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i]! * term.vector[i]!;
    if (dot > best) best = dot;
  }
  return best >= SOFT_MATCH_MIN ? best : 0;
}

export interface Support {
  /** 0..1: weighted share of question terms supported. */
  coverage: number;
  /** Stems matched within the sentence itself. */
  matched: Set<string>;
}

export function support(terms: QueryTerm[], sentence: TextView, paragraph: TextView): Support {
  let total = 0;
  let got = 0;
  const matched = new Set<string>();
  for (const term of terms) {
    total += term.weight;
    const inSentence = termMatch(term, sentence);
    if (inSentence > 0) matched.add(term.stem);
    const inParagraph = inSentence >= 1 ? 0 : PARAGRAPH_CONTEXT_CREDIT * termMatch(term, paragraph);
    got += term.weight * Math.max(inSentence, inParagraph);
  }
  return { coverage: total > 0 ? got / total : 0, matched };
}
