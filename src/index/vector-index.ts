import { openSync, readSync, closeSync } from 'node:fs';
import { EXACT_MAGIC, ExactIndex } from './exact-index.js';
import { DEFAULT_HNSW, HnswIndex, type HnswSettings, type LabelHit } from './hnsw-index.js';

/** What retrieval needs of a vector index: an HNSW graph, or exact search for per-server articles. */
export interface VectorIndex {
  readonly dimensions: number;
  readonly size: number;
  add(vectors: ArrayLike<number>[], labels: number[]): void;
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean): LabelHit[];
  /** The cosine of the query with each of these labels' vectors (labels never added are left out). */
  cosines(query: ArrayLike<number>, labels: readonly number[]): Map<number, number>;
  save(file: string): void;
}

/**
 * Which vector index a corpus gets. `hnsw` (hnswlib) for the configured corpus. `exact` for the
 * many small per-server article indexes held at once: every hnswlib graph carries ~2.6 MB of
 * native memory whatever its size (65,536 label locks), while exact search over a news article
 * lives on the JavaScript heap, is as fast at that size and has recall 1.
 */
export type VectorIndexKind = 'hnsw' | 'exact';

/**
 * Exact search is kept to this many vectors: a brute-force pass over 2,048 vectors of 100
 * dimensions takes ~0.2 ms, about one HNSW search at efSearch 400. Larger articles get a graph.
 */
export const EXACT_MAX_VECTORS = 2048;

export function createVectorIndex(
  dimensions: number,
  expected: number,
  kind: VectorIndexKind = 'hnsw',
  hnsw: HnswSettings = DEFAULT_HNSW,
): VectorIndex {
  return kind === 'exact' && expected <= EXACT_MAX_VECTORS ? new ExactIndex(dimensions, expected) : new HnswIndex(dimensions, hnsw);
}

/**
 * Loads a saved vector index of either kind, told apart by the file's first bytes. A graph is
 * read on one of libuv's threads, so that a large index's JSON files parse on this one
 * meanwhile; an exact index is small and read here.
 */
export async function loadVectorIndex(file: string, dimensions: number, hnsw: HnswSettings = DEFAULT_HNSW): Promise<VectorIndex> {
  return isExact(file) ? ExactIndex.load(file, dimensions) : HnswIndex.load(file, dimensions, hnsw);
}

function isExact(file: string): boolean {
  const head = Buffer.alloc(EXACT_MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(EXACT_MAGIC);
}
