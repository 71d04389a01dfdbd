import type { Citation, Paragraph, ParagraphRef, RetrievedParagraph } from '../core/types.js';
import { citationMarker } from './citations.js';
import { support, viewOf, type QueryTerm, type Support, type TextView, type WordModel } from './support.js';

/** A paragraph from retrieval, with what the retrievers said about its sentences. */
export interface CandidateParagraph {
  paragraph: Paragraph;
  /** Fused retrieval score (higher is better). */
  fused: number;
  /** Dense cosine and normalised BM25 per sentence index, where the retrievers returned them. */
  dense: Map<number, number>;
  lexical: Map<number, number>;
}

export interface ExtractiveSettings {
  /** Below this support the answer is declined. */
  declineBelow: number;
  /** How many paragraphs' sentences compete for the answer. */
  paragraphsConsidered: number;
  maxSentences: number;
}

export const DEFAULT_EXTRACTIVE: ExtractiveSettings = { declineBelow: 0.5, paragraphsConsidered: 6, maxSentences: 2 };

export interface ExtractiveAnswer {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  related: ParagraphRef[];
  /** Paragraphs re-ranked by how well their best sentence answers (retrieved order). */
  ranking: RetrievedParagraph[];
  /** Support of the chosen sentence, for diagnostics and for the LLM path's decisions. */
  support: number;
}

interface ScoredSentence {
  paragraph: Paragraph;
  index: number;
  support: Support;
  score: number;
}

const ref = (p: Paragraph): ParagraphRef => ({ doc: p.doc, paragraph: p.n });

function scoreSentences(terms: QueryTerm[], c: CandidateParagraph, words: WordModel): ScoredSentence[] {
  const paragraphView = viewOf(c.paragraph.text, words);
  return c.paragraph.sentences.map((s) => {
    const view: TextView = viewOf(s.text, words);
    const sup = support(terms, view, paragraphView);
    // Support decides; retrieval signals break ties between equally supported sentences.
    const score = sup.coverage + 0.25 * (c.dense.get(s.index) ?? 0) + 0.15 * (c.lexical.get(s.index) ?? 0);
    return { paragraph: c.paragraph, index: s.index, support: sup, score };
  });
}

export function declineText(question: string): string {
  const q = question.trim().replace(/\s+/g, ' ');
  const shown = q.length > 120 ? `${q.slice(0, 117)}…` : q;
  return `The article doesn't say. None of its paragraphs answers “${shown}”.`;
}

/**
 * The embedded answerer: quotes the sentence(s) that best support the question, each followed
 * by its paragraph marker, or declines when no sentence supports it well enough.
 */
export function answerExtractively(
  question: string,
  terms: QueryTerm[],
  candidates: CandidateParagraph[],
  words: WordModel,
  options: { multiDoc: boolean; settings?: ExtractiveSettings },
): ExtractiveAnswer {
  const settings = options.settings ?? DEFAULT_EXTRACTIVE;
  const maxFused = Math.max(...candidates.map((c) => c.fused), 1e-9);
  const considered = candidates.slice(0, settings.paragraphsConsidered);
  const perParagraph = considered.map((c) => {
    const sentences = scoreSentences(terms, c, words).sort((a, b) => b.score - a.score);
    return { c, sentences, final: (sentences[0]?.score ?? 0) + 0.5 * (c.fused / maxFused) };
  });
  perParagraph.sort((a, b) => b.final - a.final);
  const rest = candidates.slice(settings.paragraphsConsidered).map((c) => ({ c, final: 0.5 * (c.fused / maxFused) }));
  const ranking = [...perParagraph, ...rest].map((r) => ({ ...ref(r.c.paragraph), score: round(r.final) }));
  const related = ranking.slice(0, 3).map(({ doc, paragraph }) => ({ doc, paragraph }));

  const best = perParagraph[0]?.sentences[0];
  if (!best || terms.length === 0 || best.support.coverage < settings.declineBelow) {
    return { answer: declineText(question), answerable: false, citations: [], related, ranking, support: best?.support.coverage ?? 0 };
  }
  const chosen = [best];
  // A second sentence only when it adds a question term the first lacks and supports nearly as well.
  const pool = perParagraph.slice(0, 2).flatMap((p) => p.sentences).filter((s) => s !== best);
  for (const s of pool.sort((a, b) => b.score - a.score)) {
    if (chosen.length >= settings.maxSentences) break;
    const addsTerm = [...s.support.matched].some((t) => !best.support.matched.has(t));
    if (addsTerm && s.support.coverage >= 0.85 * best.support.coverage && s.paragraph === best.paragraph) chosen.push(s);
  }
  chosen.sort((a, b) => (a.paragraph === b.paragraph ? a.index - b.index : 0));
  const citations: Citation[] = chosen.map((s) => ({ ...ref(s.paragraph), quote: s.paragraph.sentences[s.index]!.text }));
  const answer = chosen.map((s, i) => `${citations[i]!.quote} ${citationMarker(ref(s.paragraph), options.multiDoc)}`).join(' ');
  const cited = new Set(citations.map((c) => `${c.doc}\0${c.paragraph}`));
  const seeAlso = ranking.filter((r) => !cited.has(`${r.doc}\0${r.paragraph}`)).slice(0, 2).map(({ doc, paragraph }) => ({ doc, paragraph }));
  return { answer, answerable: true, citations, related: seeAlso, ranking, support: best.support.coverage };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
