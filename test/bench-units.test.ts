import { describe, expect, it } from 'vitest';
import { exactTopK, labelRecall, recall, unit, type VectorSet } from '../src/bench/hnsw-quality.js';
import { latencyRun, throughput } from '../src/bench/measure.js';
import { assignParagraphs, locate } from '../src/bench/peer.js';
import { figure, FigureBook } from '../src/bench/report.js';
import { median, spread } from '../src/bench/stats.js';
import { percentile } from '../src/stats/percentile.js';
import { formatValue, renderTable } from '../src/bench/table.js';

describe('bench stats', () => {
  it('percentiles are nearest-rank, like the eval reports', () => {
    const xs = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(xs, 0.5)).toBe(5);
    expect(percentile(xs, 0.95)).toBe(10);
    expect(percentile(xs, 0.1)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(() => percentile([], 0.5)).toThrow();
  });

  it('median averages the middle pair of an even count; spread keeps every run', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([3, 9, 1])).toEqual({ median: 3, min: 1, max: 9, runs: [3, 9, 1] });
  });

  it('a figure meets its target by its median, not by a lucky run', () => {
    expect(figure({ id: 'a', workload: 'sotu', label: 'p95', unit: 'ms', target: { op: '<', value: 25 } }, [20, 30, 40]).met).toBe(false);
    expect(
      figure({ id: 'b', workload: 'hnsw', label: 'recall', unit: 'ratio', target: { op: '>=', value: 0.99 } }, [0.99, 0.98, 1]).met,
    ).toBe(true);
    expect(figure({ id: 'c', workload: 'article', label: 'no target', unit: 'MB' }, [1]).met).toBeUndefined();
  });

  it('the table shows median, min, max and marks a missed target', () => {
    const book = new FigureBook();
    book.add({ id: 'x', workload: 'sotu', label: 'query p95', unit: 'ms', target: { op: '<', value: 25 } }, [30, 31, 29]);
    book.add({ id: 'y', workload: 'article', label: 'rss', unit: 'MB' }, [120.4]);
    const table = renderTable(book.figures);
    expect(table).toMatch(/\| SOTU corpus +\| query p95 +\| +30\.0 ms \| +29\.0 \| +31\.0 \| < 25\.0 ms \| MISS \|/);
    expect(table).toContain('120 MB');
    expect(formatValue(0.98765, 'ratio')).toBe('0.988');
  });
});

describe('bench timing loops', () => {
  it('latencyRun times every operation for every question and pass', async () => {
    const seen: string[] = [];
    const samples = await latencyRun(['a', 'b'], 2, { one: async (q) => seen.push(`1${q}`), two: async (q) => seen.push(`2${q}`) });
    expect(seen).toEqual(['1a', '2a', '1b', '2b', '1a', '2a', '1b', '2b']);
    expect(samples.one).toHaveLength(4);
    expect(samples.two!.every((ms) => ms >= 0)).toBe(true);
  });

  it('throughput answers exactly `total` questions however many callers share them', async () => {
    let asked = 0;
    const qps = await throughput(['q'], 37, 16, async () => {
      asked++;
      await new Promise((r) => setImmediate(r));
    });
    expect(asked).toBe(37);
    expect(qps).toBeGreaterThan(0);
  });
});

describe('peer chunk scoring', () => {
  const text = 'Alpha one.\n\nBeta two is longer.\n\nGamma three.';
  const paragraphs = locate(text, ['Alpha one.', 'Beta two is longer.', 'Gamma three.']).map((s, i) => ({ n: i + 1, ...s! }));

  it('locates overlapping pieces in order and reports missing ones', () => {
    expect(locate('abcabc', ['abc', 'abc', 'zzz'])).toEqual([{ start: 0, end: 3 }, { start: 3, end: 6 }, undefined]);
  });

  it('a chunk belongs to the paragraph holding most of its characters; lenient counts any overlap', () => {
    const chunk = { start: text.indexOf('one'), end: text.indexOf('longer') + 6 };
    expect(assignParagraphs(chunk, paragraphs)).toEqual({ paragraph: 2, overlaps: [1, 2] });
    expect(assignParagraphs({ start: 10, end: 12 }, paragraphs)).toEqual({ overlaps: [] });
  });
});

describe('HNSW quality measures', () => {
  const set: VectorSet = {
    dims: 2,
    labels: [10, 11, 12, 13],
    matrix: Float32Array.from([...unit([1, 0]), ...unit([0.9, 0.1]), ...unit([0, 1]), ...unit([0.9, 0.1])]),
  };

  it('exact search returns the nearest labels best first', () => {
    const top = exactTopK(set, unit([1, 0]), 2);
    expect(top.labels[0]).toBe(10);
    expect(top.scores[0]).toBeCloseTo(1);
    expect(top.scores[1]).toBeLessThan(1);
  });

  it('distance-based recall forgives an equally near neighbour; label recall does not', () => {
    const exact = exactTopK(set, unit([1, 0]), 2); // 10, then 11 or 13 (a tie)
    const other = exact.labels[1] === 11 ? 13 : 11;
    const approxScores = [1, exact.scores[1]!];
    expect(recall(approxScores, exact.scores)).toBe(1);
    expect(labelRecall([10, other], exact.labels)).toBe(0.5);
    expect(recall([1, 0], exact.scores)).toBe(0.5);
  });
});
