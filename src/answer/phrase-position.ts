import { CASED_WORD, casedWord, foldAccents, stemTerm, wordTokens } from '../text/tokens.js';

/**
 * Where a candidate answer phrase sits among the question's words in its paragraph: how near, in
 * a title right before it, in an apposition right after it; and the phrase a kind noun heads when
 * the text names nothing of that kind. Offsets are into the paragraph text.
 */
export interface Span {
  start: number;
  end: number;
}

/** How many of the words right before `at` (up to four, none skipped) are question words. */
export function titleWords(text: string, at: number, stems: Set<string>): number {
  const words = (text.slice(Math.max(0, at - 60), at).match(/[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu) ?? []).slice(-4).reverse();
  let n = 0;
  for (const w of words) {
    if (!stems.has(stemTerm(w.toLowerCase()))) break;
    n++;
  }
  return n;
}

/** Whether the kind noun ("lake") is in a phrase, or in the words just before or after it. */
export function namesTheKind(text: string, e: Span, noun: string): boolean {
  const near = text.slice(Math.max(0, e.start - 40), e.start) + ' ' + text.slice(e.start, e.end) + ' ' + text.slice(e.end, e.end + 60);
  return (near.match(/[\p{L}]+/gu) ?? []).some((w) => stemTerm(w.toLowerCase()) === noun);
}

/** How many question words the apposition right after `at` holds (", <words>," or to the sentence end). */
export function appositionWords(text: string, at: number, stems: Set<string>): number {
  const m = /^,\s+([^,.;:!?"“”()]{1,100})/u.exec(text.slice(at, at + 110));
  if (!m) return 0;
  const words = new Set((m[1]!.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => stemTerm(w.toLowerCase())));
  return [...stems].filter((s) => words.has(s)).length;
}

/** Characters between a word and an entity, whichever comes first. */
export const gap = (a: Span, e: Span) => (a.end <= e.start ? e.start - a.end : Math.max(0, a.start - e.end));

/** Characters per word (with its space) in English prose: turns character gaps into word gaps. */
const AVERAGE_WORD_CHARS = 6;

/** Spans of the window's words that are content words of the question, by word. */
export function anchorPositions(text: string, window: Span, stems: Set<string>): Span[][] {
  const byStem = new Map<string, Span[]>();
  // Stemming is the cost here: only words that start like a question stem are stemmed.
  const prefixes = new Set([...stems].map((t) => t.slice(0, 3)));
  const slice = text.slice(window.start, window.end);
  for (const m of slice.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0].toLowerCase();
    if (!prefixes.has(word.slice(0, 3))) continue;
    const stem = stemTerm(word);
    const at = window.start + m.index;
    if (stems.has(stem)) byStem.set(stem, [...(byStem.get(stem) ?? []), { start: at, end: at + word.length }]);
  }
  return [...byStem.values()];
}

/**
 * How close an entity sits to the question's words: for each word (its nearest occurrence),
 * 1 / (1 + words between), averaged; 0 when the window shares no word with the question.
 */
export function nearness(anchors: Span[][], e: Span): number {
  if (anchors.length === 0) return 0;
  let sum = 0;
  for (const positions of anchors) {
    // The gap between the two: "Deputy Minister He Wen" has the title right before the name.
    const chars = Math.min(...positions.map((a) => gap(a, e)));
    sum += 1 / (1 + chars / AVERAGE_WORD_CHARS);
  }
  return sum / anchors.length;
}

/**
 * "Which war …", "which anniversary …" when the quote holds no name of that kind: the kind noun
 * with the names or ordinal the text puts before it ("the Vietnam war", "our 200th
 * anniversary"), unless the question gives them itself.
 */
export function kindPhrase(text: string, window: Span, kindNoun: string, question: string): string | null {
  const noun = stemTerm(kindNoun);
  const asked = new Set(wordTokens(question));
  const quote = text.slice(window.start, window.end);
  const tokens = [...quote.matchAll(CASED_WORD)];
  const words = tokens.map((m) => m[0]);
  // Only spaces may stand between the words of one phrase ("in Paris, war broke out" is two).
  const joined = (k: number) => /^\s+$/.test(quote.slice(tokens[k - 1]!.index + words[k - 1]!.length, tokens[k]!.index));
  for (let i = 1; i < words.length; i++) {
    if (stemTerm(casedWord(words[i]!).toLowerCase()) !== noun) continue;
    let j = i;
    while (j > 0 && i - j < 3 && joined(j) && /^(?:\p{Lu}|\d+(?:st|nd|rd|th)$)/u.test(words[j - 1]!)) j--;
    const before = words.slice(j, i);
    // Compared as the question's words are, accents folded ("Velo" in a question names "Vélo").
    if (before.length > 0 && before.some((w) => !asked.has(foldAccents(casedWord(w)).toLowerCase())))
      return [...before, casedWord(words[i]!)].join(' ');
  }
  return null;
}
