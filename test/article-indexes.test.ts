// Per-article indexes: one per distinct article (shared by every server that uploads it), built
// once, kept in a bounded LRU and reloaded from disk after eviction.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createArticleIndexes, type IndexedArticle } from '../src/app/article-indexes.js';
import { toMarkdown } from '../src/article/markdown.js';
import { createLogger } from '../src/compose/log.js';
import { createEmbeddings, type EmbeddingsBundle } from '../src/embeddings/factory.js';
import { EXACT_MAGIC } from '../src/index/exact-index.js';
import { SHARED_CACHE_DIR, tempDir } from './helpers/app.js';

const log = createLogger('silent');
let embeddings: EmbeddingsBundle;
beforeAll(async () => {
  embeddings = await createEmbeddings({ cacheDir: SHARED_CACHE_DIR }, log);
});

/** Invented local-news articles that differ in their town and numbers. */
function article(town: string, n: number): IndexedArticle {
  const markdown = toMarkdown({
    title: `${town} opens a new public library`,
    paragraphs: [
      `${town} opened its new public library on Monday after ${n} months of building work, the mayor said.`,
      `The library holds ${n * 1000} books and a reading room for ${n * 10} people, and it opens every day except Sunday.`,
      `The building cost ${n} million euros, paid for by the regional government and a local foundation.`,
    ],
  });
  return { id: `${town.toLowerCase()}-library`, markdown };
}

const settings = (indexDir: string) => ({
  corpusDir: 'unused',
  indexDir,
  maxQuestionChars: 1000,
  embeddings: { cacheDir: SHARED_CACHE_DIR },
});

describe('article indexes', () => {
  it('answers from the article with citations carrying its id', async () => {
    const indexes = createArticleIndexes({ settings: settings(tempDir()), capacity: 4, embeddings, log });
    const core = await indexes.get(article('Brindle', 14));
    const result = await core.ask('How many books does the library hold?');
    expect(result.answerable).toBe(true);
    expect(result.citations[0]).toMatchObject({ doc: 'brindle-library', paragraph: 2 });
    expect(result.answer).toContain('14000 books');
    expect(core.documents().map((d) => d.title)).toEqual(['Brindle opens a new public library']);
  });

  it('the same article from two servers shares one index and one core; concurrent first calls share one opening', async () => {
    const indexDir = tempDir();
    const indexes = createArticleIndexes({ settings: settings(indexDir), capacity: 4, embeddings, log });
    const [a, b] = await Promise.all([indexes.get(article('Osterby', 7)), indexes.get(article('Osterby', 7))]);
    expect(a).toBe(b);
    expect(await indexes.get({ ...article('Osterby', 7) })).toBe(a);
    expect(indexes.stats()).toMatchObject({ loaded: 1, opened: 1, hits: 2 });
    expect(readdirSync(path.join(indexDir, 'articles'))).toHaveLength(1);
    // A different text is a different index.
    expect(indexes.keyOf(article('Osterby', 8))).not.toBe(indexes.keyOf(article('Osterby', 7)));
  });

  it('keeps at most `capacity` cores loaded, least recently used out; an evicted one reopens from disk', async () => {
    const indexDir = tempDir();
    const indexes = createArticleIndexes({ settings: settings(indexDir), capacity: 2, embeddings, log });
    const first = await indexes.get(article('Alder', 3));
    await indexes.get(article('Birch', 4));
    await indexes.get(article('Alder', 3)); // Alder is now the most recent
    await indexes.get(article('Cedar', 5)); // evicts Birch
    expect(indexes.stats()).toMatchObject({ loaded: 2, capacity: 2, opened: 3, evicted: 1, hits: 1 });
    expect(await indexes.get(article('Alder', 3))).toBe(first);
    const builds = (dir: string) => readdirSync(path.join(indexDir, 'articles', dir)).filter((f) => f.startsWith('build-'));
    const birchKey = indexes.keyOf(article('Birch', 4)).slice(0, 32);
    const before = builds(birchKey);
    const birch = await indexes.get(article('Birch', 4));
    expect(indexes.stats()).toMatchObject({ loaded: 2, opened: 4, evicted: 2 });
    expect(builds(birchKey)).toEqual(before); // read back, not rebuilt
    expect((await birch.ask('What did the building cost?')).citations[0]).toMatchObject({ doc: 'birch-library', paragraph: 3 });
  });

  it('stores article vectors for exact search (no hnswlib graph per article), unlike the configured corpus', async () => {
    const indexDir = tempDir();
    const indexes = createArticleIndexes({ settings: settings(indexDir), capacity: 2, embeddings, log });
    const a = article('Rowan', 6);
    await indexes.get(a);
    const dir = path.join(indexDir, 'articles', indexes.keyOf(a).slice(0, 32));
    const build = readdirSync(dir).find((f) => f.startsWith('build-'))!;
    const head = readFileSync(path.join(dir, build, 'sentences.hnsw')).subarray(0, EXACT_MAGIC.length);
    expect(head.equals(EXACT_MAGIC)).toBe(true);
  });
});
