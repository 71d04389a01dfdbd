/**
 * results.json — a contract other tools read: `{summary, config, cases: [{id, pass, checks, result}]}`
 * plus additive keys (`by_tag`, `faithfulness`, `thresholds`, `invalid_cases`). `result` is the
 * exact `ask --json` object (null when ask threw).
 */
import type { AskResult } from '../../domain/types.js';
import type { CaseError } from '../cases.js';
import type { EvalSummary, FaithfulnessSummary, TagSummary } from '../metrics.js';
import type { ThresholdOutcome } from '../thresholds.js';
import type { CaseChecks, CaseRecord, Fact } from '../types.js';

export interface ResultsCase {
  id: string;
  pass: boolean;
  question: string;
  answerable: boolean;
  tags: string[];
  /** The case's expected facts and gold paragraphs, so the file reads on its own. */
  expected: Fact[];
  gold: number[];
  checks: CaseChecks;
  result: AskResult | null;
  faithfulness?: CaseRecord['faithfulness'];
}

export interface ResultsJson {
  summary: EvalSummary;
  config: Record<string, unknown>;
  by_tag: Record<string, TagSummary>;
  faithfulness: FaithfulnessSummary | null;
  thresholds: Array<{ metric: string; kind: 'min' | 'max'; value: number; actual: number | null; ok: boolean }>;
  invalid_cases: CaseError[];
  cases: ResultsCase[];
}

export interface ResultsInput {
  summary: EvalSummary;
  config: Record<string, unknown>;
  byTag: Record<string, TagSummary>;
  faithfulness: FaithfulnessSummary | null;
  thresholds: readonly ThresholdOutcome[];
  invalidCases: readonly CaseError[];
  records: readonly CaseRecord[];
}

export function buildResults(input: ResultsInput): ResultsJson {
  return {
    summary: input.summary,
    config: input.config,
    by_tag: input.byTag,
    faithfulness: input.faithfulness,
    thresholds: input.thresholds.map((t) => ({
      metric: t.threshold.metric,
      kind: t.threshold.kind,
      value: t.threshold.value,
      actual: t.actual,
      ok: t.ok,
    })),
    invalid_cases: [...input.invalidCases],
    cases: input.records.map((r) => ({
      id: r.case.id,
      pass: r.pass,
      question: r.case.question,
      answerable: r.case.answerable,
      tags: r.case.tags,
      expected: r.case.expected,
      gold: r.case.citations,
      checks: r.checks,
      result: r.result,
      ...(r.faithfulness === undefined ? {} : { faithfulness: r.faithfulness }),
    })),
  };
}

export function renderJson(results: ResultsJson): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
