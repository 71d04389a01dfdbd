/**
 * Aggregate metrics over checked cases. Denominators follow the independent scorer
 * (shared/eval/score.mjs) where the two overlap; a rate whose denominator is empty is `null`
 * ("not measured"), never a flattering 0 or 1.
 */
import { percentile } from '../stats/percentile.js';
import type { CaseRecord } from './types.js';

/** The `summary` of results.json. Rates are fractions 0..1 (4 decimals); latencies are ms. */
export interface EvalSummary {
  cases: number;
  passed: number;
  failed: number;
  /** Cases whose `ask` threw. */
  errors: number;
  answerable: number;
  unanswerable: number;
  pass_rate: number | null;
  fact_accuracy: number | null;
  forbidden_clean_rate: number | null;
  forbidden_violations: number;
  /** Answerable cases with gold paragraphs: the denominator of hit@k, MRR and citation recall. */
  retrieval_graded: number;
  hit_at_1: number | null;
  hit_at_3: number | null;
  mrr: number | null;
  citation_precision: number | null;
  citation_precision_micro: number | null;
  citation_recall: number | null;
  citation_gold_coverage: number | null;
  citation_validity: number | null;
  quotes_checked: number;
  invalid_quotes: number;
  uncited_answers: number;
  decline_accuracy: number | null;
  decline_rate_unanswerable: number | null;
  false_decline_rate: number | null;
  decline_with_citation: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_mean_ms: number | null;
  latency_max_ms: number | null;
}

/** Rate metrics (higher is better) that `--min-<metric>` thresholds can gate. */
export const RATE_METRICS = [
  'pass_rate',
  'fact_accuracy',
  'forbidden_clean_rate',
  'hit_at_1',
  'hit_at_3',
  'mrr',
  'citation_precision',
  'citation_precision_micro',
  'citation_recall',
  'citation_gold_coverage',
  'citation_validity',
  'decline_accuracy',
  'decline_rate_unanswerable',
] as const satisfies ReadonlyArray<keyof EvalSummary>;

export type RateMetric = (typeof RATE_METRICS)[number];

/** One-line definitions, printed in report.md so a reader knows exactly what each number means. */
export const METRIC_DEFINITIONS: Record<RateMetric | 'false_decline_rate' | 'latency', string> = {
  pass_rate: 'cases whose gating checks all pass (decline, facts, forbidden content, citation validity, support) / cases',
  fact_accuracy: 'answerable cases answered (not declined) with every expected fact present, case-insensitively / answerable cases',
  forbidden_clean_rate: 'cases with `must_not_include` whose answer contains none of it / cases with `must_not_include`',
  hit_at_1: 'graded cases whose first unique retrieved paragraph is gold / graded cases (answerable cases with gold paragraphs)',
  hit_at_3: 'graded cases with a gold paragraph among the first 3 unique retrieved paragraphs / graded cases',
  mrr: 'mean over graded cases of 1/rank of the first gold paragraph among unique retrieved paragraphs (0 when absent)',
  citation_precision:
    'answered graded cases whose cited paragraphs are all gold / answered graded cases with citations (as the shared scorer)',
  citation_precision_micro: 'gold cited paragraphs / cited paragraphs, over answered graded cases (unique paragraphs per case)',
  citation_recall: 'graded cases answered with at least one gold paragraph cited / graded cases (any gold paragraph is correct support)',
  citation_gold_coverage: 'mean over graded cases of the share of gold paragraphs cited (0 when declined)',
  citation_validity: 'citations whose paragraph exists and contains the quote (ellipses allowed) / citations, over all cases',
  decline_accuracy: 'cases with the right decline behaviour (unanswerable declined, answerable answered) / cases',
  decline_rate_unanswerable: 'unanswerable cases declined / unanswerable cases',
  false_decline_rate: 'answerable cases declined / answerable cases (lower is better)',
  latency: '`timings.totalMs` of each result (wall time around ask when absent); p50/p95 by nearest rank',
};

