import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import hnswlib from 'hnswlib-node';

export interface LabelHit {
  label: number;
  /** Cosine similarity. */
  score: number;
}

export interface HnswSettings {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export const DEFAULT_HNSW: HnswSettings = { m: 16, efConstruction: 200, efSearch: 96 };

/**
 * A LangChain `VectorStore` over an hnswlib-node index (cosine space). Labels are our global
 * unit ids; documents are produced on demand by `describe`, so the text lives once, in the
 * docstore, not again inside the store.
 */
export class HnswVectorStore extends VectorStore {
  declare FilterType: (label: number) => boolean;
  private index: hnswlib.HierarchicalNSW | undefined;
  private count = 0;

  constructor(
    embeddings: EmbeddingsInterface,
    readonly dimensions: number,
    private readonly describe: (label: number) => Document,
    private readonly settings: HnswSettings = DEFAULT_HNSW,
    index?: hnswlib.HierarchicalNSW,
  ) {
    super(embeddings, {});
    if (index) {
      this.index = index;
      this.count = index.getCurrentCount();
      index.setEf(settings.efSearch);
    }
  }

  _vectorstoreType(): string {
    return 'footnote-hnswlib';
  }

  get size(): number {
    return this.count;
  }

  /** Adds vectors under explicit labels; all-zero vectors (no known word) are skipped. */
  addLabelled(vectors: ArrayLike<number>[], labels: number[]): void {
    const needed = this.count + vectors.length;
    if (!this.index) {
      this.index = new hnswlib.HierarchicalNSW('cosine', this.dimensions);
      this.index.initIndex({ maxElements: Math.max(needed, 1), m: this.settings.m, efConstruction: this.settings.efConstruction, randomSeed: 42 });
      this.index.setEf(this.settings.efSearch);
    } else if (needed > this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(needed, this.index.getMaxElements() * 2));
    }
    vectors.forEach((v, i) => {
      if (!isZero(v)) {
        this.index!.addPoint(Array.from(v), labels[i]!);
        this.count++;
      }
    });
  }

  override async addVectors(vectors: number[][], documents: Document[]): Promise<void> {
    const labels = documents.map((d, i) => Number(d.metadata.label ?? this.count + i));
    this.addLabelled(vectors, labels);
  }

  override async addDocuments(documents: Document[]): Promise<void> {
    await this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  /** Nearest labels by cosine similarity, best first. */
  searchLabels(query: ArrayLike<number>, k: number, filter?: (label: number) => boolean): LabelHit[] {
    if (!this.index || this.count === 0 || isZero(query)) return [];
    const n = Math.min(k, this.count);
    const { neighbors, distances } = this.index.searchKnn(Array.from(query), n, filter);
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i]! }));
  }

  override async similaritySearchVectorWithScore(query: number[], k: number, filter?: (label: number) => boolean): Promise<[Document, number][]> {
    return this.searchLabels(query, k, filter).map((hit) => [this.describe(hit.label), hit.score]);
  }

  save(file: string): void {
    if (!this.index) throw new Error('cannot save an empty vector store');
    this.index.writeIndexSync(file);
  }

  static load(file: string, embeddings: EmbeddingsInterface, dimensions: number, describe: (label: number) => Document, settings: HnswSettings = DEFAULT_HNSW): HnswVectorStore {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.readIndexSync(file);
    return new HnswVectorStore(embeddings, dimensions, describe, settings, index);
  }
}

function isZero(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
