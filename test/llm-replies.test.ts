// Real ChatOpenAI against the loopback server, replying the way chat models of five families
// format answers (test/fixtures/model-replies.ts): every style gives a verified LLM answer citing
// ¶3 with its quote, streamed without reasoning, with footnote's sources only.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { answerContent, summaryContent } from '../src/adapters/discord/render.js';
import { renderAnswerText, renderSummaryText } from '../src/adapters/shell/render.js';
import type { Footnote } from '../src/app/footnote.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { BAD_CLAIMS, MODEL_REPLIES, QUESTION } from './fixtures/model-replies.js';
import { createTestApp, REPO, SHARED_CACHE_DIR, tempDir } from './helpers/app.js';
import { runNode } from './helpers/spawn.js';

const FERRY_CORPUS = path.join(REPO, 'test', 'fixtures', 'ferry');
const FEES_SENTENCE =
  "The walkout began after transit director Miriam Okonkwo threatened a 100% increase in freight fees for island businesses starting on March 1, in retaliation for the union's refusal to accept a new weekend rota.";

let fake: FakeOpenAI;
let footnote: Footnote;
beforeAll(async () => {
  fake = await startFakeOpenAI({ model: 'fake-chat' });
  const app = await createTestApp({
    CORPUS_DIR: FERRY_CORPUS,
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_MODEL: 'fake-chat',
    LLM_TIMEOUT_MS: '5000',
    LLM_MAX_RETRIES: '0',
  });
  footnote = app.footnote;
});
afterAll(async () => {
  await fake.close();
});

async function askStreamed(question = QUESTION) {
  let streamed = '';
  const result = await footnote.ask(question, { onToken: (t) => (streamed += t) });
  return { result, streamed };
}

describe.each(MODEL_REPLIES)('$family, $style', (reply) => {
  it('gives a verified LLM answer citing ¶3 with its quote; no reasoning, no second sources list', async () => {
    fake.enqueue({ content: reply.content, tokens: true, ...(reply.reasoning ? { reasoning: reply.reasoning } : {}) });
    const { result, streamed } = await askStreamed();
    expect(result).toMatchObject({ mode: 'llm', answerable: true, model: 'fake-chat' });
    expect(result.note).toBeUndefined();
    expect(result.answer).toContain('[¶3]');
    expect(result.citations).toContainEqual({ doc: 'port-alder-ferry-strike', paragraph: 3, quote: FEES_SENTENCE });
    expect(result.answer).toContain('100%');
    const checked = [result.answer, answerContent(result, { multiDoc: false }), renderAnswerText(result)];
    for (const text of [...checked, streamed]) {
      expect(text).not.toMatch(/<\/?think>/);
      for (const hidden of reply.hidden ?? []) expect(text).not.toContain(hidden);
    }
    for (const removed of reply.removed ?? []) expect(result.answer).not.toContain(removed);
    expect(answerContent(result, { multiDoc: false }).match(/Sources/g)).toHaveLength(1);
  });
});

describe.each(BAD_CLAIMS)('$style', ({ content, hidden }) => {
  it('never shows the unsupported claim, and lists it under dropped with a reason', async () => {
    fake.enqueue({ content, tokens: true });
    const { result } = await askStreamed();
    expect(result.mode).toBe('llm');
    expect(result.answer).not.toContain(hidden);
    expect(result.citations.map((c) => c.paragraph)).toEqual([3]);
    expect(result.dropped).toEqual([{ sentence: expect.stringContaining(hidden), reason: expect.stringMatching(/¶3/) }]);
  });
});

