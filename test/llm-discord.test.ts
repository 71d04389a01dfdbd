// A generated answer on Discord, end to end: the real discord.js client against the loopback
// Discord, the real ChatOpenAI against the loopback model server. A reasoning model's reply is
// streamed into the deferred reply: no preview ever shows its thinking, and the final message
// keeps the model's Markdown with footnote's own sources only.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { MODEL_REPLIES, QUESTION } from './fixtures/model-replies.js';
import { body, callbackOf, originalEditOf, startHarness, user, type Harness } from './discord-harness.js';
import { REPO } from './helpers/app.js';

let model: FakeOpenAI;
let h: Harness;
beforeAll(async () => {
  model = await startFakeOpenAI({ model: 'fake-reasoner' });
  h = await startHarness({
    env: {
      CORPUS_DIR: path.join(REPO, 'test', 'fixtures', 'ferry'),
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_MODEL: 'fake-reasoner',
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '20000',
    },
    run: { streamIntervalMs: 100 },
  });
});
afterAll(async () => {
  expect(await h.close()).toBe(0);
  await model.close();
});

const reasoning = MODEL_REPLIES.filter((r) => r.family === 'qwen3' || r.family === 'deepseek-r1').filter((r) => /think/.test(r.style));

describe.each(reasoning)('Discord, $family: $style', (reply) => {
  it('previews never show the thinking; the final answer keeps Markdown and has one sources block', async () => {
    model.enqueue({ content: reply.content, tokens: true, chunkDelayMs: 8 });
    const { fake } = h;
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('ada') }),
    );
    expect(body(await fake.waitForRequest(callbackOf(i)))).toMatchObject({ type: 5 });
    const final = await fake.waitForRequest((r) => originalEditOf(fake, i)(r) && !String(body(r).content).endsWith('▍'), 20_000);
    const edits = fake.requests.filter(originalEditOf(fake, i)).map((r) => String(body(r).content));
    expect(edits.length).toBeGreaterThan(1); // at least one preview before the answer
    for (const content of edits) {
      expect(content).not.toMatch(/think|Okay, the user|Looking at the passages/);
      for (const hidden of reply.hidden ?? []) expect(content).not.toContain(hidden);
    }
    const content = String(body(final).content);
    if (reply.content.includes('**100%')) expect(content).toMatch(/\*\*100%/); // the model's bold, not escaped
    expect(content).toContain('[¶3]');
    expect(content.match(/\*\*Sources\*\*/g)).toHaveLength(1);
    expect(content).toMatch(/> \*\*\[¶3\]\*\* “The walkout began after transit director Miriam Okonkwo threatened a 100% increase/);
  });
});
