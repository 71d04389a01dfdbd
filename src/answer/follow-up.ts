import type { Citation, Sentence, Turn } from '../domain/types.js';
import { contentTerms } from '../text/tokens.js';
import type { QueryTerm } from './support.js';
import { declineText, type CandidateParagraph, type ExtractiveAnswer } from './extractive.js';

// Words that point back at something said earlier in a conversation.
const BACK_REFERENCES =
  /\b(he|she|it|they|them|his|her|hers|its|their|theirs|him|this|that|these|those|there|then|the same|what about|how about|and)\b/i;

/** A question read in the light of the conversation before it. */
export interface ResolvedQuestion {
  /** Text to retrieve with: the question, plus what it leans on from an earlier turn. */
  query: string;
  /** The part of `query` that came from history (its words weigh less). */
  context?: string;
  /** The turn the question follows up on, when it does (the last one, or the one it shares a word with). */
  previous?: {
    citations: Citation[];
    /** Phrases the reader already has (the previous question and answer phrase): not news. */
    known: string[];
  };
}

/**
 * Without a model, a follow-up is made standalone with the previous turn when it leans on it (a
 * pronoun, "what about …", or hardly any content words of its own): the previous question and
 * the answer phrase it got ("Where were the talks?" → "Lyon"; then "Which building?" looks for a
 * building in Lyon). `shortAnswerOf` recomputes a turn's answer phrase when the turn lacks it.
 */
export function resolveFollowUp(
  question: string,
  history: Turn[],
  shortAnswerOf: (turn: Turn) => string | null = () => null,
): ResolvedQuestion {
  if (history.length === 0) return { query: question };
  const own = contentTerms(question);
  if (!BACK_REFERENCES.test(question) && own.length >= 2) return { query: question };
  // Each turn's phrase once: the turn chosen below is read again for its context.
  const phrases = new Map<Turn, string | null>();
  const phraseOf = (turn: Turn) => {
    if (!phrases.has(turn)) phrases.set(turn, turn.shortAnswer !== undefined ? turn.shortAnswer : shortAnswerOf(turn));
    return phrases.get(turn)!;
  };
  // The turn it leans on: the latest one it shares a word with ("Going back to the smallest one,
  // when does it close?" two turns after "Which depot is the smallest?"), or else the last.
  const shares = (turn: Turn) => contentTerms(`${turn.question} ${phraseOf(turn) ?? ''}`).some((t) => own.includes(t));
  const last = [...history].reverse().find(shares) ?? history[history.length - 1]!;
  const phrase = phraseOf(last);
  const context = phrase ? `${last.question} ${phrase}` : last.question;
  return {
    query: `${question} ${context}`,
    context,
    previous: { citations: last.citations ?? [], known: phrase ? [last.question, phrase] : [last.question] },
  };
}

/**
 * Words of its own that the corpus uses, for a follow-up to be judged on them alone.
 * "What did the authority say about its consultation sessions?" has enough to stand on, and the
 * previous turn's words, found in the paragraph they came from, must not vouch for a window
 * (`decide`'s `ownTermsDecide`); "when did he arrive?" means nothing without them. Three was
 * chosen on the development set `bench/quality/followups-news` (two and four: see experiments.md).
 */
const OWN_WORDS_TO_STAND_ALONE = 3;

export function standsAlone(terms: readonly QueryTerm[]): boolean {
  return terms.filter((t) => !t.borrowed && t.df > 0).length >= OWN_WORDS_TO_STAND_ALONE;
}

/** Whether an answer quotes the same sentences as one of the previous answer's citations. */
export function repeatsPrevious(answer: ExtractiveAnswer, previous: Citation[]): boolean {
  const c = answer.citations[0];
  return (
    !!c && previous.some((p) => p.doc === c.doc && p.paragraph === c.paragraph && (p.quote.includes(c.quote) || c.quote.includes(p.quote)))
  );
}

/**
 * The candidates without the sentences the previous answer quoted: what a follow-up can say
 * that the reader has not just read. What is left of a paragraph stays in runs of consecutive
 * sentences, each its own candidate, so no quoted window spans a removed sentence.
 */
export function withoutQuoted(candidates: CandidateParagraph[], previous: Citation[]): CandidateParagraph[] {
  const out: CandidateParagraph[] = [];
  for (const c of candidates) {
    const p = c.paragraph;
    const ranges = previous
      .filter((q) => q.doc === p.doc && q.paragraph === p.n)
      .map((q) => ({ start: p.text.indexOf(q.quote), length: q.quote.length }))
      .filter((r) => r.start >= 0);
    if (ranges.length === 0) {
      out.push(c);
      continue;
    }
    const quoted = (s: Sentence) => ranges.some((r) => s.start >= r.start && s.end <= r.start + r.length);
    let run: Sentence[] = [];
    const flush = () => {
      // The answerer reads dense scores by position in `sentences`: renumber them.
      const dense = new Map<number, number>();
      run.forEach((s, i) => {
        const score = c.dense.get(s.index);
        if (score !== undefined) dense.set(i, score);
      });
      if (run.length > 0) out.push({ ...c, paragraph: { ...p, sentences: run }, dense });
      run = [];
    };
    for (const s of p.sentences) {
      if (quoted(s)) flush();
      else run.push(s);
    }
    flush();
  }
  return out;
}

