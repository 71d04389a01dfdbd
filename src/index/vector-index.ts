import { openSync, readSync, closeSync } from 'node:fs';
import { EXACT_MAGIC, ExactIndex } from './exact-index.js';
import { DEFAULT_HNSW, HnswIndex, type HnswSettings, type LabelHit } from './hnsw-index.js';

/** What retrieval needs of a vector index: exact (small corpora) or an HNSW graph (large ones). */
export interface VectorIndex {
  readonly dimensions: number;
  readonly size: number;
  add(vectors: ArrayLike<number>[], labels: number[]): void;
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean): LabelHit[];
  save(file: string): void;
}

/**
 * Up to this many vectors, search is exact. A brute-force pass over 2,048 vectors of 100
 * dimensions takes ~0.2 ms, about one HNSW search at efSearch 400, with recall 1.
 */
export const EXACT_MAX_VECTORS = 2048;

export function createVectorIndex(dimensions: number, expected: number, hnsw: HnswSettings = DEFAULT_HNSW): VectorIndex {
  return expected <= EXACT_MAX_VECTORS ? new ExactIndex(dimensions, expected) : new HnswIndex(dimensions, hnsw);
}

/** Loads a saved vector index of either kind, told apart by the file's first bytes. */
export function loadVectorIndex(file: string, dimensions: number, hnsw: HnswSettings = DEFAULT_HNSW): VectorIndex {
  const head = Buffer.alloc(EXACT_MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(EXACT_MAGIC) ? ExactIndex.load(file, dimensions) : HnswIndex.load(file, dimensions, hnsw);
}
