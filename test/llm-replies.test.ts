// Real ChatOpenAI against the loopback server, replying the way chat models of five families
// format answers (test/fixtures/model-replies.ts): every style gives a verified LLM answer citing
// ¶3 with its quote, streamed without reasoning, with footnote's sources only.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerContent } from '../src/adapters/discord/render.js';
import { renderAnswerText } from '../src/adapters/shell/render.js';
import type { Footnote } from '../src/app/footnote.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { BAD_CLAIMS, MODEL_REPLIES, QUESTION } from './fixtures/model-replies.js';
import { createTestApp, REPO } from './helpers/app.js';

export const FERRY_CORPUS = path.join(REPO, 'test', 'fixtures', 'ferry');
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
