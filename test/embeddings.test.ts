import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGloveTable, openGloveCacheFile } from '../src/embeddings/glove-cache.js';
import { encodeGloveCache, GLOVE_PAGE_RANKS, openGloveCache } from '../src/embeddings/glove-format.js';
import { cosine, LocalGloveEmbeddings } from '../src/embeddings/local-glove.js';
import { SHARED_CACHE_DIR } from './helpers/app.js';

let glove: LocalGloveEmbeddings;
beforeAll(async () => {
  glove = new LocalGloveEmbeddings(await loadGloveTable(path.join(SHARED_CACHE_DIR, 'glove-sg100d.bin')));
});

describe('local GloVe embeddings', () => {
  it('implements the LangChain Embeddings interface with 100-dimensional unit vectors', async () => {
    const [a, b] = await glove.embedDocuments(['tariffs on imported steel', 'the cat sat on the mat']);
    expect(a).toHaveLength(100);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 4);
    expect(await glove.embedQuery('tariffs on imported steel')).toEqual(a);
    expect(b).not.toEqual(a);
  });

  it('puts similar words closer than unrelated ones', () => {
    const sim = (x: string, y: string) => cosine(glove.wordVector(x)!, glove.wordVector(y)!);
    expect(sim('king', 'queen')).toBeGreaterThan(sim('king', 'banana'));
    expect(sim('tariff', 'tax')).toBeGreaterThan(sim('tariff', 'football'));
  });

  it('puts sentences about the same thing closer than unrelated ones', () => {
    const q = glove.embedText('new import duties on foreign goods');
    expect(cosine(q, glove.embedText('The government raised tariffs on imports.'))).toBeGreaterThan(
      cosine(q, glove.embedText('The striker scored twice in the second half.')),
    );
  });

  it('weights rare words above frequent ones (SIF)', () => {
    expect(glove.weightOfRank(glove.rankOf('the'))).toBeLessThan(0.05);
    expect(glove.weightOfRank(glove.rankOf('soybeans'))).toBeGreaterThan(0.9);
  });

  it('returns a zero vector when no word is known', () => {
    expect([...glove.embedText('123 456 ???')].every((x) => x === 0)).toBe(true);
  });
});

describe('binary vector cache', () => {
  it('round-trips words and vectors and finds every word by binary search', () => {
    const words = ['the', 'zebra', 'apple', 'über', 'mid'];
    const vectors = words.map((_, i) => Float32Array.from({ length: 4 }, (_, d) => (d === i % 4 ? 1 : 0.1)));
    const table = openGloveCache(encodeGloveCache(words, vectors, 4));
    words.forEach((w, rank) => {
      expect(table.rankOf(w)).toBe(rank);
      expect(table.wordAt(rank)).toBe(w);
    });
    expect(table.rankOf('missing')).toBe(-1);
    const out = new Float32Array(4);
    table.vectorInto(1, out);
    expect(out[1]!).toBeGreaterThan(0.9);
  });

  it('rejects a truncated or foreign file, so the caller rebuilds it', () => {
    const good = encodeGloveCache(['a', 'b'], [new Float32Array([1, 0]), new Float32Array([0, 1])], 2);
    expect(() => openGloveCache(good.subarray(0, good.length - 3))).toThrow(/size/);
    expect(() => openGloveCache(Buffer.from('not a cache at all'))).toThrow();
  });

  it('reads vectors from the file by page and gives the same vectors as the whole file in memory', async () => {
    // Three pages, the last one short, with a word on each side of every page boundary.
    const count = 2 * GLOVE_PAGE_RANKS + 7;
    const words = Array.from({ length: count }, (_, r) => `w${r}`);
    const vectors = words.map((_, r) => Float32Array.from({ length: 3 }, (_, d) => Math.sin(r * 3 + d + 1)));
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'glove-')), 'cache.bin');
    await writeFile(file, encodeGloveCache(words, vectors, 3));
    const onDisk = openGloveCacheFile(file);
    const inMemory = openGloveCache(await readFile(file));
    const a = new Float32Array(3);
    const b = new Float32Array(3);
    for (const rank of [count - 1, 0, GLOVE_PAGE_RANKS - 1, GLOVE_PAGE_RANKS, 2 * GLOVE_PAGE_RANKS, 5]) {
      onDisk.vectorInto(rank, a);
      inMemory.vectorInto(rank, b);
      expect([...a]).toEqual([...b]);
      expect(cosine(a, vectors[rank]!)).toBeGreaterThan(0.99);
      expect(onDisk.rankOf(`w${rank}`)).toBe(rank);
    }
  });

  it('rejects a truncated, empty or foreign file on disk', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'glove-'));
    const good = encodeGloveCache(['a', 'b'], [new Float32Array([1, 0]), new Float32Array([0, 1])], 2);
    const cases: [string, Buffer, RegExp][] = [
      ['truncated', good.subarray(0, good.length - 3), /size/],
      ['empty', Buffer.alloc(0), /not a footnote GloVe cache/],
      ['foreign', Buffer.from('not a cache at all, but long enough'), /not a footnote GloVe cache/],
    ];
    for (const [name, bytes, message] of cases) {
      await writeFile(path.join(dir, name), bytes);
      expect(() => openGloveCacheFile(path.join(dir, name))).toThrow(message);
    }
  });
});
