import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { stripPossessive, wordTokens } from '../text/tokens.js';
import type { GloveTable } from './glove-format.js';

/** Identifies the vectors and weighting; part of the index manifest, so a change rebuilds indexes. */
export const LOCAL_EMBEDDINGS_MODEL = 'glove-wink-sg100d/sif-v1';

/** SIF smoothing constant (Arora et al. 2017): weight = a / (a + p(word)). */
const SIF_A = 1e-3;

/** Bound on the rank cache (a long-running bot sees new words in questions forever). */
const MAX_CACHED_RANKS = 200_000;

/**
 * Sentence embeddings from GloVe word vectors, as LangChain embeddings: the SIF-weighted
 * average of unit word vectors, so frequent words ("the", "said") count little and rare,
 * topical words count most. Word probabilities come from frequency rank (Zipf's law), because
 * the vector file is ordered by frequency but carries no counts.
 *
 * It implements LangChain's embeddings interface rather than extending its `Embeddings` class:
 * the class only adds a retrying caller (nothing to retry locally), and loading it puts
 * @langchain/core and p-queue on every cold start.
 */
export class LocalGloveEmbeddings implements EmbeddingsInterface {
  readonly model = LOCAL_EMBEDDINGS_MODEL;
  readonly dimensions: number;
  private readonly zipfNorm: number;
  private readonly scratch: Float32Array;

  constructor(private readonly table: GloveTable) {
    this.dimensions = table.dims;
    this.zipfNorm = Math.log(1.78 * table.count);
    this.scratch = new Float32Array(table.dims);
  }

  /**
   * Ranks of tokens seen before. A lookup is up to three binary searches over 341k words that
   * allocate a Buffer per probe; a corpus repeats its words, so ingesting the 10.7 MB SOTU set
   * spent ~80% of its embedding time here (46 s → 7 s with this cache, same vectors).
   */
  private readonly ranks = new Map<string, number>();

  /** Vocabulary rank of a token, trying the forms GloVe is likely to hold. */
  rankOf(token: string): number {
    const cached = this.ranks.get(token);
    if (cached !== undefined) return cached;
    let rank = -1;
    for (const form of [token, stripPossessive(token), token.replace(/\./g, '')]) {
      rank = this.table.rankOf(form);
      if (rank >= 0) break;
    }
    if (this.ranks.size >= MAX_CACHED_RANKS) this.ranks.clear();
    this.ranks.set(token, rank);
    return rank;
  }

  /** SIF weight of a word of the given rank. */
  weightOfRank(rank: number): number {
    const p = 1 / ((rank + 1) * this.zipfNorm);
    return SIF_A / (SIF_A + p);
  }

  /** Unit vector of a single word, or undefined when it is not in the vocabulary. */
  wordVector(token: string): Float32Array | undefined {
    const rank = this.rankOf(token.toLowerCase());
    if (rank < 0) return undefined;
    const out = new Float32Array(this.dimensions);
    this.table.vectorInto(rank, out);
    return out;
  }

  /** Synchronous embedding; an all-zero vector when no word is known. */
  embedText(text: string): Float32Array {
    const sum = new Float32Array(this.dimensions);
    for (const token of wordTokens(text)) {
      const ranks = this.tokenRanks(token);
      for (const rank of ranks) {
        this.table.vectorInto(rank, this.scratch);
        const w = this.weightOfRank(rank) / ranks.length;
        for (let i = 0; i < this.dimensions; i++) sum[i]! += w * this.scratch[i]!;
      }
    }
    return normalize(sum);
  }

  private tokenRanks(token: string): number[] {
    const whole = this.rankOf(token);
    if (whole >= 0) return [whole];
    if (!token.includes('-')) return [];
    return token
      .split('-')
      .map((part) => this.rankOf(part))
      .filter((r) => r >= 0);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => Array.from(this.embedText(t)));
  }

  async embedQuery(text: string): Promise<number[]> {
    return Array.from(this.embedText(text));
  }
}

export function normalize(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
