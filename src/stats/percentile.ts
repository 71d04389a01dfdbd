/**
 * The one percentile of the project: nearest rank, so a p95 in the eval reports, the bench and
 * the soak run means the same thing (the value at rank ⌈p·n⌉ of the sorted samples, never an
 * interpolation between two of them).
 */

/** Nearest-rank percentile, `p` in 0..1. Throws on an empty list: a figure without samples is a bug. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (!(p >= 0 && p <= 1)) throw new Error(`percentile ${p} is outside 0..1`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}
