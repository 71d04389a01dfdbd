/**
 * Per-benchmark quality figures, computed as the independent scorer computes them: retrieval
 * hit@1/@3 over answerable questions, answers that contain every expected fact, citation
 * precision, the share of answerable and unanswerable questions declined, and how often the
 * answer phrase of a who / when / how-many … question is a gold answer.
 */
import { hasFact } from '../text.js';
import type { EvalCase } from '../types.js';

export interface Outcome {
  /** 1-based paragraph numbers, best first. */
  ranking: number[];
  declined: boolean;
  answer: string;
  cited: number[];
  /** The answer phrase, when the question asks for a kind of phrase (null: none found). */
  short?: string | null;
}

export interface QualityFigures {
  answerable: number;
  unanswerable: number;
  hit1: number;
  hit3: number;
  /** Answer contains every expected fact (declines count as misses). */
  contains: number;
  citationPrecision: number;
  answerableDeclined: number;
  unanswerableDeclined: number;
  /** Of the answered questions that ask for a kind of phrase (who, when, how many …), the share whose answer phrase is a gold answer. */
  shortRight: number;
}

/** An answer phrase is right when it holds a gold answer or is part of one ("Ruiz" for "Ana Ruiz"). */
export function shortAnswerRight(short: string | null | undefined, expected: string[][]): boolean {
  const s = short?.trim().toLowerCase();
  if (!s) return false;
  return expected.some((fact) => fact.some((alt) => s.includes(alt.toLowerCase()) || alt.toLowerCase().includes(s)));
}

const rate = (n: number, d: number) => (d === 0 ? NaN : n / d);

export function figuresOf(cases: EvalCase[], outcomes: Outcome[]): QualityFigures {
  let answerable = 0;
  let unanswerable = 0;
  let hit1 = 0;
  let hit3 = 0;
  let contains = 0;
  let cited = 0;
  let citedGold = 0;
  let falseDeclines = 0;
  let trueDeclines = 0;
  let phrases = 0;
  let rightPhrases = 0;
  cases.forEach((c, i) => {
    const o = outcomes[i]!;
    if (!c.answerable) {
      unanswerable++;
      if (o.declined) trueDeclines++;
      return;
    }
    answerable++;
    const ranking = [...new Set(o.ranking)];
    if (c.citations.includes(ranking[0]!)) hit1++;
    if (ranking.slice(0, 3).some((p) => c.citations.includes(p))) hit3++;
    if (o.declined) {
      falseDeclines++;
      return;
    }
    if (c.expected.every((fact) => hasFact(o.answer, fact))) contains++;
    if (o.short !== undefined && c.expected.length > 0) {
      phrases++;
      if (shortAnswerRight(o.short, c.expected)) rightPhrases++;
    }
    if (o.cited.length > 0) {
      cited++;
      if (o.cited.every((p) => c.citations.includes(p))) citedGold++;
    }
  });
  return {
    answerable,
    unanswerable,
    hit1: rate(hit1, answerable),
    hit3: rate(hit3, answerable),
    contains: rate(contains, answerable),
    citationPrecision: rate(citedGold, cited),
    answerableDeclined: rate(falseDeclines, answerable),
    unanswerableDeclined: rate(trueDeclines, unanswerable),
    shortRight: rate(rightPhrases, phrases),
  };
}
