import { describe, expect, it } from 'vitest';
import { checkCase } from '../src/eval/checks.js';
import { hasFact, normalizeText, quoteInParagraph } from '../src/eval/text.js';
import { askResult, paragraphLookup } from './helpers/eval-doubles.js';
import type { EvalCase } from '../src/eval/types.js';

const PARAS = [
  'Talks ended on Saturday, with a spokesperson calling them “very constructive”.',
  'Trump threatened new 100% tariffs starting on November 1. Officials met in Geneva.',
  'The truce brought tariffs to about 55% on the U.S. side and 30% on the Chinese side.',
  'The truce was due to expire on November 10 — unless extended.',
];
const paragraphText = paragraphLookup(PARAS);
const ctx = { paragraphText, wallMs: 42 };

const kase = (over: Partial<EvalCase> = {}): EvalCase => ({
  id: 'c1',
  question: 'q',
  answerable: true,
  expected: [['55%', '55 percent'], ['30%']],
  citations: [3],
  must_not_include: [],
  tags: [],
  line: 1,
  ...over,
});

describe('text matching (aligned with the shared scorer)', () => {
  it('normalises case, curly quotes, dashes and whitespace', () => {
    expect(normalizeText('It’s “Very”\u2014Constructive\n  now')).toBe('it\'s "very"-constructive now');
    expect(hasFact('Tariffs of 55 PERCENT', ['55%', '55 percent'])).toBe(true);
    expect(hasFact('rare‐earth magnets', ['rare-earth'])).toBe(true);
    expect(hasFact('nothing here', ['55%'])).toBe(false);
  });

  it('accepts verbatim quotes (with elisions) and rejects misquotes', () => {
    const p = PARAS[1] ?? '';
    expect(quoteInParagraph('Trump threatened new 100% tariffs starting on November 1.', p)).toBe(true);
    expect(quoteInParagraph('"trump threatened … on November 1"', p)).toBe(true);
    expect(quoteInParagraph('Trump threatened [...] Geneva', p)).toBe(true);
    expect(quoteInParagraph('Geneva ... Trump threatened', p)).toBe(false);
    expect(quoteInParagraph('Trump threatened tariffs', p)).toBe(false);
    expect(quoteInParagraph('  ', p)).toBe(false);
    expect(quoteInParagraph('calling them "very constructive"', PARAS[0] ?? '')).toBe(true);
  });
});

