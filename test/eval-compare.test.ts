import { describe, expect, it } from 'vitest';
import { compareResults, formatComparison, parseComparable } from '../src/eval/compare.js';

const run = (cases: Array<[string, boolean]>, summary: Record<string, unknown>, config: Record<string, unknown> = {}) => ({
  summary,
  config,
  cases: cases.map(([id, pass]) => ({ id, pass })),
});

describe('compareResults', () => {
  const old = run(
    [
      ['a', true],
      ['b', false],
      ['c', true],
      ['gone', true],
    ],
    { cases: 4, pass_rate: 0.75, hit_at_1: 0.5, mrr: null, latency_p95_ms: 120 },
    { mode: 'extractive', corpus_hash: 'h1', started_at: 'x' },
  );
  const now = run(
    [
      ['a', false],
      ['b', true],
      ['c', true],
      ['new', false],
    ],
    { cases: 4, pass_rate: 0.5, hit_at_1: 0.5, mrr: 0.7, latency_p95_ms: 95 },
    { mode: 'extractive', corpus_hash: 'h2', started_at: 'y' },
  );

  it('finds newly failing, newly passing, added and removed cases and metric deltas', () => {
    const c = compareResults(old, now);
    expect(c.newly_failing).toEqual(['a']);
    expect(c.newly_passing).toEqual(['b']);
    expect(c.added).toEqual(['new']);
    expect(c.removed).toEqual(['gone']);
    expect(c.changed).toEqual([
      { metric: 'pass_rate', old: 0.75, new: 0.5, delta: -0.25 },
      { metric: 'mrr', old: null, new: 0.7, delta: null },
      { metric: 'latency_p95_ms', old: 120, new: 95, delta: -25 },
    ]);
    expect(c.unchanged).toBe(2);
    expect(c.config_changes).toEqual([{ key: 'corpus_hash', old: 'h1', new: 'h2' }]);
  });

  it('formats the comparison for people', () => {
    const text = formatComparison(compareResults(old, now), 'old/results.json');
    expect(text).toBe(
      [
        'Compared with old/results.json:',
        '  newly failing (1): a',
        '  newly passing (1): b',
        '  new cases (1): new',
        '  removed cases (1): gone',
        '  metric deltas (2 unchanged):',
        '    pass_rate       0.75 → 0.5  (-0.25)',
        '    mrr             n/a → 0.7  (n/a)',
        '    latency_p95_ms  120 → 95  (-25)',
        '  config corpus_hash: "h1" → "h2"',
        '',
      ].join('\n'),
    );
    expect(formatComparison(compareResults(now, now))).toContain('metrics: no change');
  });

  it('parses a results.json and rejects other files', () => {
    expect(parseComparable(JSON.stringify(now))).toMatchObject({
      cases: [
        { id: 'a', pass: false },
        { id: 'b', pass: true },
        { id: 'c', pass: true },
        { id: 'new', pass: false },
      ],
    });
    expect(parseComparable('{')).toHaveProperty('error');
    expect(parseComparable('{"cases": []}')).toEqual({ error: expect.stringMatching(/not an eval results.json/) });
  });
});
