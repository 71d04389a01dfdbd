import { footnoteSettingsOf, embeddingsSettingsOf } from '../src/compose/config.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/compose/bootstrap.js';
import { loadConfig } from '../src/compose/config.js';
import { createAnswerCache, questionKey } from '../src/app/answer-cache.js';
import { createFootnote } from '../src/app/footnote.js';
import type { AskResult } from '../src/domain/types.js';
import { createEmbeddings, type EmbeddingsBundle } from '../src/embeddings/factory.js';
import { createLogger } from '../src/compose/log.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { testEnv } from './helpers/app.js';

const log = createLogger('silent');

/** The configured embeddings, counting the query embeddings every uncached answer needs. */
async function countingFootnote(env = testEnv(), answerCacheSize?: number) {
  const config = loadConfig(env);
  const real = await createEmbeddings(embeddingsSettingsOf(config), log);
  const calls = { queries: 0 };
  const embeddings: EmbeddingsBundle = { ...real, embedQuery: (text) => (calls.queries++, real.embedQuery(text)) };
  const footnote = await createFootnote({
    config: { ...footnoteSettingsOf(config), ...(answerCacheSize === undefined ? {} : { answerCacheSize }) },
    log,
    embeddings,
  });
  return { footnote, calls };
}

const result = (question: string, answerable = true): AskResult => ({
  question,
  answer: answerable ? 'A quote [¶1]' : `The article doesn't say. None of its paragraphs answers “${question}”.`,
  short_answer: null,
  answerable,
  citations: answerable ? [{ doc: 'd', paragraph: 1, quote: 'A quote' }] : [],
  related: [{ doc: 'd', paragraph: 2 }],
  retrieved: [{ doc: 'd', paragraph: 1, score: 0.5 }],
  mode: 'llm',
  model: 'm',
  usage: { totalTokens: 120 },
  timings: { retrieveMs: 3, answerMs: 900, totalMs: 903 },
});

describe('answer cache (unit)', () => {
  const ctx = { version: 'build-1', mode: 'extractive' };

  it('keys questions by their normalised, lowercased form with punctuation collapsed', () => {
    expect(questionKey('Who is Bessent?!')).toBe(questionKey('  who IS   bessent '));
    expect(questionKey('Who is  Bessent ?')).toBe('who is bessent');
    expect(questionKey('<@123456789012345678> what\u200b’s up…??')).toBe("what's up");
    expect(questionKey('What did U.S. officials say?')).not.toBe(questionKey('What did US officials say?'));
  });

  it('GIVEN a stored answer WHEN asked again THEN returns a private copy with fresh timings and no token usage', () => {
    const cache = createAnswerCache(10);
    const stored = result('Who is Bessent?');
    cache.set('Who is Bessent?', ctx, stored);
    stored.citations[0]!.quote = 'mutated by the caller after storing';
    const a = cache.get('who is bessent', ctx, () => 0.1234)!;
    expect(a.citations[0]!.quote).toBe('A quote');
    expect(a.question).toBe('who is bessent');
    expect(a.timings).toEqual({ retrieveMs: 0, answerMs: 0.12, totalMs: 0.12 });
    expect(a.usage).toBeUndefined();
    a.citations.push({ doc: 'x', paragraph: 9, quote: 'y' });
    expect(cache.get('Who is Bessent?', ctx)!.citations).toHaveLength(1);
    expect(cache.stats).toEqual({ hits: 2, misses: 0 });
  });

  it('misses for another index version or mode', () => {
    const cache = createAnswerCache(10);
    cache.set('q', ctx, result('q'));
    expect(cache.get('q', { ...ctx, version: 'build-2' })).toBeUndefined();
    expect(cache.get('q', { ...ctx, mode: 'llm:gpt' })).toBeUndefined();
  });

  it('reuses a decline only for the same wording (declines quote the question)', () => {
    const cache = createAnswerCache(10);
    cache.set('Who won the World Cup?', ctx, result('Who won the World Cup?', false));
    expect(cache.get('who won the world cup', ctx)).toBeUndefined();
    expect(cache.get('Who won the World Cup?', ctx)?.answer).toContain('“Who won the World Cup?”');
  });

  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = createAnswerCache(3);
    for (const q of ['a1', 'b1', 'c1']) cache.set(q, ctx, result(q));
    cache.get('a1', ctx);
    cache.set('d1', ctx, result('d1'));
    expect(cache.size).toBe(3);
    expect(cache.get('b1', ctx)).toBeUndefined();
    expect(cache.get('a1', ctx)).toBeDefined();
  });

  it('stores nothing with capacity 0', () => {
    const cache = createAnswerCache(0);
    cache.set('q', ctx, result('q'));
    expect(cache.get('q', ctx)).toBeUndefined();
  });
});

