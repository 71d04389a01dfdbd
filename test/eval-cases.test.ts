import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatOf, parseCases } from '../src/eval/cases.js';
import { hasFact } from '../src/eval/text.js';

const good = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({ id: 'a', question: 'Who?', answerable: true, expected: ['Bessent'], citations: [4], ...over });

describe('parseCases (JSONL)', () => {
  it('parses good lines, normalising string facts to one-alternative lists', () => {
    const src = [good(), '', good({ id: 'b', expected: [['55%', '55 percent'], 'Geneva'], citations: [9, 9], tags: ['numbers'] })].join(
      '\n',
    );
    const { cases, errors } = parseCases(src, 'jsonl');
    expect(errors).toEqual([]);
    expect(cases.map((c) => c.id)).toEqual(['a', 'b']);
    expect(cases[0]).toMatchObject({ expected: [['Bessent']], citations: [4], must_not_include: [], tags: [], line: 1 });
    expect(cases[1]).toMatchObject({ expected: [['55%', '55 percent'], ['Geneva']], citations: [9], tags: ['numbers'], line: 3 });
  });

  it('reports each bad line with its line number and keeps the rest', () => {
    const src = [
      good({ id: 'ok1' }),
      '{not json',
      good({ id: 'x', answerable: 'yes' }),
      good({ id: 'u', answerable: false }),
      good({ id: 'ok1' }),
      good({ id: 't', citation: [1] }),
      good({ id: 'z', citations: [0] }),
      good({ id: 'ok2', question: 'Where?' }),
    ].join('\n');
    const { cases, errors } = parseCases(src, 'jsonl');
    expect(cases.map((c) => c.id)).toEqual(['ok1', 'ok2']);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(errors[0]?.message).toMatch(/not valid JSON/);
    expect(errors[1]?.message).toMatch(/answerable/);
    expect(errors[2]?.message).toMatch(/unanswerable case has empty/);
    expect(errors[3]?.message).toMatch(/duplicate id "ok1" \(first on line 1\)/);
    expect(errors[4]?.message).toMatch(/citation/);
    expect(errors[5]?.message).toMatch(/citations\.0/);
  });

  it('accepts optional keys and numeric ids; defaults lists', () => {
    const src = JSON.stringify({ id: 7, question: 'Q', answerable: false, must_not_include: ['x'], doc: 'd', reference_answer: 'r' });
    const { cases, errors } = parseCases(src, 'jsonl');
    expect(errors).toEqual([]);
    expect(cases[0]).toMatchObject({ id: '7', expected: [], citations: [], must_not_include: ['x'], doc: 'd', reference_answer: 'r' });
  });

  it('rejects empty strings and empty alternative lists', () => {
    const { errors } = parseCases([good({ question: '  ' }), good({ id: 'b', expected: [[]] })].join('\n'), 'jsonl');
    expect(errors.map((e) => e.line)).toEqual([1, 2]);
  });
});

describe('parseCases (YAML)', () => {
  it('parses a list and reports bad items by line', () => {
    const src = [
      '- id: y1',
      '  question: Who is the Treasury Secretary?',
      '  answerable: true',
      '  expected: [Bessent]',
      '  citations: [4]',
      '- id: y2',
      '  question: Who won the cup?',
      '  answerable: maybe',
      '- id: y3',
      '  question: What about cats?',
      '  answerable: false',
      '  tags: [unanswerable]',
    ].join('\n');
    const { cases, errors } = parseCases(src, 'yaml');
    expect(cases.map((c) => [c.id, c.line])).toEqual([
      ['y1', 1],
      ['y3', 9],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(6);
  });

  it('reports a syntax error and a non-list document', () => {
    expect(parseCases('- id: a\n  question: [unclosed', 'yaml').errors[0]?.message).toMatch(/YAML/);
    expect(parseCases('id: a\nquestion: b', 'yaml').errors[0]?.message).toMatch(/list of cases/);
  });

  it('picks the format from the file name', () => {
    expect(formatOf('set.yaml')).toBe('yaml');
    expect(formatOf('set.YML')).toBe('yaml');
    expect(formatOf('set.jsonl')).toBe('jsonl');
  });
});

describe('the shipped sample set', () => {
  const article = readFileSync(new URL('../corpus/us-china-trade-talks.md', import.meta.url), 'utf8');
  const body = article
    .slice(article.indexOf('\n# ') + 1)
    .split('\n')
    .slice(1)
    .join('\n');
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const { cases, errors } = parseCases(
    readFileSync(new URL('../corpus/us-china-trade-talks.questions.jsonl', import.meta.url), 'utf8'),
    'jsonl',
  );

  it('is valid, has at least 30 cases and the required tags', () => {
    expect(paragraphs).toHaveLength(9);
    expect(errors).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const tags = new Set(cases.flatMap((c) => c.tags));
    for (const tag of ['people', 'numbers', 'dates', 'places', 'unanswerable', 'messy']) expect(tags).toContain(tag);
    expect(cases.filter((c) => !c.answerable).every((c) => c.tags.includes('unanswerable'))).toBe(true);
    expect(cases.filter((c) => !c.answerable).length).toBeGreaterThanOrEqual(5);
  });

  it('cites real paragraphs, and every gold paragraph states the expected facts', () => {
    for (const c of cases.filter((x) => x.answerable)) {
      expect(c.citations.length, c.id).toBeGreaterThan(0);
      expect(c.expected.length, c.id).toBeGreaterThan(0);
      for (const n of c.citations) {
        const text = paragraphs[n - 1];
        expect(text, `${c.id} ¶${n}`).toBeDefined();
        for (const fact of c.expected) expect(hasFact(text ?? '', fact), `${c.id} ¶${n} ${fact.join('|')}`).toBe(true);
      }
    }
  });
});