describe('checkCase', () => {
  it('passes a correct, cited answer and records retrieval rank', () => {
    const result = askResult({
      answer: 'About 55% on the U.S. side and 30% on the Chinese side.',
      cite: [[3, 'The truce brought tariffs to about 55% on the U.S. side']],
    });
    const k = checkCase(kase(), result, ctx);
    expect(k).toMatchObject({
      declined: false,
      decline_ok: true,
      facts_ok: true,
      missing_facts: [],
      forbidden_ok: null,
      retrieval_rank: 1,
      hit_at_1: true,
      hit_at_3: true,
      reciprocal_rank: 1,
      cited: [3],
      citation_precision: 1,
      citation_all_gold: true,
      citation_recall: true,
      citation_gold_coverage: 1,
      citations_valid: true,
      latency_ms: 10,
      error: null,
      failures: [],
    });
  });

  it('fact accuracy: every fact needs one alternative, case-insensitively', () => {
    const result = askResult({ answer: 'About 55 PERCENT on the U.S. side.', cite: [[3, 'The truce brought tariffs']] });
    const k = checkCase(kase(), result, ctx);
    expect(k.facts_ok).toBe(false);
    expect(k.missing_facts).toEqual([['30%']]);
    expect(k.failures).toEqual(['missing fact: 30%']);
  });

  it('forbidden content fails the case', () => {
    const result = askResult({ answer: '55% and 30%, starting November 10.', cite: [[3, 'The truce brought tariffs']] });
    const k = checkCase(kase({ must_not_include: ['november 10', 'Geneva'] }), result, ctx);
    expect(k.forbidden_ok).toBe(false);
    expect(k.forbidden_found).toEqual(['november 10']);
    expect(k.failures).toContain('forbidden content: november 10');
  });

  it('retrieval: rank over unique paragraphs, hit@1/hit@3/MRR', () => {
    const retrieved = [1, 1, 2, 2, 3, 4].map((paragraph, i) => ({ doc: 'doc', paragraph, score: 1 - i / 10 }));
    const k = checkCase(kase(), askResult({ answer: '55% 30%', cite: [[3, 'The truce']], retrieved }), ctx);
    expect([k.retrieval_rank, k.hit_at_1, k.hit_at_3, k.reciprocal_rank]).toEqual([3, false, true, 1 / 3]);
    const missed = checkCase(kase(), askResult({ answer: '55% 30%', cite: [[3, 'The truce']], retrieved: retrieved.slice(0, 4) }), ctx);
    expect([missed.retrieval_rank, missed.hit_at_3, missed.reciprocal_rank]).toEqual([0, false, 0]);
    const ungraded = checkCase(kase({ citations: [] }), askResult({ answer: '55% 30%', cite: [[3, 'The truce']] }), ctx);
    expect([ungraded.retrieval_rank, ungraded.hit_at_1, ungraded.citation_precision, ungraded.citation_recall]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('citation precision, recall and coverage against gold (any gold paragraph is support)', () => {
    const both = kase({ expected: [['November']], citations: [2, 4] });
    const oneGoldOneNot = askResult({
      answer: 'November',
      cite: [
        [2, 'Officials met in Geneva.'],
        [1, 'Talks ended on Saturday'],
      ],
    });
    const k = checkCase(both, oneGoldOneNot, ctx);
    expect([k.citation_precision, k.citation_all_gold, k.citation_recall, k.citation_gold_coverage]).toEqual([0.5, false, true, 0.5]);
    expect(k.failures).toEqual([]);
    const wrong = checkCase(both, askResult({ answer: 'November', cite: [[1, 'Talks ended on Saturday']] }), ctx);
    expect([wrong.citation_precision, wrong.citation_recall]).toEqual([0, false]);
    expect(wrong.failures).toEqual(['no gold paragraph cited (cited ¶1; gold ¶2 or ¶4)']);
    const uncited = checkCase(both, askResult({ answer: 'November' }), ctx);
    expect(uncited.failures).toEqual(['answer cites no paragraph']);
    expect(uncited.citation_precision).toBeNull();
  });

  it('citation validity: the paragraph must exist and contain the quote', () => {
    const result = askResult({
      answer: '55% 30%',
      cite: [
        [3, 'The truce brought tariffs'],
        [3, 'tariffs fell to zero'],
        [12, 'anything'],
      ],
    });
    const k = checkCase(kase(), result, ctx);
    expect(k.citations_valid).toBe(false);
    expect(k.invalid_citations).toEqual([
      { doc: 'doc', paragraph: 3, reason: 'quote-not-found' },
      { doc: 'doc', paragraph: 12, reason: 'no-such-paragraph' },
    ]);
    expect(k.failures).toEqual(['invalid citation ¶3 (quote not in paragraph)', 'invalid citation ¶12 (no such paragraph)']);
    const otherDoc = checkCase(
      kase(),
      askResult({ answer: '55% 30%', citations: [{ doc: 'elsewhere', paragraph: 3, quote: 'The truce' }] }),
      ctx,
    );
    expect(otherDoc.invalid_citations[0]?.reason).toBe('no-such-paragraph');
  });

  it('decline correctness both ways', () => {
    const unanswerable = kase({ answerable: false, expected: [], citations: [] });
    const declined = askResult({ answerable: false, answer: 'The article does not say.' });
    expect(checkCase(unanswerable, declined, ctx)).toMatchObject({ declined: true, decline_ok: true, facts_ok: null, failures: [] });
    const answered = checkCase(unanswerable, askResult({ answer: 'Argentina.', cite: [[1, 'Talks ended']] }), ctx);
    expect(answered.failures).toEqual(['answered an unanswerable question']);
    const falseDecline = checkCase(kase(), askResult({ answerable: false, answer: 'Not found: 55% 30%' }), ctx);
    expect(falseDecline).toMatchObject({
      decline_ok: false,
      facts_ok: false,
      citation_recall: false,
      citation_gold_coverage: 0,
      hit_at_1: false,
    });
    expect(falseDecline.failures).toEqual(['declined an answerable question']);
  });

  it('scopes gold to the case document when it names one', () => {
    const c = kase({ doc: 'doc', expected: [['55%']] });
    const result = askResult({
      answer: '55%',
      citations: [
        { doc: 'other', paragraph: 3, quote: 'x' },
        { doc: 'doc', paragraph: 3, quote: 'The truce' },
      ],
      retrieved: [
        { doc: 'other', paragraph: 3, score: 1 },
        { doc: 'doc', paragraph: 3, score: 0.5 },
      ],
    });
    const k = checkCase(c, result, ctx);
    expect([k.retrieval_rank, k.citation_precision]).toEqual([2, 0.5]);
  });

  it('latency falls back to wall time; a thrown error fails the case', () => {
    const noTimings = { ...askResult({ answer: '55% 30%', cite: [[3, 'The truce']] }), timings: undefined } as unknown as Parameters<
      typeof checkCase
    >[1];
    expect(checkCase(kase(), noTimings, ctx).latency_ms).toBe(42);
    const k = checkCase(kase(), null, { paragraphText, wallMs: 7, error: 'boom' });
    expect(k).toMatchObject({
      error: 'boom',
      decline_ok: false,
      facts_ok: false,
      hit_at_1: false,
      latency_ms: 7,
      failures: ['ask failed: boom'],
    });
  });
});
