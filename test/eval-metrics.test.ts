import { describe, expect, it } from 'vitest';
import { summarize, summarizeByTag, summarizeFaithfulness } from '../src/eval/metrics.js';
import { percentile } from '../src/stats/percentile.js';
import { runCases } from '../src/eval/runner.js';
import { askResult, paragraphLookup, scriptedAsk } from './helpers/eval-doubles.js';
import type { EvalCase } from '../src/eval/types.js';

const paragraphText = paragraphLookup(['Alpha one.', 'Bravo two.', 'Charlie three.']);
const kase = (id: string, over: Partial<EvalCase> = {}): EvalCase => ({
  id,
  question: id,
  answerable: true,
  expected: [],
  citations: [],
  must_not_include: [],
  tags: [],
  line: 1,
  ...over,
});

// Four answerable cases (graded), two unanswerable.
const CASES: EvalCase[] = [
  kase('good', { expected: [['alpha']], citations: [1], tags: ['people'] }),
  kase('extra', { expected: [['bravo']], citations: [2], tags: ['people', 'numbers'] }),
  kase('wrong', { expected: [['charlie']], citations: [3], tags: ['numbers'], must_not_include: ['alpha'] }),
  kase('false-decline', { expected: [['alpha']], citations: [1] }),
  kase('declined', { answerable: false, tags: ['unanswerable'] }),
  kase('answered', { answerable: false, tags: ['unanswerable'], must_not_include: ['zulu'] }),
];
const ask = scriptedAsk({
  good: askResult({ answer: 'Alpha.', cite: [[1, 'Alpha one.']], timings: { retrieveMs: 0, answerMs: 0, totalMs: 100 } }),
  extra: askResult({
    answer: 'Bravo.',
    cite: [
      [2, 'Bravo two.'],
      [1, 'Alpha one.'],
    ],
    retrieved: [
      { doc: 'doc', paragraph: 1, score: 1 },
      { doc: 'doc', paragraph: 2, score: 0.9 },
    ],
    timings: { retrieveMs: 0, answerMs: 0, totalMs: 200 },
  }),
  wrong: askResult({ answer: 'Alpha!', cite: [[1, 'not in it']], timings: { retrieveMs: 0, answerMs: 0, totalMs: 300 } }),
  'false-decline': askResult({ answerable: false, answer: 'Not in the article.', timings: { retrieveMs: 0, answerMs: 0, totalMs: 400 } }),
  declined: askResult({
    answerable: false,
    answer: 'Not in the article.',
    cite: [[2, 'Bravo two.']],
    timings: { retrieveMs: 0, answerMs: 0, totalMs: 500 },
  }),
  answered: askResult({ answer: 'Zulu.', cite: [[3, 'Charlie three.']], timings: { retrieveMs: 0, answerMs: 0, totalMs: 1000 } }),
});

