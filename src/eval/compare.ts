/**
 * `--compare OLD/results.json`: what changed between two runs — cases that started or stopped
 * passing, cases added or removed, and the deltas of every numeric summary metric.
 */
import { z } from 'zod';

/** The part of a results.json that comparing needs (older files may carry more or fewer keys). */
const comparableSchema = z.object({
  summary: z.record(z.string(), z.unknown()),
  config: z.record(z.string(), z.unknown()).optional(),
  cases: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), pass: z.boolean() })),
});

export type ComparableResults = z.output<typeof comparableSchema>;

export function parseComparable(text: string): ComparableResults | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = comparableSchema.safeParse(value);
  return parsed.success ? parsed.data : { error: 'not an eval results.json (needs "summary" and "cases": [{id, pass}])' };
}

export interface MetricDelta {
  metric: string;
  old: number | null;
  new: number | null;
  delta: number | null;
}

export interface Comparison {
  newly_failing: string[];
  newly_passing: string[];
  added: string[];
  removed: string[];
  /** Numeric summary metrics whose value changed. */
  changed: MetricDelta[];
  unchanged: number;
  /** Config keys (mode, model, corpus hash…) that differ, so a delta can be attributed. */
  config_changes: Array<{ key: string; old: unknown; new: unknown }>;
}

/** Anything shaped like results.json: a parsed old file or the current run's `ResultsJson`. */
export interface Comparable {
  summary: object;
  config?: object;
  cases: ReadonlyArray<{ id: string; pass: boolean }>;
}

export function compareResults(previousRun: Comparable, currentRun: Comparable): Comparison {
  const previous = asRecords(previousRun);
  const current = asRecords(currentRun);
  const before = new Map(previous.cases.map((c) => [c.id, c.pass]));
  const after = new Map(current.cases.map((c) => [c.id, c.pass]));
  const shared = [...after.keys()].filter((id) => before.has(id));
  const metrics = [...new Set([...Object.keys(previous.summary), ...Object.keys(current.summary)])].filter(
    (k) => isNumeric(previous.summary[k]) || isNumeric(current.summary[k]),
  );
  const deltas = metrics.map((metric) => {
    const o = asNumber(previous.summary[metric]);
    const n = asNumber(current.summary[metric]);
    return { metric, old: o, new: n, delta: o !== null && n !== null ? Math.round((n - o) * 10_000) / 10_000 : null };
  });
  const changed = deltas.filter((d) => d.old !== d.new);
  const configKeys = [...new Set([...Object.keys(previous.config), ...Object.keys(current.config)])].filter(
    (k) => !VOLATILE_CONFIG.has(k) && JSON.stringify(previous.config[k]) !== JSON.stringify(current.config[k]),
  );
  return {
    newly_failing: shared.filter((id) => before.get(id) === true && after.get(id) === false),
    newly_passing: shared.filter((id) => before.get(id) === false && after.get(id) === true),
    added: [...after.keys()].filter((id) => !before.has(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
    changed,
    unchanged: deltas.length - changed.length,
    config_changes: configKeys.map((key) => ({ key, old: previous.config[key], new: current.config[key] })),
  };
}

/** Keys that differ on every run and say nothing about the system under test. */
const VOLATILE_CONFIG = new Set(['started_at', 'duration_ms']);

export function formatComparison(c: Comparison, label = 'previous run'): string {
  const lines = [`Compared with ${label}:`];
  const list = (title: string, ids: string[]): void => {
    lines.push(`  ${title} (${ids.length})${ids.length > 0 ? `: ${ids.join(', ')}` : ''}`);
  };
  list('newly failing', c.newly_failing);
  list('newly passing', c.newly_passing);
  if (c.added.length > 0) list('new cases', c.added);
  if (c.removed.length > 0) list('removed cases', c.removed);
  if (c.changed.length === 0) lines.push('  metrics: no change');
  else {
    lines.push(`  metric deltas (${c.unchanged} unchanged):`);
    const width = Math.max(...c.changed.map((d) => d.metric.length));
    for (const d of c.changed) {
      const delta = d.delta === null ? 'n/a' : `${d.delta > 0 ? '+' : ''}${d.delta}`;
      lines.push(`    ${d.metric.padEnd(width)}  ${show(d.old)} → ${show(d.new)}  (${delta})`);
    }
  }
  for (const change of c.config_changes) {
    lines.push(`  config ${change.key}: ${JSON.stringify(change.old) ?? 'unset'} → ${JSON.stringify(change.new) ?? 'unset'}`);
  }
  return `${lines.join('\n')}\n`;
}

function asRecords(r: Comparable): { summary: Record<string, unknown>; config: Record<string, unknown>; cases: Comparable['cases'] } {
  return { summary: r.summary as Record<string, unknown>, config: (r.config ?? {}) as Record<string, unknown>, cases: r.cases };
}

const isNumeric = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const show = (v: number | null): string => (v === null ? 'n/a' : String(v));