export function summarize(records: readonly CaseRecord[]): EvalSummary {
  const answerable = records.filter((r) => r.case.answerable);
  const unanswerable = records.filter((r) => !r.case.answerable);
  const withForbidden = records.filter((r) => r.checks.forbidden_ok !== null);
  const graded = records.filter((r) => r.checks.retrieval_rank !== null);
  const precise = records.filter((r) => r.checks.citation_precision !== null);
  const citedTotal = sum(precise.map((r) => r.checks.cited.length));
  const citedGold = sum(precise.map((r) => (r.checks.citation_precision ?? 0) * r.checks.cited.length));
  const quotes = sum(records.map((r) => r.result?.citations?.length ?? 0));
  const invalidQuotes = sum(records.map((r) => r.checks.invalid_citations.length));
  const latencies = records.map((r) => r.checks.latency_ms).filter((ms): ms is number => ms !== null);
  const passed = records.filter((r) => r.pass).length;

  return {
    cases: records.length,
    passed,
    failed: records.length - passed,
    errors: records.filter((r) => r.checks.error !== null).length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    pass_rate: rate(passed, records.length),
    fact_accuracy: rate(
      count(answerable, (r) => r.checks.facts_ok === true),
      answerable.length,
    ),
    forbidden_clean_rate: rate(
      count(withForbidden, (r) => r.checks.forbidden_ok === true),
      withForbidden.length,
    ),
    forbidden_violations: count(withForbidden, (r) => r.checks.forbidden_ok === false),
    retrieval_graded: graded.length,
    hit_at_1: rate(
      count(graded, (r) => r.checks.hit_at_1 === true),
      graded.length,
    ),
    hit_at_3: rate(
      count(graded, (r) => r.checks.hit_at_3 === true),
      graded.length,
    ),
    mrr: rate(sum(graded.map((r) => r.checks.reciprocal_rank ?? 0)), graded.length),
    citation_precision: rate(
      count(precise, (r) => r.checks.citation_all_gold === true),
      precise.length,
    ),
    citation_precision_micro: rate(citedGold, citedTotal),
    citation_recall: rate(
      count(graded, (r) => r.checks.citation_recall === true),
      graded.length,
    ),
    citation_gold_coverage: rate(sum(graded.map((r) => r.checks.citation_gold_coverage ?? 0)), graded.length),
    citation_validity: rate(quotes - invalidQuotes, quotes),
    quotes_checked: quotes,
    invalid_quotes: invalidQuotes,
    uncited_answers: count(answerable, (r) => r.result !== null && !r.checks.declined && r.checks.cited.length === 0),
    decline_accuracy: rate(
      count(records, (r) => r.checks.decline_ok),
      records.length,
    ),
    decline_rate_unanswerable: rate(
      count(unanswerable, (r) => r.checks.declined),
      unanswerable.length,
    ),
    false_decline_rate: rate(
      count(answerable, (r) => r.checks.declined),
      answerable.length,
    ),
    decline_with_citation: count(unanswerable, (r) => r.checks.declined && r.checks.cited.length > 0),
    latency_p50_ms: latencies.length > 0 ? percentile(latencies, 0.5) : null,
    latency_p95_ms: latencies.length > 0 ? percentile(latencies, 0.95) : null,
    latency_mean_ms: latencies.length > 0 ? round(sum(latencies) / latencies.length, 1) : null,
    latency_max_ms: latencies.length > 0 ? Math.max(...latencies) : null,
  };
}

export interface TagSummary {
  cases: number;
  passed: number;
  pass_rate: number | null;
  fact_accuracy: number | null;
  hit_at_3: number | null;
  citation_recall: number | null;
  decline_accuracy: number | null;
}

/** The summary restricted to each tag's cases; untagged cases are grouped as "(untagged)". */
export function summarizeByTag(records: readonly CaseRecord[]): Record<string, TagSummary> {
  const groups = new Map<string, CaseRecord[]>();
  for (const r of records) {
    for (const tag of r.case.tags.length > 0 ? r.case.tags : ['(untagged)']) {
      groups.set(tag, [...(groups.get(tag) ?? []), r]);
    }
  }
  const out: Record<string, TagSummary> = {};
  for (const tag of [...groups.keys()].sort()) {
    const s = summarize(groups.get(tag) ?? []);
    out[tag] = {
      cases: s.cases,
      passed: s.passed,
      pass_rate: s.pass_rate,
      fact_accuracy: s.fact_accuracy,
      hit_at_3: s.hit_at_3,
      citation_recall: s.citation_recall,
      decline_accuracy: s.decline_accuracy,
    };
  }
  return out;
}

/** LLM-judged faithfulness, reported apart from the summary and never gated on. */
export interface FaithfulnessSummary {
  judge: string;
  judged: number;
  failed_judgements: number;
  mean: number | null;
}

export function summarizeFaithfulness(records: readonly CaseRecord[], judge: string): FaithfulnessSummary | null {
  const judged = records.filter((r) => r.faithfulness !== undefined);
  if (judged.length === 0) return null;
  const scores = judged.map((r) => r.faithfulness?.score).filter((s): s is number => typeof s === 'number');
  return {
    judge,
    judged: scores.length,
    failed_judgements: judged.length - scores.length,
    mean: rate(sum(scores), scores.length),
  };
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : round(numerator / denominator, 4);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function count<T>(xs: readonly T[], predicate: (x: T) => boolean): number {
  return xs.filter(predicate).length;
}
