/**
 * Windows of a paragraph (one or two consecutive sentences) and their features: what the fitted
 * window chooser picks the quote by and the decline model weighs.
 */
import { roleTerms } from './answer-type.js';
import type { QuestionAnalysis, WindowCandidate } from './features.js';
import { coverage, EXACT } from './sentence-matches.js';
import { asksForSpeech, attributesSpeechTo, hasSpeech } from './speech.js';

/** Soft and exact coverage of the question by a window, and its best dense cosine. */
export function windowCoverage(a: QuestionAnalysis, paragraph: number, start: number, end: number) {
  const ap = a.paragraphs[paragraph]!;
  let dense = 0;
  for (let i = start; i < end; i++) dense = Math.max(dense, ap.candidate.dense.get(i) ?? 0);
  return {
    support: coverage(a.share, ap.matches, start, end, false),
    cover: coverage(a.share, ap.matches, start, end, true),
    dense,
  };
}

/**
 * Every window of one or two sentences of a paragraph, with its features. `para` is the
 * paragraph's reranker score relative to the best paragraph's (0 for the best).
 */
export function windowsOf(a: QuestionAnalysis, paragraph: number, para: number): WindowCandidate[] {
  const ap = a.paragraphs[paragraph]!;
  const sentences = ap.candidate.paragraph.sentences;
  const speech = asksForSpeech(a.question);
  // A role word no candidate paragraph has ("who's the guy running …") is missing from every
  // window alike: it cannot tell them apart, and would make every window look role-less.
  const roleRows = roleTerms(a.question, a.terms)
    .filter((i) => a.paragraphs.some((p) => p.matches[i]!.some((m) => m >= EXACT)))
    .map((i) => ap.matches[i]!);
  const { names } = a;
  const out: WindowCandidate[] = [];
  for (let start = 0; start < sentences.length; start++) {
    for (let end = start + 1; end <= Math.min(sentences.length, start + 2); end++) {
      const text = sentences
        .slice(start, end)
        .map((s) => s.text)
        .join(' ');
      const { support, cover, dense } = windowCoverage(a, paragraph, start, end);
      const typed = !a.answerType ? 0 : ap.typed.slice(start, end).some(Boolean) ? 1 : -1;
      const roleMissing = !roleRows.every((row) => row.slice(start, end).some((m) => m >= EXACT));
      out.push({
        paragraph,
        start,
        end,
        features: {
          para,
          support,
          cover,
          dense,
          typed,
          two: end - start - 1,
          speech: speech ? (hasSpeech(text) ? 1 : 0) + (attributesSpeechTo(text, names) ? 1 : 0) : 0,
          role: roleMissing ? -1 : 0,
        },
      });
    }
  }
  return out;
}
