/**
 * Fits the four models in order — paragraph reranker, window chooser, decline model (and its
 * threshold), answer-phrase scorer — on analysed training questions. Every benchmark weighs the same, however
 * many questions it has, so no one text dominates.
 */
import { decide, orderOf, quotable, speakersFirst, type Decision } from '../../answer/decide.js';
import {
  DECLINE_FEATURES,
  DECLINE_SIGNS,
  RANK_FEATURES,
  SHORT_FEATURES,
  WINDOW_FEATURES,
  dot,
  type FittedParams,
} from '../../params/fitted.js';
import { shortAnswerRight } from '../quality/metrics.js';
import { shortAnswerChoices } from '../../answer/short-answer.js';
import { shortAnswerInput } from './evaluate.js';
import type { Analysed } from './data.js';
import { DEFAULT_FIT, fitChoice, fitLogistic, type BinarySample, type ChoiceSample } from './optimize.js';

/** The most answerable questions of any one training benchmark that may be declined. */
export const MAX_FALSE_DECLINES = 0.05;

const vector = <K extends string>(names: readonly K[], r: Record<K, number>) => names.map((n) => r[n]);
const record = <K extends string>(names: readonly K[], w: number[]) =>
  Object.fromEntries(names.map((n, i) => [n, w[i]!])) as Record<K, number>;

function benchmarkWeights(data: Analysed[], counted: (a: Analysed) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of data) if (counted(a)) counts.set(a.benchmark, (counts.get(a.benchmark) ?? 0) + 1);
  return new Map([...counts].map(([b, n]) => [b, 1 / n]));
}

export function fitRank(data: Analysed[], l2 = DEFAULT_FIT.l2): FittedParams['rank'] {
  const usable = (a: Analysed) => a.case.answerable && a.gold.some(Boolean);
  const weight = benchmarkWeights(data, usable);
  const samples: ChoiceSample[] = data.filter(usable).map((a) => ({
    x: a.analysis.paragraphs.map((p) => vector(RANK_FEATURES, p.features)),
    positives: a.gold.flatMap((g, i) => (g ? [i] : [])),
    weight: weight.get(a.benchmark)!,
  }));
  return { weights: record(RANK_FEATURES, fitChoice(samples, RANK_FEATURES.length, { ...DEFAULT_FIT, l2 })) };
}

/** Windows of the top `n` paragraphs under a rank model, with `para` filled in. */
function topWindows(a: Analysed, rank: FittedParams['rank'], n: number) {
  const scores = a.analysis.paragraphs.map((p) => dot(rank.weights, p.features));
  const order = speakersFirst(a.analysis, orderOf(scores));
  const top = scores[order[0]!] ?? 0;
  return quotable(a.analysis, order, n).flatMap((i) =>
    a.windows[i]!.map((w, j) => ({ features: { ...w.features, para: scores[i]! - top }, correct: a.correct[i]![j]! })),
  );
}

export function fitWindow(data: Analysed[], rank: FittedParams['rank'], paragraphs: number, l2 = DEFAULT_FIT.l2): FittedParams['window'] {
  const samples: ChoiceSample[] = [];
  const rows = data.map((a) => ({ a, windows: a.case.answerable ? topWindows(a, rank, paragraphs) : [] }));
  const usable = rows.filter((r) => r.windows.some((w) => w.correct));
  const weight = benchmarkWeights(
    usable.map((r) => r.a),
    () => true,
  );
  for (const { a, windows } of usable) {
    samples.push({
      x: windows.map((w) => vector(WINDOW_FEATURES, w.features)),
      positives: windows.flatMap((w, i) => (w.correct ? [i] : [])),
      weight: weight.get(a.benchmark)!,
    });
  }
  return { paragraphs, weights: record(WINDOW_FEATURES, fitChoice(samples, WINDOW_FEATURES.length, { ...DEFAULT_FIT, l2 })) };
}

/**
 * What the reranker and window chooser of `params` decide for each question. The decline model
 * and the answer-phrase scorer both learn from these decisions, and neither changes them (the
 * window does not depend on the decline weights), so they are made once per fit.
 */