/**
 * Whether an answer tells the reader something the previous turn did not: it quotes other
 * sentences, or it holds every word of the follow-up's own and, when the follow-up asks for a
 * phrase (a date, a place …), one the conversation has not named yet (`freshPhrase`).
 */
export function addsToPrevious(
  answer: ExtractiveAnswer,
  question: string,
  previous: Citation[],
  freshPhrase: (citation: Citation) => boolean,
): boolean {
  const c = answer.citations[0];
  if (!c || !repeatsPrevious(answer, previous)) return true;
  const quoted = new Set(contentTerms(c.quote));
  return contentTerms(question).every((t) => quoted.has(t)) && freshPhrase(c);
}

/**
 * How much of a resolved follow-up an answer's quote holds, word for word: the share of the
 * follow-up's own words, then the share of those it borrowed from the previous turn. Compared in
 * that order: "Which building?" is answered by the quote that names a building, whatever it
 * repeats of the question before.
 */
export function quoteCoverage(answer: ExtractiveAnswer, resolved: ResolvedQuestion): [own: number, borrowed: number] {
  const quote = answer.citations[0]?.quote;
  if (!quote) return [0, 0];
  const quoted = new Set(contentTerms(quote));
  const own = new Set(contentTerms(resolved.query.slice(0, resolved.query.length - (resolved.context?.length ?? 0))));
  const borrowed = [...new Set(contentTerms(resolved.query))].filter((t) => !own.has(t));
  const share = (terms: string[]) => (terms.length > 0 ? terms.filter((t) => quoted.has(t)).length / terms.length : 0);
  return [share([...own]), share(borrowed)];
}

/**
 * A follow-up that the previous answer's own sentences would answer without adding anything is
 * answered from the other sentences instead, when one supports it better: its quote holds more
 * of the follow-up (`coverage`). Otherwise the previous answer stands. A declined follow-up is
 * tried once more without the sentences the turn before quoted, which drew the search their way.
 */
export function preferNewAnswer(
  first: ExtractiveAnswer,
  previous: Citation[],
  answer: (candidates: CandidateParagraph[], overrideDecline?: boolean) => ExtractiveAnswer,
  candidates: CandidateParagraph[],
  judge: {
    /** The follow-up as asked: the reply when it is declined names it. */
    question: string;
    adds: (a: ExtractiveAnswer) => boolean;
    coverage: (a: ExtractiveAnswer) => [number, number];
    /** Content words of the follow-up itself. */
    ownWords: number;
    /** The answer holds a phrase of the asked kind the conversation has not named yet (true when no kind is asked). */
    fresh: (a: ExtractiveAnswer) => boolean;
  },
): ExtractiveAnswer {
  // Nothing new: none of the follow-up's own words and no new phrase of the kind it asks for
  // ("Which stadium?" where the text names none). Another paragraph, or the previous answer said
  // again, would be passed off as an answer.
  const nothingNew = (a: ExtractiveAnswer, [own]: [number, number]) => own === 0 && judge.ownWords > 0 && !judge.fresh(a);
  if (!first.answerable) {
    // The follow-up's own words may be elsewhere than where the turn before was quoted.
    const other = answer(withoutQuoted(candidates, previous));
    return other.answerable && !nothingNew(other, judge.coverage(other)) ? other : first;
  }
  const before = judge.coverage(first);
  const declined = { ...first, answerable: false, citations: [], answer: declineText(judge.question) };
  if (judge.adds(first)) return nothingNew(first, before) ? declined : first;
  // The decline model weighs the words borrowed from the turn before, which another paragraph
  // may well lack; a quote holding every word of the follow-up's own is answer enough.
  const alternative = answer(withoutQuoted(candidates, previous), true);
  const coverage = judge.coverage(alternative);
  const better =
    alternative.answerable &&
    holdsMore(coverage, before) &&
    !(alternative.overridden && coverage[0] < 1) &&
    !nothingNew(alternative, coverage);
  if (!better) return nothingNew(first, before) ? declined : first;
  // A paragraph split into runs may be ranked twice: keep its first place.
  const seen = new Set<string>();
  const ranking = alternative.ranking.filter((r) => {
    const key = `${r.doc}\0${r.paragraph}`;
    return !seen.has(key) && !!seen.add(key);
  });
  return { ...alternative, ranking };
}

/** Lexicographic: more of the follow-up's own words, or as many and more of the borrowed ones. */
function holdsMore([own, borrowed]: [number, number], [ownBefore, borrowedBefore]: [number, number]): boolean {
  return own > ownBefore || (own === ownBefore && borrowed > borrowedBefore);
}
