import type { Paragraph } from '../domain/types.js';
import { affirmedPart } from '../text/negation.js';
import { hasAnswerType, type AnswerType } from './answer-type.js';
import { matchMatrix, type MatchSettings, type QueryTerm } from './support.js';
import type { TextView, ViewCache } from './text-view.js';

/** A match this strong is the word itself (same stem or root), not a word-vector neighbour. */
export const EXACT = 0.9;

/** What reading a paragraph's sentences against one question needs. */
export interface SentenceReader {
  terms: QueryTerm[];
  views: ViewCache;
  match: MatchSettings;
  /** Words of the question that name the kind of answer wanted ("which *city*"). */
  kinds: Map<string, AnswerType>;
  /** A text without what the question itself states (its numbers, the names it asks about). */
  unstated: (text: string) => string;
}

/** Sentences (as read) with their word views and the term-by-sentence match matrix. */
export interface SentenceMatches {
  texts: string[];
  views: TextView[];
  matches: number[][];
  /**
   * The rows of the words that name the kind of answer wanted ("city"), as the words alone
   * match: in `matches` any sentence holding that kind of answer matches them.
   */
  kindWords: Map<number, number[]>;
}

/**
 * A paragraph's sentences as written (`stated`: what windows quote and declines weigh), and as
 * they read with their denied clauses left out (`affirmed`, when `affirmedOnly`: what ranking
 * weighs). "city" in "which city …" is satisfied by a sentence that names a place (likewise
 * times, quantities), but not by the places the question itself names: "Which city of
 * Ruritania …?" is not answered by "in Ruritania".
 */
export function readSentences(
  p: Paragraph,
  reader: SentenceReader,
  affirmedOnly: boolean,
): { stated: SentenceMatches; affirmed: SentenceMatches } {
  const keys = p.sentences.map((s) => `${p.doc}\0${p.n}\0${s.index}`);
  const stated = matched(
    p.sentences.map((s) => s.text),
    keys,
    reader,
  );
  const said = affirmedOnly ? stated.texts.map(affirmedPart) : stated.texts;
  if (said.every((t, i) => t === stated.texts[i])) return { stated, affirmed: stated };
  const affirmedKeys = keys.map((k, i) => (said[i] === stated.texts[i] ? k : `${k}\0affirmed`));
  return { stated, affirmed: matched(said, affirmedKeys, reader) };
}

function matched(texts: string[], keys: string[], { terms, views, match, kinds, unstated }: SentenceReader): SentenceMatches {
  const sentenceViews = texts.map((t, i) => views.get(keys[i]!, t));
  const matches = matchMatrix(terms, sentenceViews, match);
  const kindWords = new Map<number, number[]>();
  terms.forEach((term, t) => {
    const kind = kinds.get(term.word);
    if (!kind) return;
    kindWords.set(t, [...matches[t]!]);
    texts.forEach((text, i) => hasAnswerType(unstated(text), kind) && (matches[t]![i] = 1));
  });
  return { texts, views: sentenceViews, matches, kindWords };
}

/**
 * Which sentences hold the wanted kind of answer. It must sit in a sentence that itself matches
 * a question term exactly, so a place named elsewhere does not answer a question about another
 * event. The kind word ("city") counts only where the sentence says it: any place satisfies it.
 */
export function typedSentences(r: SentenceMatches, type: AnswerType | undefined, unstated: (text: string) => string): boolean[] {
  return r.texts.map(
    (text, i) => !type || (hasAnswerType(unstated(text), type) && r.matches.some((row, t) => (r.kindWords.get(t) ?? row)[i]! >= EXACT)),
  );
}

/** The share of the question (by term weight) a run of sentences matches: soft, or exact matches only. */
export function coverage(share: number[], matches: number[][], start: number, end: number, exact: boolean): number {
  let got = 0;
  share.forEach((w, t) => {
    let best = 0;
    for (let s = start; s < end; s++) best = Math.max(best, matches[t]![s]!);
    got += w * (exact ? (best >= EXACT ? 1 : 0) : best);
  });
  return got;
}
