// `footnote feedback` and the feedback section of the eval HTML report: the bot's votes summed up
// by paragraph and by question, read from its database.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AskResult, Citation } from '../src/domain/types.js';
import { renderFeedbackText, summarizeFeedback } from '../src/eval/feedback-stats.js';
import { openStore, type FeedbackEntry } from '../src/storage/index.js';
import { runProgram } from './helpers/cli.js';
import { tempDir, testEnv } from './helpers/app.js';

const cite = (paragraph: number, doc = 'harbour-report'): Citation => ({ doc, paragraph, quote: `Sentence of ¶${paragraph}.` });
const entry = (over: Partial<FeedbackEntry>): FeedbackEntry => ({
  time: '2026-03-01T00:00:00.000Z',
  vote: 'up',
  userId: 'u1',
  question: 'When does the ferry leave?',
  answer: 'At noon [¶2].',
  answerable: true,
  citations: [cite(2)],
  answerId: 'a1',
  mode: 'extractive',
  ...over,
});

describe('summarizeFeedback', () => {
  it('counts votes and helpful rates by cited paragraph (once per answer) and by question (case and “?” ignored)', () => {
    const s = summarizeFeedback([
      entry({ userId: 'u1', vote: 'up', citations: [cite(2), cite(2), cite(5)] }),
      entry({ userId: 'u2', vote: 'down', citations: [cite(2), cite(5)] }),
      entry({
        userId: 'u3',
        vote: 'down',
        answerId: 'a2',
        question: 'when does the ferry leave',
        time: '2026-03-02T00:00:00.000Z',
        citations: [cite(7)],
      }),
      entry({ userId: 'u1', vote: 'down', answerId: 'a3', question: 'Is the pier open?', answerable: false, citations: [] }),
    ]);
    expect(s.total).toEqual({ up: 1, down: 3, rate: 0.25, answers: 3, people: 3 });
    // Most 👎 first, then the lowest rate, then in paragraph order.
    expect(s.byParagraph).toEqual([
      { doc: 'harbour-report', paragraph: 7, up: 0, down: 1, rate: 0 },
      { doc: 'harbour-report', paragraph: 2, up: 1, down: 1, rate: 0.5 },
      { doc: 'harbour-report', paragraph: 5, up: 1, down: 1, rate: 0.5 },
    ]);
    expect(s.uncited).toEqual({ up: 0, down: 1, rate: 0 });
    expect(s.byQuestion).toEqual([
      { question: 'when does the ferry leave', answers: 2, up: 1, down: 2, rate: 1 / 3 },
      { question: 'Is the pier open?', answers: 1, up: 0, down: 1, rate: 0 },
    ]);
    const text = renderFeedbackText(s);
    expect(text).toMatch(/^4 votes \(👍 1, 👎 3, 25% helpful\) on 3 answers from 3 people\./);
    expect(text).toContain('  ¶2                1     1    50%\n');
    expect(text).toContain('  (none cited)      0     1     0%\n');
    expect(text).toContain('👍 1 👎 2   33%  when does the ferry leave (2 answers)');
    expect(renderFeedbackText(summarizeFeedback([]))).toBe('No votes yet.\n');
  });
});

const result = (question: string, citations: Citation[]): AskResult => ({
  question,
  answer: `An answer to ${question}`,
  answerable: citations.length > 0,
  short_answer: null,
  citations,
  related: [],
  retrieved: [],
  mode: 'extractive',
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
});

/** A DATA_DIR whose database holds a few votes, as the bot would leave it. */
async function dataDirWithVotes(): Promise<string> {
  const dir = tempDir();
  const { store } = await openStore(dir);
  const a = await store.answers.add(result('Who runs the ferry?', [cite(3)]));
  const b = await store.answers.add(result('Why is the pier closed?', [cite(6), cite(3)]));
  for (const vote of ['up', 'up', 'down'] as const) await store.feedback.vote({ answerId: a.id, userId: 'same-person', vote });
  await store.feedback.vote({ answerId: a.id, userId: 'p2', vote: 'up' });
  await store.feedback.vote({ answerId: b.id, userId: 'p2', vote: 'down' });
  await store.close();
  return dir;
}

describe('footnote feedback', () => {
  it('prints counts and rates from DATA_DIR’s database; --json gives the whole summary', async () => {
    const dir = await dataDirWithVotes();
    const out = await runProgram(['feedback'], testEnv({ DATA_DIR: dir }));
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^3 votes \(👍 1, 👎 2, 33% helpful\) on 2 answers from 2 people\./);
    expect(out.stdout).toContain('  ¶3                1     2    33%\n');
    expect(out.stdout).toContain('  ¶6                0     1     0%\n');
    const json = await runProgram(['feedback', '--json', '--db', dir], testEnv({}));
    expect(JSON.parse(json.stdout)).toMatchObject({
      total: { up: 1, down: 2 },
      byQuestion: [
        { question: 'Why is the pier closed?', up: 0, down: 1 },
        { question: 'Who runs the ferry?', up: 1, down: 1 },
      ],
    });
  });

  it('says so when there is no database (exit 2), and creates none', async () => {
    const dir = tempDir();
    const out = await runProgram(['feedback'], testEnv({ DATA_DIR: dir }));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/No footnote database in/);
  });
});

describe('the eval report', () => {
  it('report.html has a feedback section when DATA_DIR holds the bot’s database, and none otherwise', async () => {
    const questions = path.join(tempDir(), 'q.jsonl');
    writeFileSync(
      questions,
      `${JSON.stringify({ id: 'q1', question: 'Who is the Treasury Secretary?', answerable: true, expected: ['Bessent'] })}\n`,
    );
    const withDb = tempDir();
    const out = path.join(withDb, 'out');
    const votes = await dataDirWithVotes();
    const run = await runProgram(
      ['eval', '--questions', questions, '--out', out],
      testEnv({ DATA_DIR: votes, INDEX_DIR: path.join(withDb, 'index') }),
    );
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Feedback from Discord');
    expect(html).toContain('<td>Who runs the ferry?</td><td class="n">1</td><td class="n">1</td><td class="n">50%</td>');

    const without = tempDir();
    const plain = await runProgram(['eval', '--questions', questions, '--out', path.join(without, 'out')], testEnv({ DATA_DIR: without }));
    expect(plain.code, plain.stderr).toBe(0);
    expect(readFileSync(path.join(without, 'out', 'report.html'), 'utf8')).not.toContain('Feedback from Discord');
  });
});
