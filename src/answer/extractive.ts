import type { Citation, Paragraph, ParagraphRef, RetrievedParagraph } from '../domain/types.js';
import {
  answerKindTerms,
  asksForSpeech,
  asksWhoHoldsRole,
  attributesSpeechTo,
  expectedAnswerType,
  hasAnswerType,
  hasSpeech,
  isCreativeRequest,
} from './answer-type.js';
import { formatMarker } from '../text/markers.js';
import type { ViewCache } from './support.js';
import { matchMatrix, supportOfWindow, type QueryTerm } from './support.js';

/** A paragraph from retrieval, with what the retrievers said about its sentences. */
export interface CandidateParagraph {
  paragraph: Paragraph;
  /** Fused retrieval score (higher is better). */
  fused: number;
  /** Dense cosine per sentence index, where the dense retriever returned it. */
  dense: Map<number, number>;
}

export interface ExtractiveSettings {
  /** Below this support the answer is declined. */
  declineBelow: number;
  /** How many paragraphs' sentences compete for the answer. */
  paragraphsConsidered: number;
  /** Longest quoted window, in sentences (including context added for pronouns). */
  maxSentences: number;
}

export const DEFAULT_EXTRACTIVE: ExtractiveSettings = { declineBelow: 0.4, paragraphsConsidered: 6, maxSentences: 3 };

/** A second sentence must add at least this much support to join the answer. */
const WINDOW_COST = 0.08;
/** Score bonuses when the question asks what someone said: for any quotation, and more when
 * the window attributes the words to a person the question names. */
