import { readFileSync, writeFileSync } from 'node:fs';
import type { LabelHit } from './hnsw-index.js';

/** First bytes of a saved exact index (an hnswlib file starts with its level-0 offset, 8 zero bytes). */
export const EXACT_MAGIC = Buffer.from('FNXV0001', 'latin1');

/**
 * Exact cosine search over vectors in one Float32Array: for the few thousand vectors of an
 * article it is as fast as a graph search, exact, and it lives on the JavaScript heap. That
 * matters for per-article indexes: an hnswlib index carries ~2.6 MB of native memory whatever
 * its size (65,536 label locks), which the garbage collector cannot see, so evicted indexes
 * would linger and fragment the process's memory.
 */
export class ExactIndex {
  private vectors: Float32Array;
  private labels: Int32Array;
  private count = 0;
  /** Row of each label, built on the first `cosines` call. */
  private rowOf: Map<number, number> | undefined;

  constructor(
    readonly dimensions: number,
    capacity = 0,
  ) {
    this.vectors = new Float32Array(capacity * dimensions);
    this.labels = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds vectors under labels; all-zero vectors (no known word) are skipped, as in HnswIndex. */
  add(vectors: ArrayLike<number>[], labels: number[]): void {
    this.rowOf = undefined;
    this.reserve(this.count + vectors.length);
    vectors.forEach((v, i) => {
      let norm = 0;
      for (let d = 0; d < this.dimensions; d++) norm += (v[d] ?? 0) ** 2;
      if (norm === 0) return;
      const scale = 1 / Math.sqrt(norm);
      const at = this.count * this.dimensions;
      for (let d = 0; d < this.dimensions; d++) this.vectors[at + d] = (v[d] ?? 0) * scale;
      this.labels[this.count] = labels[i]!;
      this.count++;
    });
  }

  /** Nearest labels by cosine similarity, best first (ties by label, so results are stable). */
  search(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean): LabelHit[] {
    const scale = this.inverseNorm(query);
    if (this.count === 0 || scale === 0) return [];
    const hits: LabelHit[] = [];
    for (let i = 0; i < this.count; i++) {
      const label = this.labels[i]!;
      if (filter && !filter(label)) continue;
      hits.push({ label, score: this.rowDot(i, query) * scale });
    }
    hits.sort((a, b) => b.score - a.score || a.label - b.label);
    return hits.slice(0, Math.max(0, k));
  }

  cosines(query: ArrayLike<number>, labels: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    const scale = this.inverseNorm(query);
    if (scale === 0 || labels.length === 0) return out;
    this.rowOf ??= new Map(Array.from(this.labels.subarray(0, this.count), (label, row) => [label, row]));
    for (const label of labels) {
      const row = this.rowOf.get(label);
      if (row !== undefined) out.set(label, this.rowDot(row, query) * scale);
    }
    return out;
  }

  /** 1 / |query|, or 0 for the zero vector (a query with no known word matches nothing). */
  private inverseNorm(query: ArrayLike<number>): number {
    let norm = 0;
    for (let d = 0; d < this.dimensions; d++) norm += (query[d] ?? 0) ** 2;
    return norm === 0 ? 0 : 1 / Math.sqrt(norm);
  }

  /** The dot product of a stored (unit-length) row with the query. */
  private rowDot(row: number, query: ArrayLike<number>): number {
    const { vectors, dimensions } = this;
    let dot = 0;
    const at = row * dimensions;
    for (let d = 0; d < dimensions; d++) dot += vectors[at + d]! * (query[d] ?? 0);
    return dot;
  }

  /** The stored (unit-length) vectors and their labels, row by row. */
  rows(): { labels: Int32Array; vectors: Float32Array } {
    return { labels: this.labels.subarray(0, this.count), vectors: this.vectors.subarray(0, this.count * this.dimensions) };
  }

  save(file: string): void {
    const header = Buffer.alloc(16);
    EXACT_MAGIC.copy(header, 0);
    header.writeUInt32LE(this.dimensions, 8);
    header.writeUInt32LE(this.count, 12);
    const labels = Buffer.from(this.labels.buffer, this.labels.byteOffset, this.count * 4);
    const vectors = Buffer.from(this.vectors.buffer, this.vectors.byteOffset, this.count * this.dimensions * 4);
    writeFileSync(file, Buffer.concat([header, labels, vectors]));
  }

  static load(file: string, dimensions: number): ExactIndex {
    const data = readFileSync(file);
    if (!data.subarray(0, 8).equals(EXACT_MAGIC)) throw new Error(`${file} is not an exact vector index`);
    const dims = data.readUInt32LE(8);
    const count = data.readUInt32LE(12);
    if (dims !== dimensions) throw new Error(`${file} has ${dims} dimensions, not ${dimensions}`);
    if (data.length !== 16 + count * 4 + count * dims * 4) throw new Error(`${file} is truncated`);
    const index = new ExactIndex(dims, count);
    // Copied out of the file buffer: its alignment is not guaranteed.
    index.labels.set(new Int32Array(data.buffer.slice(data.byteOffset + 16, data.byteOffset + 16 + count * 4)));
    index.vectors.set(new Float32Array(data.buffer.slice(data.byteOffset + 16 + count * 4, data.byteOffset + data.length)));
    index.count = count;
    return index;
  }

  private reserve(needed: number): void {
    if (needed <= this.labels.length) return;
    const capacity = Math.max(needed, this.labels.length * 2);
    const vectors = new Float32Array(capacity * this.dimensions);
    vectors.set(this.vectors.subarray(0, this.count * this.dimensions));
    const labels = new Int32Array(capacity);
    labels.set(this.labels.subarray(0, this.count));
    this.vectors = vectors;
    this.labels = labels;
  }
}
