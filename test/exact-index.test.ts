// Exact vector search (small corpora such as one article): the same neighbours as exact cosine
import { readFileSync, writeFileSync } from 'node:fs';
// computed by hand, saved and loaded, and told apart from an HNSW file on load; the cosine of
// chosen labels read from either kind of index.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../src/index/exact-index.js';
import { HnswIndex } from '../src/index/hnsw-index.js';
import { createVectorIndex, EXACT_MAX_VECTORS, loadVectorIndex } from '../src/index/vector-index.js';
import { tempDir } from './helpers/app.js';

function random(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31 - 0.5;
  };
}
const vectors = (n: number, dims: number, seed = 1) => {
  const r = random(seed);
  return Array.from({ length: n }, () => Array.from({ length: dims }, r));
};
const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

describe('exact vector index', () => {
  const data = vectors(300, 16);
  const labels = data.map((_, i) => 1000 + i);

  it('returns the k most similar labels by cosine, best first, honouring a filter and skipping zero vectors', () => {
    const index = new ExactIndex(16);
    index.add([...data, new Array(16).fill(0)], [...labels, 5]);
    expect(index.size).toBe(300);
    const query = vectors(1, 16, 99)[0]!;
    const expected = labels
      .map((label, i) => ({ label, score: cosine(data[i]!, query) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    const hits = index.search(query, 10);
    expect(hits.map((h) => h.label)).toEqual(expected.map((e) => e.label));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
    expect(index.search(query, 5, (label) => label % 2 === 0).every((h) => h.label % 2 === 0)).toBe(true);
    expect(index.search(new Array(16).fill(0), 5)).toEqual([]);
  });

  it('saves and loads; a file of either kind loads as what it is, and a cut-off graph is refused', async () => {
    const dir = tempDir();
    const exact = new ExactIndex(16);
    exact.add(data, labels);
    exact.save(path.join(dir, 'exact.bin'));
    const hnsw = new HnswIndex(16);
    hnsw.add(data, labels);
    hnsw.save(path.join(dir, 'graph.hnsw'));
    const query = data[7]!;
    const [again, graph] = await Promise.all([
      loadVectorIndex(path.join(dir, 'exact.bin'), 16),
      loadVectorIndex(path.join(dir, 'graph.hnsw'), 16),
    ]);
    expect(again).toBeInstanceOf(ExactIndex);
    expect(again.search(query, 5)).toEqual(exact.search(query, 5));
    expect(graph).toBeInstanceOf(HnswIndex);
    expect(graph.search(query, 1)[0]!.label).toBe(1007);
    // A graph read back from disk still gives the cosine of a label it holds.
    expect(graph.cosines(query, [1007]).get(1007)).toBeCloseTo(1, 5);
    expect(again.cosines(query, [1007]).get(1007)).toBeCloseTo(1, 5);
    await expect(loadVectorIndex(path.join(dir, 'exact.bin'), 32)).rejects.toThrow(/has 16 dimensions, not 32/);
    const whole = readFileSync(path.join(dir, 'graph.hnsw'));
    writeFileSync(path.join(dir, 'cut.hnsw'), whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(loadVectorIndex(path.join(dir, 'cut.hnsw'), 16)).rejects.toThrow();
  });

  it('gives the cosine of any stored label, in both kinds of index, and leaves out labels it never stored', () => {
    const query = vectors(1, 16, 7)[0]!;
    const wanted = [1003, 1250, 1299, 42];
    for (const index of [new ExactIndex(16), new HnswIndex(16)]) {
      index.add([...data, new Array(16).fill(0)], [...labels, 5]);
      const got = index.cosines(query, [...wanted, 5]);
      expect([...got.keys()].sort()).toEqual([1003, 1250, 1299]);
      for (const label of [1003, 1250, 1299]) expect(got.get(label)).toBeCloseTo(cosine(data[label - 1000]!, query), 5);
      expect(index.cosines(new Array(16).fill(0), wanted).size).toBe(0);
    }
  });

  it('corpora get the HNSW graph; exact search only when asked for, and only up to its size', () => {
    expect(createVectorIndex(100, 10)).toBeInstanceOf(HnswIndex);
    expect(createVectorIndex(100, EXACT_MAX_VECTORS, 'exact')).toBeInstanceOf(ExactIndex);
    expect(createVectorIndex(100, EXACT_MAX_VECTORS + 1, 'exact')).toBeInstanceOf(HnswIndex);
  });
});
