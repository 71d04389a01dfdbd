import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEvidence, parseArticleQuestions, parseSpeechQuestions } from '../src/bench/questions.js';
import { loadSotuSpeeches, selectSpeeches, speechId, speechIds, type Speech } from '../src/bench/sotu-corpus.js';
import { REPO } from './helpers/app.js';

const speech = (year: number, name: string, text = 'Text.'): Speech => ({ year, name, text });

describe('SOTU corpus', () => {
  it('names documents by year and surname', () => {
    expect(speechId(speech(1790, 'George Washington'))).toBe('1790-washington');
    expect(speechId(speech(1897, 'William Mc Kinley'))).toBe('1897-mckinley');
    expect(speechId(speech(1837, 'Martin Van Buren'))).toBe('1837-van-buren');
    expect(speechId(speech(2002, 'George W Bush'))).toBe('2002-bush');
    expect(speechIds([speech(1800, 'A Smith'), speech(1800, 'B Smith')])).toEqual(['1800-smith', '1800-smith-2']);
  });

  it('a subset keeps the required speeches and spreads the rest over the years', () => {
    const all = Array.from({ length: 100 }, (_, i) => speech(1800 + i, `P Name${String.fromCharCode(97 + (i % 26))}`));
    const chosen = selectSpeeches(all, 10, new Set(['1850-namey', '1899-namev']));
    expect(chosen).toHaveLength(10);
    const ids = speechIds(chosen);
    expect(ids).toContain('1850-namey');
    expect(ids).toContain('1899-namev');
    expect(chosen[0]!.year).toBeLessThan(1820);
    expect(selectSpeeches(all, 500, new Set())).toHaveLength(100);
  });

  it('evidence checks catch a wrong gold label and a gold speech left out', () => {
    const texts = new Map([['1800-a', 'We declare   war on\npoverty today.']]);
    const [good, bad, missing] = parseSpeechQuestions(
      [
        { id: 'g', question: 'q?', gold: ['1800-a'], evidence: 'declare war on poverty' },
        { id: 'b', question: 'q?', gold: ['1800-a'], evidence: 'axis of evil' },
        { id: 'm', question: 'q?', gold: ['1900-z'], evidence: 'declare war on poverty' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    expect(checkEvidence([good!], texts)).toEqual([]);
    expect(checkEvidence([bad!, missing!], texts)).toEqual([
      'b: "axis of evil" is not in 1800-a',
      'm: gold speech 1900-z is not in the corpus',
    ]);
  });

  it("the bench's speech questions are proven by the speeches' own text", () => {
    const questions = parseSpeechQuestions(readFileSync(path.join(REPO, 'bench/questions-sotu.jsonl'), 'utf8'));
    const speeches = loadSotuSpeeches();
    expect(speeches).toHaveLength(233);
    const ids = speechIds(speeches);
    expect(new Set(ids).size).toBe(233);
    const texts = new Map(ids.map((id, i) => [id, speeches[i]!.text]));
    expect(questions.length).toBeGreaterThanOrEqual(20);
    expect(checkEvidence(questions, texts)).toEqual([]);
  });

  it('reads the project sample question set (the article workload)', () => {
    const questions = parseArticleQuestions(readFileSync(path.join(REPO, 'corpus/us-china-trade-talks.questions.jsonl'), 'utf8'));
    expect(questions.filter((q) => q.citations.length > 0).length).toBeGreaterThan(30);
    expect(() => parseArticleQuestions('{"id":"x"}')).toThrow(/question/);
  });
});
