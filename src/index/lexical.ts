import { contentTerms } from '../text/tokens.js';

/** BM25+ parameters: term saturation k, length normalisation b, floor d. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

export interface LexicalHit {
  id: number;
  score: number;
}

/** MiniSearch's defaults, where the fitted parameters start from. */
const DEFAULT_BM25: Bm25Params = { k: 1.2, b: 0.7, d: 0.5 };

const FORMAT = 'footnote-bm25';
const VERSION = 1;

/** What `toJSON` writes: flat arrays, quick to parse. */
interface StoredLexical {
  format: typeof FORMAT;
  version: typeof VERSION;
  count: number;
  avgLength: number;
  lengths: readonly number[];
  terms: readonly string[];
  /** For each term, its texts and counts: [id, count, id, count, …], ids ascending. */
  postings: readonly (readonly number[])[];
}

/**
 * BM25+ over short texts keyed by their position (0 … n−1), scored exactly as MiniSearch 7
 * scores an OR query of exact terms over one field (the baseline still uses MiniSearch, and a
 * test holds the two to the same figures, bit for bit, so rankings and their ties stay as they
 * were). Why not MiniSearch itself: its saved form is objects of objects, and parsing it and
 * turning it back into maps took ~0.8 s of a 2 s cold load over the 233 State of the Union
 * speeches; flat arrays take a fraction of that.
 */
export class LexicalIndex {
  private constructor(
    private readonly count: number,
    /** The mean number of distinct terms per text, as MiniSearch computes it (a running mean). */
    private readonly avgLength: number,
    /** Distinct terms per text: MiniSearch's field length. */
    private readonly lengths: readonly number[],
    private readonly postings: ReadonlyMap<string, readonly number[]>,
  ) {}

  static build(texts: string[]): LexicalIndex {
    const lengths: number[] = [];
    const postings = new Map<string, number[]>();
    let avgLength = 0;
    texts.forEach((text, id) => {
      const counts = new Map<string, number>();
      for (const term of contentTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
      lengths.push(counts.size);
      // MiniSearch's running mean, step for step: the same float gives the same scores.
      avgLength = (avgLength * id + counts.size) / (id + 1);
      for (const [term, n] of counts) {
        const list = postings.get(term);
        if (list) list.push(id, n);
        else postings.set(term, [id, n]);
      }
    });
    return new LexicalIndex(texts.length, avgLength, lengths, postings);
  }

  /** From `toJSON()`'s object, as parsed from disk; anything else throws (the index is then rebuilt). */
  static fromJSON(plain: unknown): LexicalIndex {
    const data = plain as Partial<StoredLexical> | null;
    if (
      data?.format !== FORMAT ||
      data.version !== VERSION ||
      typeof data.count !== 'number' ||
      typeof data.avgLength !== 'number' ||
      !Array.isArray(data.lengths) ||
      data.lengths.length !== data.count ||
      !Array.isArray(data.terms) ||
      !Array.isArray(data.postings) ||
      data.terms.length !== data.postings.length
    )
      throw new Error('the BM25 index is not in this version’s format');
    const postings = new Map<string, readonly number[]>();
    data.terms.forEach((term, i) => postings.set(term, data.postings![i]!));
    return new LexicalIndex(data.count, data.avgLength, data.lengths, postings);
  }

  toJSON(): StoredLexical {
    return {
      format: FORMAT,
      version: VERSION,
      count: this.count,
      avgLength: this.avgLength,
      // The arrays themselves, not copies: this object is only ever written out.
      lengths: this.lengths,
      terms: [...this.postings.keys()],
      postings: [...this.postings.values()],
    };
  }

  /**
   * The texts with any of the query's terms, best first: each term's BM25+ summed (a term the
   * query repeats counts each time), times the number of distinct query terms the text has.
   * Equal scores keep the order MiniSearch gives them: by the first query term a text has, then by id.
   */
  query(text: string, limit: number, filter?: (id: number) => boolean, bm25: Bm25Params = DEFAULT_BM25): LexicalHit[] {
    const terms = contentTerms(text);
    if (terms.length === 0) return [];
    const { k, b, d } = bm25;
    const found = new Map<number, { score: number; terms: string[] }>();
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const matching = list.length / 2;
      const idf = Math.log(1 + (this.count - matching + 0.5) / (matching + 0.5));
      for (let i = 0; i < list.length; i += 2) {
        const id = list[i]!;
        const termFreq = list[i + 1]!;
        // MiniSearch's expression, operation for operation.
        const score = idf * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * this.lengths[id]!) / this.avgLength)));
        const hit = found.get(id);
        if (!hit) found.set(id, { score, terms: [term] });
        else {
          hit.score = hit.score + score;
          if (!hit.terms.includes(term)) hit.terms.push(term);
        }
      }
    }
    const hits: LexicalHit[] = [];
    for (const [id, hit] of found) if (!filter || filter(id)) hits.push({ id, score: hit.score * hit.terms.length });
    // A stable sort: equal scores stay in the order found.
    return hits.sort((x, y) => y.score - x.score).slice(0, limit);
  }
}