describe('replies that cannot be shown', () => {
  it('a lone wrong-number claim falls back to the extractive answer, which never contains it', async () => {
    fake.enqueue('Okonkwo threatened a 250% increase in freight fees for island businesses [¶3].');
    const { result, streamed } = await askStreamed();
    expect(result.mode).toBe('extractive');
    expect(result.answer).not.toContain('250%');
    expect(result.note).toMatch(/could not be verified/);
    expect(result.dropped).toEqual([{ sentence: expect.stringContaining('250%'), reason: '"250%" is not in ¶3' }]);
    expect(streamed).toContain('250%'); // the draft streamed; the checked answer replaced it
  });

  it('a reply cut off inside its reasoning falls back without showing any of it', async () => {
    fake.enqueue({ content: '<think>\nOkay, let me look at the passages. ¶3 mentions a 100% increase', tokens: true });
    const { result, streamed } = await askStreamed();
    expect(result).toMatchObject({ mode: 'extractive', note: expect.stringMatching(/unavailable/) });
    expect(streamed).toBe('');
  });

  it('the decline token in any language becomes footnote’s own decline, and is never streamed', async () => {
    fake.enqueue({ content: '<think>\nDie Passagen sagen nichts dazu.\n</think>\n\nNONE', tokens: true });
    const { result, streamed } = await askStreamed('Wie heißt der Bürgermeister von Port Alder?');
    expect(result).toMatchObject({ mode: 'llm', answerable: false, citations: [] });
    expect(result.answer).toMatch(/^The article doesn't say/);
    expect(streamed).toBe('');
  });

  it('an answer in another language keeps working', async () => {
    fake.enqueue({ content: 'Okonkwo drohte mit einer Erhöhung der Frachtgebühren um 100 % ab dem 1. März [¶3].', tokens: true });
    const { result } = await askStreamed('Welche Gebührenerhöhung drohte Okonkwo an?');
    expect(result).toMatchObject({ mode: 'llm', answerable: true });
    expect(result.citations.map((c) => c.paragraph)).toEqual([3]);
  });
});

describe('LLM summaries', () => {
  it('show one marker per point, through the same rendering as answers, without the model’s own list', async () => {
    fake.enqueue({
      content: [
        '<think>\nThree points from the passages.\n</think>',
        '',
        '- **Ferry crews walked off the job** on Saturday, halting all six routes to the Kessin Islands [¶1].',
        '- Okonkwo threatened a 100% increase in freight fees for island businesses (paragraph 3).',
        '- A mediator will join the talks next week [8].',
        '',
        'Sources: ¶1, ¶3, ¶8',
      ].join('\n'),
      tokens: true,
    });
    const summary = await footnote.summarize({ length: 'short' });
    expect(summary.mode).toBe('llm');
    expect(summary.points.map((p) => p.citations.map((c) => c.paragraph))).toEqual([[1], [3], [8]]);
    const discord = summaryContent(summary, { multiDoc: false });
    const shell = renderSummaryText(summary);
    for (const text of [discord, shell]) {
      expect(text.match(/\[¶\d+\]/g)).toEqual(['[¶1]', '[¶3]', '[¶8]']);
      expect(text).not.toMatch(/think|Sources|paragraph 3/);
    }
    expect(discord).toContain('**Ferry crews walked off the job**');
    expect(shell).toContain('• Ferry crews walked off the job on Saturday');
  });
});

describe('the real CLI (`ask --questions --json`, compiled) against the model server', () => {
  it('answers the issue table: every style cites ¶3 with its quote; the invented sentence and the 250% claim never appear', async () => {
    const table = [
      'Okonkwo threatened a 100% increase in freight fees for island businesses [3].',
      'Okonkwo threatened a 100% increase in freight fees for island businesses [¶3, ¶4].',
      'Okonkwo threatened a 100% increase in freight fees for island businesses (paragraph 3).',
      '<think>\nThe passages say ¶3 has the fee increase.\n</think>\n\nOkonkwo threatened a 100% increase in freight fees [¶3].',
      '**Okonkwo** threatened a **100% increase** in freight fees:\n\n- for *island businesses* [¶3]\n- starting on March 1 [¶3]',
      'Okonkwo threatened a 100% increase in freight fees for island businesses [¶3].\n\nSources:\n- ¶3: "The walkout began after transit director Miriam Okonkwo threatened a 100% increase"',
      'Okonkwo threatened a 100% increase in freight fees [¶3]. She also ordered the closure of every island school.',
      'Okonkwo threatened a 250% increase in freight fees for island businesses [¶3].',
    ];
    for (const content of table) fake.enqueue({ content, tokens: true });
    const dir = mkdtempSync(path.join(tmpdir(), 'footnote-cli-'));
    const file = path.join(dir, 'questions.jsonl');
    writeFileSync(file, table.map((_, i) => JSON.stringify({ id: `row${i + 1}`, question: QUESTION })).join('\n'));
    const env = {
      CORPUS_DIR: FERRY_CORPUS,
      DATA_DIR: tempDir(),
      CACHE_DIR: SHARED_CACHE_DIR,
      LOG_LEVEL: 'silent',
      ANSWER_CACHE_SIZE: '0',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_MODEL: 'fake-chat',
      LLM_MAX_RETRIES: '0',
    };
    const run = await runNode('dist/cli.js', ['ask', '--json', '--questions', file], env, '', { compiled: true });
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(table.length);
    for (const row of rows.slice(0, 7)) {
      expect(row).toMatchObject({ mode: 'llm', answerable: true });
      expect(row.citations).toContainEqual({ doc: 'port-alder-ferry-strike', paragraph: 3, quote: FEES_SENTENCE });
      expect(row.answer).toContain('[¶3]');
      expect(row.answer).not.toMatch(/think|Sources|\[3\]|\(paragraph 3\)|¶4/);
    }
    expect(rows[6].answer).not.toContain('school');
    expect(rows[6].dropped).toEqual([
      { sentence: 'She also ordered the closure of every island school.', reason: expect.stringMatching(/¶3/) },
    ]);
    expect(rows[7]).toMatchObject({ mode: 'extractive', dropped: [{ reason: '"250%" is not in ¶3' }] });
    expect(rows[7].answer).not.toContain('250%');
  });
});
