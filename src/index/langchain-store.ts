import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import type { CorpusIndex } from './build.js';
import type { VectorIndex } from './vector-index.js';
import { sentenceText } from './units.js';

/**
 * footnote's sentence index as a LangChain `VectorStore`, for code that composes LangChain
 * retrievers (`store.asRetriever()`), chains or comparisons. Documents are made on demand from
 * the docstore, so the text is never stored twice. Adding documents appends to the index.
 */
export class HnswVectorStore extends VectorStore {
  declare FilterType: (label: number) => boolean;

  constructor(
    embeddings: EmbeddingsInterface,
    private readonly index: VectorIndex,
    private readonly describe: (label: number) => Document,
  ) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return 'footnote-hnswlib';
  }

  override async addVectors(vectors: number[][], documents: Document[]): Promise<void> {
    const start = this.index.size;
    this.index.add(
      vectors,
      documents.map((d, i) => Number(d.metadata.label ?? start + i)),
    );
  }

  override async addDocuments(documents: Document[]): Promise<void> {
    await this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  override async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: (label: number) => boolean,
  ): Promise<[Document, number][]> {
    return this.index.search(query, k, filter).map((hit) => [this.describe(hit.label), hit.score]);
  }
}

/** The sentences of a loaded corpus index as a LangChain vector store. */
export function sentenceVectorStore(index: CorpusIndex, embeddings: EmbeddingsInterface): HnswVectorStore {
  const { units } = index;
  return new HnswVectorStore(embeddings, index.sentenceVectors, (label) => {
    const s = units.sentences[label]!;
    const p = units.paragraphs[s.paragraphId]!;
    return new Document({ pageContent: sentenceText(units, label), metadata: { label, doc: p.doc, paragraph: p.n, sentence: s.index } });
  });
}