describe('answer cache in the core (extractive)', () => {
  it('answers a repeated question (or a variant of it) without retrieving again', async () => {
    const { footnote, calls } = await countingFootnote();
    const first = await footnote.ask('Who is the US Treasury Secretary?');
    expect(calls.queries).toBe(1);
    expect(first.timings.retrieveMs).toBeGreaterThan(0);
    const again = await footnote.ask('who is the US treasury secretary');
    expect(calls.queries).toBe(1);
    expect(again.timings.retrieveMs).toBe(0);
    expect(again.question).toBe('who is the US treasury secretary');
    expect({ ...again, question: first.question, timings: first.timings }).toEqual(first);
    // The caller owns what it gets.
    again.citations.length = 0;
    expect((await footnote.ask('Who is the US Treasury Secretary?')).citations).toEqual(first.citations);
  });

  it('never caches follow-ups with history or streamed answers', async () => {
    const { footnote, calls } = await countingFootnote();
    const history = [{ question: 'Who is the US Treasury Secretary?', answer: 'Scott Bessent [¶4]' }];
    await footnote.ask('What did he craft?', { history });
    await footnote.ask('What did he craft?', { history });
    await footnote.ask('Who is Bessent?', { onToken: () => {} });
    await footnote.ask('Who is Bessent?', { onToken: () => {} });
    expect(calls.queries).toBe(4);
  });

  it('is off with answerCacheSize 0 (benchmarks of the answer path)', async () => {
    const { footnote, calls } = await countingFootnote(testEnv(), 0);
    await footnote.ask('Who is the US Treasury Secretary?');
    await footnote.ask('Who is the US Treasury Secretary?');
    expect(calls.queries).toBe(2);
  });

  it('still rejects a bad question with a UserError before looking anything up', async () => {
    const { footnote } = await countingFootnote();
    await expect(footnote.ask('   ')).rejects.toMatchObject({ name: 'UserError' });
  });
});

describe('answer cache in the core (LLM mode, real ChatOpenAI against a loopback server)', () => {
  let fake: FakeOpenAI;
  beforeEach(async () => {
    fake = await startFakeOpenAI({ model: 'fake-small' });
  });
  afterEach(async () => {
    await fake.close();
  });
  const llmApp = () =>
    createApp(
      testEnv({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_MODEL: 'fake-small', LLM_TIMEOUT_MS: '1500', LLM_MAX_RETRIES: '0' }),
      {},
      log,
    );

  it('asks the model once for a repeated question', async () => {
    fake.script(() => ({ content: 'The talks were held in Kuala Lumpur [¶1].' }));
    const app = await llmApp();
    const first = await app.footnote.ask('Where were the talks held?');
    const second = await app.footnote.ask('where were the talks held');
    expect(fake.chatRequests()).toHaveLength(1);
    expect(first.mode).toBe('llm');
    expect(second).toMatchObject({ mode: 'llm', answer: first.answer, citations: first.citations, model: 'fake-small' });
    expect(first.usage?.totalTokens).toBeGreaterThan(0);
    expect(second.usage).toBeUndefined();
  });

  it('does not keep the extractive fallback of a model fault: the next ask tries the model again', async () => {
    fake.enqueue({ status: 500, body: { error: { message: 'boom' } } });
    fake.script(() => ({ content: 'The talks were held in Kuala Lumpur [¶1].' }));
    const app = await llmApp();
    const degraded = await app.footnote.ask('Where were the talks held?');
    expect(degraded.mode).toBe('extractive');
    const healed = await app.footnote.ask('Where were the talks held?');
    expect(healed.mode).toBe('llm');
    expect(fake.chatRequests()).toHaveLength(2);
  });
});
