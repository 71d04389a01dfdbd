/** Small formatting helpers shared by the report renderers. */

export const pct = (x: number | null | undefined): string => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : 'n/a');
export const ms = (x: number | null | undefined): string => (typeof x === 'number' ? `${Math.round(x)} ms` : 'n/a');
export const num = (x: number | null | undefined): string => (typeof x === 'number' ? String(x) : 'n/a');
export const paras = (ns: readonly number[]): string => (ns.length > 0 ? ns.map((n) => `¶${n}`).join(' ') : '–');

/** Summary rows shown by every human-readable report, in order. */
export const SUMMARY_ROWS: ReadonlyArray<{ key: string; label: string; kind: ValueKind }> = [
  { key: 'pass_rate', label: 'pass rate', kind: 'rate' },
  { key: 'fact_accuracy', label: 'fact accuracy', kind: 'rate' },
  { key: 'forbidden_clean_rate', label: 'free of forbidden content', kind: 'rate' },
  { key: 'hit_at_1', label: 'retrieval hit@1', kind: 'rate' },
  { key: 'hit_at_3', label: 'retrieval hit@3', kind: 'rate' },
  { key: 'mrr', label: 'retrieval MRR', kind: 'score' },
  { key: 'citation_precision', label: 'citation precision (all cited gold)', kind: 'rate' },
  { key: 'citation_precision_micro', label: 'citation precision (per paragraph)', kind: 'rate' },
  { key: 'citation_recall', label: 'citation recall (a gold ¶ cited)', kind: 'rate' },
  { key: 'citation_gold_coverage', label: 'gold paragraphs covered', kind: 'rate' },
  { key: 'citation_validity', label: 'citation validity', kind: 'rate' },
  { key: 'decline_accuracy', label: 'decline accuracy', kind: 'rate' },
  { key: 'decline_rate_unanswerable', label: 'unanswerable declined', kind: 'rate' },
  { key: 'false_decline_rate', label: 'false declines', kind: 'rate' },
  { key: 'uncited_answers', label: 'answers without citation', kind: 'count' },
  { key: 'invalid_quotes', label: 'invalid quotes', kind: 'count' },
  { key: 'errors', label: 'ask errors', kind: 'count' },
  { key: 'latency_p50_ms', label: 'latency p50', kind: 'ms' },
  { key: 'latency_p95_ms', label: 'latency p95', kind: 'ms' },
];

/** rate: a fraction shown as %; score: a 0..1 mean shown as a decimal (MRR); ms; count. */
export type ValueKind = 'rate' | 'score' | 'ms' | 'count';

export function formatValue(kind: ValueKind, value: unknown): string {
  const v = typeof value === 'number' ? value : null;
  if (kind === 'score') return v === null ? 'n/a' : v.toFixed(3);
  return kind === 'rate' ? pct(v) : kind === 'ms' ? ms(v) : num(v);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes XML text/attribute content and drops characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')).replace(/&#39;/g, '&apos;');
}

/** Markdown table cell: pipes escaped, newlines flattened, long text cut. */
export function mdCell(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
