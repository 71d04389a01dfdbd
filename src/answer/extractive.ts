import type { Citation, Paragraph, ParagraphRef, RetrievedParagraph } from '../domain/types.js';
import type { FittedParams } from '../params/fitted.js';
import { isCreativeRequest } from './answer-type.js';
import { formatMarker } from '../text/markers.js';
import { decide } from './decide.js';
import { analyzeCandidates, type CandidateParagraph } from './features.js';
import type { QueryTerm } from './support.js';
import type { ViewCache } from './text-view.js';

export type { CandidateParagraph } from './features.js';

/** Longest quoted window, in sentences, including those added for a pronoun or to finish a quotation. */
const MAX_SENTENCES = 3;
// A sentence that leans on the one before it: opens with a pronoun or continues a quotation.
const ANAPHOR = /^(?:["“]?\s*)(he|she|it|its|they|their|them|this|that|these|those|there|such|but|and|also)\b/i;

export interface ExtractiveAnswer {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  related: ParagraphRef[];
  /** Paragraphs as the fitted reranker orders them (the quoted one first). */
  ranking: RetrievedParagraph[];
  /** Share of the question's (weighted) terms found verbatim in the quoted window, 0..1. */
  support: number;
  /** Quoted although the decline model would have declined (`overrideDecline`). */
  overridden?: boolean;
}

const ref = (p: Paragraph): ParagraphRef => ({ doc: p.doc, paragraph: p.n });

/** Adds the sentences before a window while its first sentence depends on the one before it. */
function withContext(p: Paragraph, start: number, end: number): number {
  while (start > 0 && end - start < MAX_SENTENCES && leansOnPrevious(p, start)) start--;
  return start;
}

function leansOnPrevious(p: Paragraph, index: number): boolean {
  const text = p.sentences[index]!.text;
  if (ANAPHOR.test(text)) return true;
  // Inside a quotation that opened in an earlier sentence: an odd count of quote marks before it.
  return quoteMarksBefore(p, p.sentences[index]!.start) % 2 === 1;
}

/** Adds the sentences after a window while it ends inside a quotation: a quote is never cut off mid-speech. */
function closingQuote(p: Paragraph, start: number, end: number): number {
  while (end < p.sentences.length && end - start < MAX_SENTENCES && quoteMarksBefore(p, p.sentences[end - 1]!.end) % 2 === 1) end++;
  return end;
}

const quoteMarksBefore = (p: Paragraph, offset: number) => (p.text.slice(0, offset).match(/["“”]/g) ?? []).length;

/** The verbatim text quoted for a window: its sentences, the ones before it they lean on, and the rest of a quotation it opens. */
export function quoteOf(paragraph: Paragraph, start: number, end: number): string {
  const first = withContext(paragraph, start, end);
  const sentences = paragraph.sentences.slice(first, closingQuote(paragraph, first, end));
  return paragraph.text.slice(sentences[0]!.start, sentences[sentences.length - 1]!.end);
}

export function declineText(question: string): string {
  const q = question.trim().replace(/\s+/g, ' ');
  const shown = q.length > 120 ? `${q.slice(0, 117)}…` : q;
  return `The article doesn't say. None of its paragraphs answers “${shown}”.`;
}

/**
 * The embedded answerer: quotes the window that the fitted model finds best supported, followed
 * by its paragraph marker, or declines when the decline model says the window does not answer.
 */
export function answerExtractively(
  question: string,
  terms: QueryTerm[],
  candidates: CandidateParagraph[],
  views: ViewCache,
  options: {
    multiDoc: boolean;
    params: FittedParams;
    corpusParagraphs: number;
    /** Quote the best window even where the decline model would not (the caller judges it). */
    overrideDecline?: boolean;
    /** The question with the corpus's capitals where it was typed without any (`recased`). */
    cased?: string;
    /** The question as the user asked it (with any lead-in), for the decline text. */
    asked?: string;
    /** Decline on the question's own words only, not the borrowed ones (`decide`). */
    ownTermsDecide?: boolean;
  },
): ExtractiveAnswer {
  const analysis = analyzeCandidates(question, terms, candidates, views, options.params.match, options.corpusParagraphs, options.cased);
  const decision = decide(analysis, options.params, { ownTermsDecide: options.ownTermsDecide === true });
  const ranking = decision.order.map((i) => ({
    ...ref(analysis.paragraphs[i]!.candidate.paragraph),
    score: round(decision.scores[i]!),
  }));
  const related = ranking.slice(0, 3).map(({ doc, paragraph }) => ({ doc, paragraph }));
  const support = round(decision.decline?.cover ?? 0);
  const w = decision.window;
  // Requests for a poem or a joke are not questions about the text, however well their words match.
  if (!w || (!decision.answerable && !options.overrideDecline) || isCreativeRequest(question)) {
    return { answer: declineText(options.asked ?? question), answerable: false, citations: [], related, ranking, support };
  }
  const paragraph = analysis.paragraphs[w.paragraph]!.candidate.paragraph;
  const citation: Citation = { ...ref(paragraph), quote: quoteOf(paragraph, w.start, w.end) };
  const answer = `${citation.quote} ${formatMarker(citation, options.multiDoc)}`;
  return {
    ...(decision.answerable ? {} : { overridden: true }),
    answer,
    answerable: true,
    citations: [citation],
    related: ranking.slice(1, 3).map(({ doc, paragraph: n }) => ({ doc, paragraph: n })),
    ranking,
    support,
  };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