export function decisionsOf(data: Analysed[], params: FittedParams): Decision[] {
  return data.map((a) => decide(a.analysis, params));
}

export function fitDecline(data: Analysed[], decisions: Decision[], l2 = DEFAULT_FIT.l2): FittedParams['decline'] {
  const weight = benchmarkWeights(data, () => true);
  const samples: BinarySample[] = data.flatMap((a, i) => {
    const features = decisions[i]!.decline;
    return features ? [{ x: vector(DECLINE_FEATURES, features), y: a.case.answerable ? 1 : 0, weight: weight.get(a.benchmark)! }] : [];
  });
  const signs = [0, ...DECLINE_FEATURES.map((f) => DECLINE_SIGNS[f])];
  const [bias, ...w] = fitLogistic(samples, DECLINE_FEATURES.length, { ...DEFAULT_FIT, l2, signs });
  const model = { bias: bias!, weights: record(DECLINE_FEATURES, w), threshold: 0 };
  const logits = data.map((a, i) => {
    const features = decisions[i]!.decline;
    return { a, logit: features ? model.bias + dot(model.weights, features) : -Infinity };
  });
  return { ...model, threshold: thresholdFor(logits) };
}

/**
 * The highest threshold at which at most MAX_FALSE_DECLINES of the answerable training questions
 * are declined, every benchmark weighing the same: declining is worth a lot, but not at the price
 * of answerable questions. (Per-benchmark limits were tried: on benchmarks of 30–40 answerable
 * questions one paraphrase the matcher cannot see sets the threshold for everything.)
 */
export function thresholdFor(logits: { a: Analysed; logit: number }[]): number {
  const answerable = logits.filter((l) => l.a.case.answerable);
  const weight = benchmarkWeights(
    answerable.map((l) => l.a),
    () => true,
  );
  const total = answerable.reduce((s, l) => s + weight.get(l.a.benchmark)!, 0);
  const sorted = [...answerable].sort((x, y) => x.logit - y.logit);
  let declined = 0;
  for (const l of sorted) {
    declined += weight.get(l.a.benchmark)!;
    // Declining everything below l.logit costs what was summed before it.
    if (declined / total > MAX_FALSE_DECLINES) return l.logit;
  }
  return sorted[0]?.logit ?? 0;
}

/**
 * The answer-phrase scorer: on every answerable question that asks for a kind of phrase, the
 * entities of the window the fitted models quote, the gold ones positive (questions whose window
 * holds no gold entity teach nothing and are left out).
 */
export function fitShort(data: Analysed[], decisions: Decision[], l2 = DEFAULT_FIT.l2): FittedParams['short'] {
  const rows = data.flatMap((a, i) => {
    if (!a.case.answerable) return [];
    const input = shortAnswerInput(a, decisions[i]!);
    const candidates = input ? shortAnswerChoices(input) : [];
    const positives = candidates.flatMap((c, k) => (shortAnswerRight(c.phrase, a.case.expected) ? [k] : []));
    return positives.length > 0 ? [{ a, candidates, positives }] : [];
  });
  const weight = benchmarkWeights(
    rows.map((r) => r.a),
    () => true,
  );
  const samples: ChoiceSample[] = rows.map(({ a, candidates, positives }) => ({
    x: candidates.map((c) => vector(SHORT_FEATURES, c.features)),
    positives,
    weight: weight.get(a.benchmark)!,
  }));
  return { weights: record(SHORT_FEATURES, fitChoice(samples, SHORT_FEATURES.length, { ...DEFAULT_FIT, l2 })) };
}

/** All four models on `data`, with the given retrieval and matching parameters and L2 penalty. */
export function fitAll(data: Analysed[], base: FittedParams, windowParagraphs: number, l2 = DEFAULT_FIT.l2): FittedParams {
  const rank = fitRank(data, l2);
  const window = fitWindow(data, rank, windowParagraphs, l2);
  const partial: FittedParams = { ...base, rank, window, fit: { l2 } };
  const decisions = decisionsOf(data, partial);
  return { ...partial, decline: fitDecline(data, decisions, l2), short: fitShort(data, decisions, l2) };
}
