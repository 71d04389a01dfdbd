import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, createEmbeddingsModel, PLACEHOLDER_API_KEY } from '../src/providers/openai.js';
import { hashEmbedding, startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { PASSAGES, FEES } from './fakes/openai/passages.js';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({ dimensions: 48 });
});
afterEach(async () => {
  await fake.close();
});

const cosine = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('createChatModel', () => {
  it('works with a base URL and no key (placeholder bearer)', async () => {
    fake.enqueue('pong');
    const model = createChatModel({ baseUrl: fake.baseUrl, model: 'local-model', timeoutMs: 5_000, maxRetries: 0 });
    expect((await model.invoke('ping')).text).toBe('pong');
    expect(fake.chatRequests()[0]!.headers.authorization).toBe(`Bearer ${PLACEHOLDER_API_KEY}`);
  });

  it('sends the configured key and temperature', async () => {
    fake.enqueue('pong');
    const model = createChatModel({
      apiKey: 'sk-test-123',
      baseUrl: fake.baseUrl,
      model: 'm',
      timeoutMs: 5_000,
      maxRetries: 0,
      temperature: 0,
    });
    await model.invoke('ping');
    const [request] = fake.chatRequests();
    expect(request!.headers.authorization).toBe('Bearer sk-test-123');
    expect(request!.body.temperature).toBe(0);
  });

  it('uses our base URL even when OPENAI_API_BASE / OPENAI_BASE_URL point elsewhere', async () => {
    const saved = { base: process.env.OPENAI_API_BASE, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_BASE = 'http://127.0.0.1:9/v1';
    process.env.OPENAI_BASE_URL = 'http://127.0.0.1:9/v1';
    try {
      fake.enqueue('pong');
      const model = createChatModel({ baseUrl: fake.baseUrl, model: 'm', timeoutMs: 2_000, maxRetries: 0 });
      expect((await model.invoke('ping')).text).toBe('pong');
      const embeddings = createEmbeddingsModel({ baseUrl: fake.baseUrl, model: 'e', timeoutMs: 2_000, maxRetries: 0 });
      expect(await embeddings.embedQuery('ping')).toHaveLength(48);
    } finally {
      for (const [key, value] of [
        ['OPENAI_API_BASE', saved.base],
        ['OPENAI_BASE_URL', saved.url],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('applies maxRetries from settings (0 → one request on a 500)', async () => {
    fake.script(() => ({ status: 500 }));
    const model = createChatModel({ baseUrl: fake.baseUrl, model: 'm', timeoutMs: 2_000, maxRetries: 0 });
    await expect(model.invoke('ping')).rejects.toThrow();
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it('refuses settings with neither key nor base URL', () => {
    expect(() => createChatModel({ model: 'm', timeoutMs: 1_000, maxRetries: 0 })).toThrow(/API key/);
  });
});

describe('createEmbeddingsModel', () => {
  it('returns vectors of the served dimension, as floats, one per text', async () => {
    const embeddings = createEmbeddingsModel({ baseUrl: fake.baseUrl, model: 'text-embedding-3-small', timeoutMs: 5_000, maxRetries: 0 });
    const vectors = await embeddings.embedDocuments(PASSAGES.map((p) => p.text));
    expect(vectors).toHaveLength(PASSAGES.length);
    for (const v of vectors) expect(v).toHaveLength(48);
    expect(vectors[1]).toEqual(hashEmbedding(FEES.text, 48));
    const request = fake.requests.find((r) => r.path === '/v1/embeddings')!;
    expect(request.body).toMatchObject({ model: 'text-embedding-3-small', encoding_format: 'float' });
  });

  it('ranks by shared words (the fake is not one vector for all)', async () => {
    const embeddings = createEmbeddingsModel({ baseUrl: fake.baseUrl, model: 'e', timeoutMs: 5_000, maxRetries: 0 });
    const docs = await embeddings.embedDocuments(PASSAGES.map((p) => p.text));
    const query = await embeddings.embedQuery('freight fees increase threatened by Okonkwo for island businesses');
    const best = docs.map((d, i) => [cosine(query, d), i] as const).sort((a, b) => b[0] - a[0])[0]![1];
    expect(PASSAGES[best]).toBe(FEES);
  });

  it('forwards requested dimensions', async () => {
    const embeddings = createEmbeddingsModel({ baseUrl: fake.baseUrl, model: 'e', timeoutMs: 5_000, maxRetries: 0, dimensions: 16 });
    expect(await embeddings.embedQuery('hello')).toHaveLength(16);
  });
});

describe('the fake server', () => {
  it('serves base64 embeddings to the default SDK encoding', async () => {
    const { OpenAIEmbeddings } = await import('@langchain/openai');
    const embeddings = new OpenAIEmbeddings({ apiKey: 'x', model: 'e', maxRetries: 0, configuration: { baseURL: fake.baseUrl } });
    const vector = await embeddings.embedQuery('island freight fees');
    expect(fake.requests[0]!.body.encoding_format).toBe('base64');
    expect(vector.map((v) => Math.round(v * 1e5))).toEqual(hashEmbedding('island freight fees', 48).map((v) => Math.round(v * 1e5)));
  });

  it('close() frees hung requests', async () => {
    fake.script(() => ({ hang: true }));
    const pending = fetch(`${fake.baseUrl}/chat/completions`, { method: 'POST', body: '{}' }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await fake.close();
    expect(await pending).toBe('failed');
    expect(performance.now() - started).toBeLessThan(500);
    fake = await startFakeOpenAI(); // for afterEach
  });
});
