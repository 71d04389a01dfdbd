import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/compose/bootstrap.js';
import { parseCases } from '../src/eval/cases.js';
import { evalCoreFromFootnote } from '../src/eval/core-adapter.js';
import { loadBenchmarks } from '../src/eval/quality/benchmarks.js';
import { runCases } from '../src/eval/runner.js';
import type { AskFn } from '../src/eval/types.js';
import { createTestApp, fixture, tempDir } from './helpers/app.js';

// An invented article: the city of the talks in ¶1, the building they were held in in ¶3.
const WATER_TALKS = fixture('water-talks');

const line = (o: object) => JSON.stringify(o);

describe('follow-up cases in a question set ("follows")', () => {
  it('keeps the earlier questions of the thread, oldest first', () => {
    const { cases, errors } = parseCases(
      line({ id: 'f1', follows: ['Where did they meet?', 'When?'], question: 'Which building?', answerable: true }),
      'jsonl',
    );
    expect(errors).toEqual([]);
    expect(cases[0]!.follows).toEqual(['Where did they meet?', 'When?']);
  });

  it.each([
    [{ follows: [] }, /follows/],
    [{ follows: 'Where did they meet?' }, /follows/],
    [{ follows: ['Where?', 3] }, /follows/],
    [{ follows: ['  '] }, /follows/],
  ])('reports a bad "follows" (%j) with its line and keeps the other cases', (bad, message) => {
    const { cases, errors } = parseCases(
      [line({ id: 'ok', question: 'Who?', answerable: false }), line({ id: 'bad', question: 'Which?', answerable: true, ...bad })].join(
        '\n',
      ),
      'jsonl',
    );
    expect(cases.map((c) => c.id)).toEqual(['ok']);
    expect(errors).toEqual([{ line: 2, message: expect.stringMatching(message) }]);
  });

  it('a follow-up set must be a test set: the fit models one question at a time', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'threads', 'corpus'), { recursive: true });
    writeFileSync(
      path.join(root, 'threads', 'questions.jsonl'),
      line({ id: 't', follows: ['Where?'], question: 'And when?', answerable: false }),
    );
    await expect(loadBenchmarks(root)).rejects.toThrow(/threads: follow-up cases .* "fit": false/);
    writeFileSync(path.join(root, 'threads', 'benchmark.json'), line({ fit: false }));
    const [b] = await loadBenchmarks(root);
    expect(b).toMatchObject({ name: 'threads', fit: false, threads: true });
  });
});

describe('an eval asks a follow-up inside its thread', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({ CORPUS_DIR: WATER_TALKS });
  });

  it('asks the earlier questions first and hands their answers to the follow-up as history', async () => {
    const core = evalCoreFromFootnote(app.footnote);
    const calls: { question: string; history: string[] }[] = [];
    const ask: AskFn = (question, o) => {
      calls.push({ question, history: (o?.history ?? []).map((t) => `${t.question} → ¶${t.citations?.[0]?.paragraph}`) });
      return core.ask(question, o);
    };
    const { cases } = parseCases(
      line({
        id: 'b',
        follows: ['In which city did the talks open?'],
        question: 'Which building?',
        answerable: true,
        expected: [['Harbour Exchange']],
        citations: [3],
      }),
      'jsonl',
    );
    const [record] = await runCases(cases, { ask, paragraphText: core.paragraphText, concurrency: 1 });
    expect(calls).toEqual([
      { question: 'In which city did the talks open?', history: [] },
      { question: 'Which building?', history: ['In which city did the talks open? → ¶1'] },
    ]);
    // Only the follow-up is graded: its answer is the building, cited from its own paragraph.
    expect(record!.result!.question).toBe('Which building?');
    expect(record!.result!.short_answer).toBe('Harbour Exchange');
    expect(record!.pass).toBe(true);
  });

  it('a thread whose earlier question fails fails only its own case', async () => {
    const core = evalCoreFromFootnote(app.footnote);
    const ask: AskFn = (question, o) => (question === 'boom' ? Promise.reject(new Error('model down')) : core.ask(question, o));
    const { cases } = parseCases(
      [
        line({ id: 'x', follows: ['boom'], question: 'Which building?', answerable: true }),
        line({ id: 'y', question: 'In which city did the talks open?', answerable: true }),
      ].join('\n'),
      'jsonl',
    );
    const records = await runCases(cases, { ask, paragraphText: core.paragraphText, concurrency: 1 });
    expect(records.map((r) => r.pass)).toEqual([false, true]);
    expect(records[0]!.checks.failures.join(' ')).toMatch(/model down/);
  });
});