describe('summarize', () => {
  it('aggregates every metric with the documented denominators', async () => {
    const records = await runCases(CASES, { ask, paragraphText, concurrency: 1 });
    expect(records.map((r) => [r.case.id, r.pass])).toEqual([
      ['good', true],
      ['extra', true],
      ['wrong', false],
      ['false-decline', false],
      ['declined', true],
      ['answered', false],
    ]);
    const s = summarize(records);
    expect(s).toMatchObject({
      cases: 6,
      passed: 3,
      failed: 3,
      errors: 0,
      answerable: 4,
      unanswerable: 2,
      pass_rate: 0.5,
      fact_accuracy: 0.5, // good, extra / 4 answerable (the false decline counts as a miss)
      forbidden_clean_rate: 0,
      forbidden_violations: 2, // both cases with must_not_include leak it
      retrieval_graded: 4,
      hit_at_1: 0.25, // good ranks gold 1st, extra 2nd; wrong and false-decline never retrieve gold
      hit_at_3: 0.5,
      mrr: 0.375, // (1 + 1/2 + 0 + 0) / 4
      citation_precision: 0.3333, // good all gold; extra has a non-gold extra; wrong none
      citation_precision_micro: 0.5, // 2 gold of 4 cited paragraphs
      citation_recall: 0.5, // good and extra
      citation_gold_coverage: 0.5,
      citation_validity: 0.8333,
      quotes_checked: 6,
      invalid_quotes: 1,
      uncited_answers: 0,
      decline_accuracy: 0.6667,
      decline_rate_unanswerable: 0.5,
      false_decline_rate: 0.25,
      decline_with_citation: 1,
      latency_p50_ms: 300,
      latency_p95_ms: 1000,
      latency_max_ms: 1000,
      latency_mean_ms: 416.7,
    });
  });

  it('reports rates without a denominator as null, not 0 or 1', () => {
    const s = summarize([]);
    expect(s.cases).toBe(0);
    for (const key of [
      'pass_rate',
      'fact_accuracy',
      'hit_at_1',
      'mrr',
      'citation_precision',
      'decline_rate_unanswerable',
      'latency_p95_ms',
    ] as const) {
      expect(s[key], key).toBeNull();
    }
  });

  it('breaks down by tag, grouping untagged cases', async () => {
    const records = await runCases(CASES, { ask, paragraphText, concurrency: 2 });
    const byTag = summarizeByTag(records);
    expect(Object.keys(byTag)).toEqual(['(untagged)', 'numbers', 'people', 'unanswerable']);
    expect(byTag.people).toMatchObject({ cases: 2, passed: 2, pass_rate: 1, fact_accuracy: 1 });
    expect(byTag.numbers).toMatchObject({ cases: 2, passed: 1, pass_rate: 0.5 });
    expect(byTag.unanswerable).toMatchObject({ cases: 2, passed: 1, decline_accuracy: 0.5, fact_accuracy: null });
  });
});

describe('percentile', () => {
  it('uses the nearest rank; latencies of no answers are not measured', () => {
    expect(summarize([]).latency_p95_ms).toBeNull();
    expect(() => percentile([], 0.5)).toThrow();
    expect(percentile([5], 0.95)).toBe(5);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(19);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(95);
  });
});

describe('runCases', () => {
  it('keeps case order, bounds concurrency and reports progress', async () => {
    let active = 0;
    let peak = 0;
    const slow = async (question: string) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, question === 'b' ? 20 : 5));
      active -= 1;
      return askResult({ question, answer: question, answerable: false });
    };
    const progress: Array<[number, string]> = [];
    const cases = ['a', 'b', 'c', 'd', 'e'].map((id) => kase(id, { answerable: false }));
    const records = await runCases(cases, {
      ask: slow,
      paragraphText,
      concurrency: 2,
      onProgress: (p) => progress.push([p.done, p.record.case.id]),
    });
    expect(records.map((r) => r.case.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(peak).toBe(2);
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)?.[1]).not.toBe('a');
  });

  it('turns a throwing ask into a failed case and passes the case doc', async () => {
    const seen: unknown[] = [];
    const records = await runCases([kase('x', { doc: 'd2' })], {
      ask: async (_q, options) => {
        seen.push(options);
        throw new Error('model down');
      },
      paragraphText,
      concurrency: 1,
    });
    expect(seen).toEqual([{ doc: 'd2' }]);
    expect(records[0]).toMatchObject({ pass: false, result: null, checks: { error: 'model down' } });
    expect(summarize(records).errors).toBe(1);
  });

  it('runs the optional judge on answers only and summarises it separately', async () => {
    const judged: string[] = [];
    const judge = Object.assign(
      async (input: { answer: string; cited: Array<{ text: string | undefined }> }) => {
        judged.push(input.answer);
        if (input.answer === 'Bravo.') throw new Error('judge timeout');
        return { score: input.cited[0]?.text === 'Alpha one.' ? 1 : 0.5, reason: 'ok' };
      },
      { label: 'fake-judge' },
    );
    const records = await runCases(CASES, { ask, paragraphText, concurrency: 1, judge });
    expect(judged).toEqual(['Alpha.', 'Bravo.', 'Alpha!', 'Zulu.']);
    expect(records[0]?.faithfulness).toEqual({ score: 1, reason: 'ok' });
    expect(records[1]?.faithfulness).toEqual({ score: null, error: 'judge timeout' });
    expect(summarizeFaithfulness(records, 'fake-judge')).toEqual({ judge: 'fake-judge', judged: 3, failed_judgements: 1, mean: 0.8333 });
    expect(summarizeFaithfulness(records.slice(3, 5), 'fake-judge')).toBeNull();
  });
});
