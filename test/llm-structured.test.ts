// OPENAI_STRUCTURED=true: withStructuredOutput and a zod schema; quotes checked verbatim.
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmAnswerer, NOTES, type ExtractiveFallback } from '../src/answer/llm/answerer.js';
import { loadPrompts, type PromptSet } from '../src/answer/llm/prompts.js';
import { quoteIsVerbatim } from '../src/answer/llm/structured.js';
import { loadConfig } from '../src/compose/config.js';
import { createChatModel } from '../src/providers/openai.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { FEES, PASSAGES, TALKS } from './fakes/openai/passages.js';
import { createTestApp, REPO } from './helpers/app.js';

const EXTRACTIVE: ExtractiveFallback = {
  answer: 'A spokesperson for the authority said talks were constructive. [¶5]',
  answerable: true,
  citations: [{ doc: TALKS.doc, paragraph: 5, quote: TALKS.sentences[0]!.text }],
};
const QUOTE = 'transit director Miriam Okonkwo threatened a 100% increase in freight fees';

let prompts: PromptSet;
let fake: FakeOpenAI;
beforeAll(async () => {
  prompts = await loadPrompts(path.join(REPO, 'prompts'));
});
beforeEach(async () => {
  fake = await startFakeOpenAI({ model: 'fake-chat' });
});
afterEach(async () => {
  await fake.close();
});

const structured = () =>
  createLlmAnswerer({
    model: createChatModel({ baseUrl: fake.baseUrl, model: 'fake-chat', timeoutMs: 5_000, maxRetries: 0 }),
    prompts,
    timeoutMs: 5_000,
    structured: true,
  });
const ask = () => structured().answer({ question: 'What did Okonkwo threaten?', passages: PASSAGES, extractive: EXTRACTIVE });
const reply = (value: object) => JSON.stringify(value);

describe('structured output', () => {
  it('asks for the schema and keeps a citation whose quote is verbatim, showing that quote', async () => {
    fake.enqueue(
      reply({
        answerable: true,
        answer: 'Okonkwo threatened a 100% increase in freight fees for island businesses.',
        citations: [{ paragraph: 3, quote: QUOTE }],
      }),
    );
    const result = await ask();
    const body = fake.chatRequests()[0]!.body;
    expect(body.response_format.type).toBe('json_schema');
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toEqual(['answerable', 'answer', 'citations']);
    expect(result).toMatchObject({ mode: 'llm', answerable: true });
    expect(result.answer).toBe('Okonkwo threatened a 100% increase in freight fees for island businesses [¶3].');
    expect(result.citations).toEqual([{ doc: FEES.doc, paragraph: 3, quote: QUOTE }]);
  });

  it('drops a citation whose quote is not in its paragraph; with nothing left the extractive answer comes back', async () => {
    fake.enqueue(
      reply({
        answerable: true,
        answer: 'Okonkwo threatened a 100% increase in freight fees.',
        citations: [{ paragraph: 3, quote: 'Okonkwo promised to double freight fees next spring.' }],
      }),
    );
    expect(await ask()).toMatchObject({ mode: 'extractive', note: NOTES.unverified });
  });

  it('answerable: false is a decline in footnote’s words', async () => {
    fake.enqueue(reply({ answerable: false, answer: '', citations: [] }));
    const result = await ask();
    expect(result).toMatchObject({ mode: 'llm', answerable: false, citations: [] });
    expect(result.answer).toMatch(/^The article doesn't say/);
  });

  it('a reply that does not fit the schema falls back as unavailable', async () => {
    fake.enqueue('Okonkwo threatened a 100% increase [¶3].');
    expect(await ask()).toMatchObject({ mode: 'extractive', note: NOTES.unavailable });
  });

  it('quotes are compared with quotes and spacing made uniform, and must be a real piece of the paragraph', () => {
    expect(quoteIsVerbatim(`“${QUOTE.replace(/ /g, '  ')}.”`, FEES)).toBe(true);
    expect(quoteIsVerbatim('a 250% increase in freight fees', FEES)).toBe(false);
    expect(quoteIsVerbatim('fees', FEES)).toBe(false);
  });

  it('is switched on by OPENAI_STRUCTURED=true (off by default)', async () => {
    expect(loadConfig({ OPENAI_BASE_URL: fake.baseUrl }).llm?.structured).toBe(false);
    const app = await createTestApp({
      CORPUS_DIR: path.join(REPO, 'test', 'fixtures', 'ferry'),
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_STRUCTURED: 'true',
      LLM_MAX_RETRIES: '0',
    });
    fake.enqueue(
      reply({
        answerable: true,
        answer: 'Okonkwo threatened a 100% increase in freight fees.',
        citations: [{ paragraph: 3, quote: QUOTE }],
      }),
    );
    const result = await app.footnote.ask('What fee increase did Okonkwo threaten?');
    expect(result).toMatchObject({ mode: 'llm', citations: [{ paragraph: 3, quote: QUOTE }] });
  });
});
