/**
 * Leave-one-benchmark-out cross-validation: each benchmark is scored with parameters fitted on
 * the others only, so every figure it reports is on text and questions the fit never saw.
 */
import type { FittedParams } from '../../params/fitted.js';
import { figuresOf, type QualityFigures } from '../quality/metrics.js';
import type { Analysed } from './data.js';
import { outcomeOf } from './evaluate.js';
import { fitAll } from './model.js';

export interface HeldOut {
  figures: Map<string, QualityFigures>;
  /** Out-of-fold decline logits with their labels, for the precision/recall curve. */
  logits: { benchmark: string; answerable: boolean; logit: number; threshold: number }[];
  /** Parameters of each fold, by held-out benchmark. */
  folds: Map<string, FittedParams>;
}

export function groupByBenchmark(data: Analysed[]): Map<string, Analysed[]> {
  const groups = new Map<string, Analysed[]>();
  for (const a of data) groups.set(a.benchmark, [...(groups.get(a.benchmark) ?? []), a]);
  return groups;
}

export function crossValidate(data: Analysed[], base: FittedParams, windowParagraphs: number, l2?: number): HeldOut {
  const groups = groupByBenchmark(data);
  const out: HeldOut = { figures: new Map(), logits: [], folds: new Map() };
  for (const [name, heldOut] of groups) {
    const params = fitAll(
      data.filter((a) => a.benchmark !== name),
      base,
      windowParagraphs,
      l2,
    );
    out.folds.set(name, params);
    const outcomes = heldOut.map((a) => outcomeOf(a, params));
    out.figures.set(
      name,
      figuresOf(
        heldOut.map((a) => a.case),
        outcomes,
      ),
    );
    heldOut.forEach((a, i) =>
      out.logits.push({ benchmark: name, answerable: a.case.answerable, logit: outcomes[i]!.logit, threshold: params.decline.threshold }),
    );
  }
  return out;
}

/** One number to compare settings by: mean held-out hit@1 and answer-contains-gold over the benchmarks that have answerable questions. */
export function objective(held: HeldOut): number {
  const scored = [...held.figures.values()].filter((f) => f.answerable > 0);
  return scored.reduce((s, f) => s + (f.hit1 + f.contains) / 2, 0) / (scored.length || 1);
}

/** The least share of off-topic questions (a benchmark without answerable ones) to decline held out. */
export const OFF_TOPIC_BAR = 0.9;

/**
 * Whether every off-topic benchmark held out declines at least `OFF_TOPIC_BAR` of its questions.
 * The objective counts answers only: without this, a setting that answers one more question
 * across all benchmarks wins even where it answers world-knowledge questions from the article.
 */
export function meetsOffTopicBar(held: HeldOut): boolean {
  return [...held.figures.values()].every((f) => f.answerable > 0 || f.unanswerable === 0 || f.unanswerableDeclined >= OFF_TOPIC_BAR);
}
