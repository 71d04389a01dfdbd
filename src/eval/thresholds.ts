/**
 * CI gates over the summary: `--min-<metric> X` for every rate metric (X a fraction 0..1), plus
 * `--max-latency-p50-ms`, `--max-latency-p95-ms` and `--max-false-decline-rate`. A gated metric
 * that could not be measured (e.g. hit@1 with no graded cases) counts as missed: a gate that
 * silently passes on nothing is no gate.
 */
import { RATE_METRICS, type EvalSummary } from './metrics.js';

export interface ThresholdSpec {
  flag: string;
  metric: keyof EvalSummary;
  kind: 'min' | 'max';
  unit: 'fraction' | 'ms';
}

const flagName = (kind: string, metric: string): string => `${kind}-${metric.replace(/_/g, '-')}`;

/** Every threshold flag (without the leading dashes) and what it gates. */
export const THRESHOLD_SPECS: readonly ThresholdSpec[] = [
  ...RATE_METRICS.map((metric) => ({ flag: flagName('min', metric), metric, kind: 'min' as const, unit: 'fraction' as const })),
  { flag: 'max-false-decline-rate', metric: 'false_decline_rate', kind: 'max', unit: 'fraction' },
  { flag: 'max-latency-p50-ms', metric: 'latency_p50_ms', kind: 'max', unit: 'ms' },
  { flag: 'max-latency-p95-ms', metric: 'latency_p95_ms', kind: 'max', unit: 'ms' },
];

export interface Threshold extends ThresholdSpec {
  value: number;
}

/** Parses a threshold's value; returns an error message for a bad one. */
export function parseThreshold(spec: ThresholdSpec, raw: string): Threshold | { error: string } {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (spec.unit === 'ms') {
    if (!Number.isFinite(value) || value < 0) return { error: `--${spec.flag} expects a number of milliseconds ≥ 0, got "${raw}"` };
    return { ...spec, value };
  }
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    const hint = Number.isFinite(value) && value > 1 && value <= 100 ? ` (did you mean ${value / 100}?)` : '';
    return { error: `--${spec.flag} expects a fraction between 0 and 1, got "${raw}"${hint}` };
  }
  return { ...spec, value };
}

export interface ThresholdOutcome {
  threshold: Threshold;
  actual: number | null;
  ok: boolean;
  message: string;
}

export function evaluateThresholds(summary: EvalSummary, thresholds: readonly Threshold[]): ThresholdOutcome[] {
  return thresholds.map((threshold) => {
    const actual = summary[threshold.metric];
    const label = `${threshold.metric} ${threshold.kind === 'min' ? '≥' : '≤'} ${threshold.value}`;
    if (typeof actual !== 'number') {
      return { threshold, actual: null, ok: false, message: `${label}: not measured (no cases to compute it from)` };
    }
    const ok = threshold.kind === 'min' ? actual >= threshold.value : actual <= threshold.value;
    return { threshold, actual, ok, message: `${label}: ${ok ? 'met' : 'MISSED'} (actual ${actual})` };
  });
}
