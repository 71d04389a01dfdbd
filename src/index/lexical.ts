import MiniSearch, { type AsPlainObject } from 'minisearch';
import { contentTerms } from '../text/tokens.js';

/** MiniSearch's BM25+ parameters: term saturation k, length normalisation b, floor d. */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

export interface LexicalHit {
  id: number;
  score: number;
}

// Tokens are already stemmed content terms, so MiniSearch's own processing is the identity.
const OPTIONS = {
  fields: ['text'],
  idField: 'id',
  tokenize: (text: string) => contentTerms(text),
  processTerm: (term: string) => term,
  searchOptions: { combineWith: 'OR' as const, prefix: false, fuzzy: false },
};

/** BM25 search (MiniSearch) over short texts keyed by numeric id. */
export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<{ id: number; text: string }>) {}

  static build(texts: string[]): LexicalIndex {
    const ms = new MiniSearch<{ id: number; text: string }>(OPTIONS);
    ms.addAll(texts.map((text, id) => ({ id, text })));
    return new LexicalIndex(ms);
  }

  /**
   * From `toJSON()`'s object, as parsed from disk. Not from a JSON string: the caller has parsed
   * the file already, and turning it back into a string for MiniSearch to parse again cost a
   * third of a large corpus's cold load (~570 of ~2,600 ms over the 233 State of the Union speeches).
   */
  static fromJSON(plain: unknown): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJS(plain as AsPlainObject, OPTIONS));
  }

  toJSON(): unknown {
    return this.search.toJSON();
  }

  query(text: string, limit: number, filter?: (id: number) => boolean, bm25?: Bm25Params): LexicalHit[] {
    if (contentTerms(text).length === 0) return [];
    return this.search
      .search(text, { ...(filter ? { filter: (r) => filter(Number(r.id)) } : {}), ...(bm25 ? { bm25 } : {}) })
      .slice(0, limit)
      .map((r) => ({ id: Number(r.id), score: r.score }));
  }
}
