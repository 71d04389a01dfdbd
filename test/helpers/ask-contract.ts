import { expect } from 'vitest';
import { normalizeQuestion } from '../../src/domain/question.js';
import type { AskResult, CorpusDocument } from '../../src/domain/types.js';

const REQUIRED = ['question', 'answer', 'short_answer', 'answerable', 'citations', 'related', 'retrieved', 'mode', 'timings'];
const OPTIONAL = ['model', 'usage', 'note'];

/**
 * Checks an `ask` result against the public contract (src/domain/types.ts, README "ask --json")
 * for the corpus it was asked about: every reference exists, every quote is verbatim, the
 * question is the normalised input, and nothing in the answer can ping anyone.
 */
export function expectValidAskResult(r: AskResult, raw: string, documents: CorpusDocument[], maxChars: number): void {
  const keys = Object.keys(r);
  for (const k of REQUIRED) expect(keys, `missing ${k}`).toContain(k);
  for (const k of keys) expect([...REQUIRED, ...OPTIONAL], `unexpected key ${k}`).toContain(k);
  expect(r.question).toBe(normalizeQuestion(raw));
  expect(r.question.length).toBeGreaterThan(0);
  expect(r.question.length).toBeLessThanOrEqual(maxChars);
  expect(typeof r.answer).toBe('string');
  expect(r.answer.trim().length).toBeGreaterThan(0);
  expect(typeof r.answerable).toBe('boolean');
  expect(['extractive', 'llm']).toContain(r.mode);
  const paragraph = (doc: string, n: number) => documents.find((d) => d.id === doc)?.paragraphs[n - 1];
  for (const c of r.citations) {
    const p = paragraph(c.doc, c.paragraph);
    expect(p, `citation ${c.doc} ¶${c.paragraph} exists`).toBeDefined();
    expect(c.quote.length).toBeGreaterThan(0);
    expect(p!.text, 'quotes are verbatim').toContain(c.quote);
    expect(r.answer, 'the answer shows each citation').toContain(`¶${c.paragraph}`);
  }
  // The answer phrase is null or words of a cited quote, and an extractive answer opens with it.
  if (r.short_answer !== null) {
    expect(typeof r.short_answer).toBe('string');
    expect(r.answerable).toBe(true);
    expect(r.citations.some((c) => c.quote.includes(r.short_answer!))).toBe(true);
    if (r.mode === 'extractive') expect(r.answer.startsWith(`${r.short_answer} — `)).toBe(true);
  }
  if (r.answerable) expect(r.citations.length).toBeGreaterThan(0);
  else expect(r.citations).toEqual([]);
  for (const ref of [...r.related, ...r.retrieved])
    expect(paragraph(ref.doc, ref.paragraph), `${ref.doc} ¶${ref.paragraph} exists`).toBeDefined();
  for (const ref of r.retrieved) expect(Number.isFinite(ref.score)).toBe(true);
  for (const ms of Object.values(r.timings)) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
  expect(Object.keys(r.timings).sort()).toEqual(['answerMs', 'retrieveMs', 'totalMs']);
  expect(r.answer).not.toMatch(/@everyone|@here|<@[!&]?\d+>/);
}
