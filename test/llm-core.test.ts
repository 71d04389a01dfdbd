import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifest } from '../src/index/persist.js';
import path from 'node:path';
import { createTestApp, REPO, testEnv } from './helpers/app.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { createApp } from '../src/compose/bootstrap.js';
import { createLogger } from '../src/compose/log.js';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({ model: 'fake-small' });
});
afterEach(async () => {
  await fake.close();
});

const FERRY_CORPUS = path.join(REPO, 'test', 'fixtures', 'ferry');
const llmEnv = (extra: Record<string, string> = {}) => ({
  CORPUS_DIR: FERRY_CORPUS,
  OPENAI_BASE_URL: fake.baseUrl,
  OPENAI_MODEL: 'fake-small',
  LLM_TIMEOUT_MS: '1500',
  LLM_MAX_RETRIES: '0',
  ...extra,
});

describe('the core in LLM mode (real ChatOpenAI against a loopback server)', () => {
  it('returns a generated answer with verified citations, keeping the --json contract', async () => {
    fake.enqueue({ content: 'Reyes met Okonkwo and Pryce at the Quayside Hall [¶4]. The fees rose by 100% [¶99].' });
    const app = await createTestApp(llmEnv());
    const r = await app.footnote.ask('Where did Reyes meet Okonkwo?');
    expect(r.mode).toBe('llm');
    expect(r.model).toBe('fake-small');
    expect(r.answer).toBe('Reyes met Okonkwo and Pryce at the Quayside Hall [¶4].');
    expect(r.dropped).toEqual([{ sentence: 'The fees rose by 100%.', reason: 'cites ¶99, which was not among the passages shown' }]);
    expect(r.citations).toEqual([{ doc: 'port-alder-ferry-strike', paragraph: 4, quote: expect.stringContaining('Quayside Hall') }]);
    expect(r.retrieved.length).toBeGreaterThanOrEqual(5);
    expect(r.usage?.totalTokens).toBeGreaterThan(0);
    const prompt = JSON.stringify(fake.chatRequests()[0]!.body.messages);
    expect(prompt).toContain('Where did Reyes meet Okonkwo?');
    expect(prompt).toMatch(/¶4/);
  });

  it('falls back to the extractive answer, with a note, when the model server fails', async () => {
    fake.script(() => ({ status: 500, body: { error: { message: 'boom' } } }));
    const app = await createTestApp(llmEnv());
    const started = Date.now();
    const r = await app.footnote.ask('Where did Reyes meet Okonkwo and Pryce?');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.mode).toBe('extractive');
    expect(r.answer).toContain('Quayside Hall');
    expect(r.note).toMatch(/model/i);
  });

  it('keeps a strongly supported quote when the model declines it', async () => {
    fake.enqueue({ content: 'NONE' });
    const app = await createTestApp(llmEnv());
    const r = await app.footnote.ask('Where did Reyes meet Okonkwo and Pryce?');
    expect(r.answerable).toBe(true);
    expect(r.answer).toContain('Quayside Hall');
    expect(r.note).toMatch(/model found no answer/);
  });
});

describe('embeddings provider', () => {
  it('switching between OpenAI-compatible and local embeddings rebuilds the index', async () => {
    const env = testEnv(llmEnv({ EMBEDDINGS_PROVIDER: 'openai', OPENAI_EMBEDDINGS_MODEL: 'fake-embed' }));
    const log = createLogger('silent');
    const remote = await createApp(env, {}, log);
    const indexDir = remote.config.indexDir;
    expect((await readManifest(indexDir))!.embeddingModel).toBe('openai:fake-embed');
    expect((await readManifest(indexDir))!.dimensions).toBe(64);
    expect(fake.requests.some((r) => r.path.endsWith('/embeddings'))).toBe(true);
    const local = await createApp({ ...env, EMBEDDINGS_PROVIDER: 'local' }, {}, log);
    expect(local.footnote.info().embeddings).toMatch(/glove/);
    const manifest = (await readManifest(indexDir))!;
    expect(manifest.embeddingModel).toMatch(/glove/);
    expect(manifest.dimensions).toBe(100);
    const r = await local.footnote.ask('Where did Reyes meet Okonkwo and Pryce?');
    expect(r.answer).toContain('Quayside Hall');
  });
});

describe('several documents', () => {
  it('a generated answer names the document in its markers, as the extractive answer does', async () => {
    const { cp, mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const corpus = await mkdtemp(path.join(tmpdir(), 'footnote-two-docs-'));
    await cp(path.join(FERRY_CORPUS, 'port-alder-ferry-strike.md'), path.join(corpus, 'port-alder-ferry-strike.md'));
    await cp(path.join(REPO, 'test', 'fixtures', 'council', 'riverton-council-budget.md'), path.join(corpus, 'riverton-council-budget.md'));
    fake.enqueue({ content: 'Okonkwo threatened a 100% increase in freight fees for island businesses [3].' });
    const app = await createTestApp(llmEnv({ CORPUS_DIR: corpus }));
    const r = await app.footnote.ask('What fee increase did Okonkwo threaten?');
    expect(r.mode).toBe('llm');
    expect(r.answer).toBe('Okonkwo threatened a 100% increase in freight fees for island businesses [port-alder-ferry-strike ¶3].');
    fake.script(() => ({ status: 500 }));
    const extractive = await app.footnote.ask('What fee increase did Okonkwo threaten for island businesses?');
    expect(extractive.mode).toBe('extractive');
    expect(extractive.answer).toContain('[port-alder-ferry-strike ¶3]');
  });
});