const SPEECH_BONUS = 0.05;
const ATTRIBUTION_BONUS = 0.2;
/** Support kept when the question wants a quantity or time and the window has none. */
const MISSING_TYPE_FACTOR = 0.75;
// A sentence that leans on the one before it: opens with a pronoun or continues a quotation.
const ANAPHOR = /^(?:["“]?\s*)(he|she|it|its|they|their|them|this|that|these|those|there|such|but|and|also)\b/i;

export interface ExtractiveAnswer {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  related: ParagraphRef[];
  /** Paragraphs re-ranked by how well their best window answers (retrieved order). */
  ranking: RetrievedParagraph[];
  /** Support of the chosen window, for diagnostics and for the LLM path's decisions. */
  support: number;
}

interface Window {
  paragraph: Paragraph;
  start: number;
  end: number; // exclusive
  support: number;
  score: number;
}

const ref = (p: Paragraph): ParagraphRef => ({ doc: p.doc, paragraph: p.n });

interface ParagraphWindows {
  /** Highest score: the window to quote. */
  best: Window;
  /** Highest support: quoted instead when the best-scoring window alone is too weak. */
  mostSupported: Window;
}

function windowsOf(terms: QueryTerm[], c: CandidateParagraph, views: ViewCache, question: string): ParagraphWindows | undefined {
  const p = c.paragraph;
  const matches = matchMatrix(
    terms,
    p.sentences.map((s) => views.get(`${p.doc}\0${p.n}\0${s.index}`, s.text)),
  );
  const count = p.sentences.length;
  const type = expectedAnswerType(question);
  // The wanted kind of answer must sit in a sentence that itself matches a question term
  // exactly, so "in South Korea" does not answer a question about talks held elsewhere.
  const typed = p.sentences.map((s, i) => !type || (hasAnswerType(s.text, type) && matches.some((row) => row[i]! >= 0.9)));
  // "city" in "which city …" is satisfied by a sentence that names a place (likewise times, quantities).
  const kinds = answerKindTerms(question);
  terms.forEach((term, t) => {
    const kind = kinds.get(term.word);
    if (kind) p.sentences.forEach((s, i) => hasAnswerType(s.text, kind) && (matches[t]![i] = 1));
  });
  const speech = asksForSpeech(question);
  // In "who is <role>" questions the role (e.g. "prime minister") is what must be in the text;
  // the names around it only say where to look.
  const roleRows = asksWhoHoldsRole(question) ? terms.flatMap((t, i) => (t.proper ? [] : [matches[i]!])) : [];
  const names = terms.filter((t) => t.proper).map((t) => t.word);
  let best: Window | undefined;
  let mostSupported: Window | undefined;
  for (let start = 0; start < count; start++) {
    for (let end = start + 1; end <= Math.min(count, start + 2); end++) {
      let support = supportOfWindow(terms, matches, start, end);
      const text = c.paragraph.sentences
        .slice(start, end)
        .map((s) => s.text)
        .join(' ');
      if (!typed.slice(start, end).some(Boolean)) support *= MISSING_TYPE_FACTOR;
      if (!roleRows.every((row) => row.slice(start, end).some((m) => m >= 0.9))) support *= MISSING_TYPE_FACTOR;
      let dense = 0;
      for (let i = start; i < end; i++) {
        dense = Math.max(dense, c.dense.get(i) ?? 0);
      }
      // Support decides; dense similarity breaks ties between equally supported windows.
      const bonus = !speech ? 0 : attributesSpeechTo(text, names) ? ATTRIBUTION_BONUS : hasSpeech(text) ? SPEECH_BONUS : 0;
      const score = support + 0.25 * dense + bonus - WINDOW_COST * (end - start - 1);
      const window = { paragraph: c.paragraph, start, end, support, score };
      if (!best || score > best.score) best = window;
      if (!mostSupported || support > mostSupported.support) mostSupported = window;
    }
  }
  return best && mostSupported ? { best, mostSupported } : undefined;
}

/** Adds the sentence before a window when the window's first sentence depends on it. */
function withContext(w: Window, maxSentences: number): Window {
  let { start } = w;
  while (start > 0 && w.end - start < maxSentences && leansOnPrevious(w.paragraph, start)) start--;
  return { ...w, start };
}

function leansOnPrevious(p: Paragraph, index: number): boolean {
  const text = p.sentences[index]!.text;
  if (ANAPHOR.test(text)) return true;
  // Inside a quotation that opened in an earlier sentence: an odd count of quote marks before it.
  const before = p.text.slice(0, p.sentences[index]!.start);
  return (before.match(/["“”]/g) ?? []).length % 2 === 1;
}

export function declineText(question: string): string {
  const q = question.trim().replace(/\s+/g, ' ');
  const shown = q.length > 120 ? `${q.slice(0, 117)}…` : q;
  return `The article doesn't say. None of its paragraphs answers “${shown}”.`;
}

/**
 * The embedded answerer: quotes the sentence(s) that best support the question, followed by
 * their paragraph marker, or declines when nothing supports it well enough.
 */
export function answerExtractively(
  question: string,
  terms: QueryTerm[],
  candidates: CandidateParagraph[],
  views: ViewCache,
  options: { multiDoc: boolean; settings?: ExtractiveSettings },
): ExtractiveAnswer {
  const settings = options.settings ?? DEFAULT_EXTRACTIVE;
  const maxFused = Math.max(...candidates.map((c) => c.fused), 1e-9);
  const considered = candidates.slice(0, settings.paragraphsConsidered).map((c) => {
    const windows = windowsOf(terms, c, views, question);
    return { c, windows, final: (windows?.best.score ?? 0) + 0.5 * (c.fused / maxFused) };
  });
  considered.sort((a, b) => b.final - a.final);
  const rest = candidates.slice(settings.paragraphsConsidered).map((c) => ({ c, final: 0.5 * (c.fused / maxFused) }));
  const ranking = [...considered, ...rest].map((r) => ({ ...ref(r.c.paragraph), score: round(r.final) }));
  const related = ranking.slice(0, 3).map(({ doc, paragraph }) => ({ doc, paragraph }));

  const windows = considered[0]?.windows;
  const top = windows && windows.best.support < settings.declineBelow ? windows.mostSupported : windows?.best;
  if (!top || terms.length === 0 || top.support < settings.declineBelow || isCreativeRequest(question)) {
    return { answer: declineText(question), answerable: false, citations: [], related, ranking, support: top?.support ?? 0 };
  }
  const chosen = withContext(top, settings.maxSentences);
  const sentences = chosen.paragraph.sentences.slice(chosen.start, chosen.end);
  const citation: Citation = {
    ...ref(chosen.paragraph),
    quote: chosen.paragraph.text.slice(sentences[0]!.start, sentences[sentences.length - 1]!.end),
  };
  const answer = `${citation.quote} ${formatMarker(citation, options.multiDoc)}`;
  const seeAlso = ranking.filter((r) => r.doc !== citation.doc || r.paragraph !== citation.paragraph).slice(0, 2);
  return {
    answer,
    answerable: true,
    citations: [citation],
    related: seeAlso.map(({ doc, paragraph }) => ({ doc, paragraph })),
    ranking,
    support: top.support,
  };
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
