import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import type { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

/**
 * The peer: the retrieval pipeline LangChain's docs teach — load the raw text, split it with
 * `RecursiveCharacterTextSplitter` (1,000 characters, 200 overlap), embed the chunks into a
 * `MemoryVectorStore`, answer with `similaritySearch`. It gets the same embeddings as footnote.
 */
export const PEER_SPLITTER = { chunkSize: 1000, chunkOverlap: 200 } as const;

/** A raw document as a loader would read it, with footnote's paragraphs located in it (for scoring). */
export interface PeerSource {
  doc: string;
  text: string;
  /** Paragraph number → its span in `text`; empty when paragraphs are not scored (e.g. speeches). */
  paragraphs: Span[];
}

export interface Span {
  n: number;
  start: number;
  end: number;
}

/** What each chunk carries in its metadata. */
export interface PeerChunkMeta {
  doc: string;
  start: number;
  end: number;
  /** The paragraph holding most of the chunk's characters (the strict rule). */
  paragraph?: number;
  /** Every paragraph the chunk overlaps (the lenient rule). */
  overlaps: number[];
}

export interface PeerIndex {
  store: MemoryVectorStore;
  chunks: number;
  /** Chunks whose text could not be found verbatim in their source (then unscored). */
  unlocated: number;
  splitMs: number;
  embedMs: number;
}

/**
 * Spans of `pieces` in `text`, searched in order from the previous piece's start (pieces may
 * overlap, as chunks do); a piece not found from there is searched from the beginning.
 */
export function locate(text: string, pieces: readonly string[]): ({ start: number; end: number } | undefined)[] {
  let from = 0;
  return pieces.map((piece) => {
    let at = text.indexOf(piece, from);
    if (at < 0) at = text.indexOf(piece);
    if (at < 0) return undefined;
    from = at + 1;
    return { start: at, end: at + piece.length };
  });
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** The strict and lenient paragraph assignments of one chunk span. */
export function assignParagraphs(
  chunk: { start: number; end: number },
  paragraphs: readonly Span[],
): { paragraph?: number; overlaps: number[] } {
  let best: Span | undefined;
  let bestOverlap = 0;
  const overlaps: number[] = [];
  for (const p of paragraphs) {
    const o = overlap(chunk, p);
    if (o === 0) continue;
    overlaps.push(p.n);
    if (o > bestOverlap) {
      best = p;
      bestOverlap = o;
    }
  }
  return best ? { paragraph: best.n, overlaps } : { overlaps };
}

/** Splits, maps and embeds the sources into a MemoryVectorStore, timing the two stages. */
export async function buildPeer(sources: readonly PeerSource[], embeddings: EmbeddingsInterface): Promise<PeerIndex> {
  const splitter = new RecursiveCharacterTextSplitter(PEER_SPLITTER);
  const t0 = performance.now();
  const chunks: Document<PeerChunkMeta>[] = [];
  let unlocated = 0;
  for (const source of sources) {
    const docs = await splitter.createDocuments([source.text]);
    const spans = locate(
      source.text,
      docs.map((d) => d.pageContent),
    );
    docs.forEach((d, i) => {
      const span = spans[i];
      if (!span) unlocated++;
      const meta: PeerChunkMeta = span
        ? { doc: source.doc, ...span, ...assignParagraphs(span, source.paragraphs) }
        : { doc: source.doc, start: -1, end: -1, overlaps: [] };
      chunks.push({ pageContent: d.pageContent, metadata: meta } as Document<PeerChunkMeta>);
    });
  }
  const t1 = performance.now();
  const store = new MemoryVectorStore(embeddings);
  await store.addDocuments(chunks);
  const t2 = performance.now();
  return { store, chunks: chunks.length, unlocated, splitMs: t1 - t0, embedMs: t2 - t1 };
}

/** The peer's answer to a question: its top `k` chunks' metadata, best first. */
export async function peerSearch(peer: PeerIndex, question: string, k: number): Promise<PeerChunkMeta[]> {
  const docs = await peer.store.similaritySearch(question, k);
  return docs.map((d) => d.metadata as PeerChunkMeta);
}
