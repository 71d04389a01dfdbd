import { readFileSync } from 'node:fs';
import hnswlib from 'hnswlib-node';
import { EXACT_MAGIC, ExactIndex } from '../index/exact-index.js';
import { DEFAULT_HNSW } from '../index/hnsw-index.js';

/** Every vector of an index, row-major and unit length, with its label. */
export interface VectorSet {
  dims: number;
  labels: number[];
  matrix: Float32Array;
}

export function unit(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let norm = 0;
  for (let i = 0; i < out.length; i++) norm += out[i]! * out[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/**
 * Opens an hnswlib index file (cosine space, as footnote writes them). A corpus small enough for
 * exact search (a test's tiny corpus) has an exact index on disk instead: its vectors are put in
 * a graph here with the app's settings, so the workload still measures HNSW on the same vectors.
 */
export function readHnsw(file: string, dims: number): hnswlib.HierarchicalNSW {
  const index = new hnswlib.HierarchicalNSW('cosine', dims);
  if (!readFileSync(file).subarray(0, EXACT_MAGIC.length).equals(EXACT_MAGIC)) {
    index.readIndexSync(file);
    return index;
  }
  const { labels, vectors } = ExactIndex.load(file, dims).rows();
  index.initIndex({
    maxElements: Math.max(1, labels.length),
    m: DEFAULT_HNSW.m,
    efConstruction: DEFAULT_HNSW.efConstruction,
    randomSeed: 42,
  });
  labels.forEach((label, row) => index.addPoint(Array.from(vectors.subarray(row * dims, (row + 1) * dims)), label));
  index.setEf(DEFAULT_HNSW.efSearch);
  return index;
}

/** The vectors stored in an index (cosine space keeps them normalised): the exact search's input. */
export function vectorsOf(index: hnswlib.HierarchicalNSW, dims: number): VectorSet {
  const labels = index.getIdsList();
  const matrix = new Float32Array(labels.length * dims);
  labels.forEach((label, row) => matrix.set(unit(index.getPoint(label)), row * dims));
  return { dims, labels, matrix };
}

/** Exact k nearest neighbours by cosine (a dot product of unit vectors), best first. */
export function exactTopK(set: VectorSet, query: Float32Array, k: number): { labels: number[]; scores: number[] } {
  const { dims, matrix, labels } = set;
  const topScores: number[] = [];
  const topRows: number[] = [];
  for (let row = 0, at = 0; row < labels.length; row++, at += dims) {
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += matrix[at + i]! * query[i]!;
    if (topScores.length === k && dot <= topScores[k - 1]!) continue;
    let pos = topScores.length;
    while (pos > 0 && topScores[pos - 1]! < dot) pos--;
    topScores.splice(pos, 0, dot);
    topRows.splice(pos, 0, row);
    if (topScores.length > k) {
      topScores.pop();
      topRows.pop();
    }
  }
  return { labels: topRows.map((r) => labels[r]!), scores: topScores };
}

/** Slack for float32 (hnswlib) against float64 (here) arithmetic on the same vectors. */
const SCORE_EPSILON = 1e-5;

/**
 * Recall as ann-benchmarks defines it: the share of the k results that are at least as close
 * as the exact k-th neighbour. Unlike comparing label sets, this does not count a miss when
 * the index returns one of several equally near vectors (duplicate sentences are common in
 * speeches: "Thank you.").
 */
export function recall(approxScores: readonly number[], exactScores: readonly number[]): number {
  if (exactScores.length === 0) return 1;
  const kth = exactScores[exactScores.length - 1]!;
  const good = approxScores.filter((s) => s >= kth - SCORE_EPSILON).length;
  return Math.min(good, exactScores.length) / exactScores.length;
}

/** Share of the exact neighbours' labels that the approximate search also returned. */
export function labelRecall(approx: readonly number[], exact: readonly number[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approx);
  return exact.filter((l) => found.has(l)).length / exact.length;
}

export interface QualityRun {
  ef: number;
  k: number;
  /** Distance-based recall (see `recall`), averaged over the queries. */
  recall: number;
  /** Label-set recall: stricter, penalises ties. */
  labelRecall: number;
  /** Mean time per query. */
  hnswMs: number;
  exactMs: number;
}

const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Recall@k of the HNSW search against exact search over the same vectors, and the time of
 * each per query. `queries` must be unit vectors (what the app sends after embedding).
 */
export function measureQuality(
  index: hnswlib.HierarchicalNSW,
  set: VectorSet,
  queries: readonly Float32Array[],
  k: number,
  ef: number,
): QualityRun {
  const plain = queries.map((q) => Array.from(q));
  index.setEf(ef);
  const n = Math.min(k, set.labels.length);
  const t0 = performance.now();
  const approx = plain.map((q) => index.searchKnn(q, n));
  const t1 = performance.now();
  const exact = queries.map((q) => exactTopK(set, q, n));
  const t2 = performance.now();
  return {
    ef,
    k: n,
    recall: average(
      exact.map((e, i) =>
        recall(
          approx[i]!.distances.map((d) => 1 - d),
          e.scores,
        ),
      ),
    ),
    labelRecall: average(exact.map((e, i) => labelRecall(approx[i]!.neighbors, e.labels))),
    hnswMs: (t1 - t0) / queries.length,
    exactMs: (t2 - t1) / queries.length,
  };
}

/** Deterministic sample of `count` rows of a set (every n-th), as extra in-distribution queries. */
export function sampleRows(set: VectorSet, count: number): Float32Array[] {
  const total = set.labels.length;
  const take = Math.min(count, total);
  const out: Float32Array[] = [];
  for (let j = 0; j < take; j++) {
    const row = Math.floor(((j + 0.5) * total) / take);
    out.push(set.matrix.slice(row * set.dims, (row + 1) * set.dims));
  }
  return out;
}
