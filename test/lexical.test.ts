import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadSotuSpeeches } from '../src/bench/sotu-corpus.js';
import { LexicalIndex, type Bm25Params } from '../src/index/lexical.js';
import { contentTerms } from '../src/text/tokens.js';

// Passages of real text: four State of the Union addresses, three sentences each (the
// dataset has no paragraph breaks).
const TEXTS = loadSotuSpeeches()
  .filter((s) => [1862, 1941, 1975, 2010].includes(s.year))
  .flatMap((s) => {
    const sentences = s.text.split(/(?<=[.!?])\s+/);
    return Array.from({ length: Math.ceil(sentences.length / 3) }, (_, i) => sentences.slice(i * 3, i * 3 + 3).join(' '));
  });

// Questions made of a paragraph's words, some repeated, some the corpus never uses.
const QUERIES = TEXTS.filter((_, i) => i % 7 === 0).map((p, i) => {
  const words = p.split(/\s+/).slice(i % 5, (i % 5) + 3 + (i % 9));
  return i % 4 === 0 ? `${words.join(' ')} ${words[0]} zyxwv` : words.join(' ');
});

/** MiniSearch as the BM25 figures were first computed (and as the baseline still computes them). */
function miniSearchOf(texts: string[]) {
  const ms = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (text) => contentTerms(text),
    processTerm: (term) => term,
    searchOptions: { combineWith: 'OR', prefix: false, fuzzy: false },
  });
  ms.addAll(texts.map((text, id) => ({ id, text })));
  return (query: string, limit: number, filter?: (id: number) => boolean, bm25?: Bm25Params) =>
    contentTerms(query).length === 0
      ? []
      : ms
          .search(query, { ...(filter ? { filter: (r) => filter(Number(r.id)) } : {}), ...(bm25 ? { bm25 } : {}) })
          .slice(0, limit)
          .map((r) => ({ id: Number(r.id), score: r.score }));
}

describe('BM25 over paragraphs', () => {
  it('gives MiniSearch’s ranking and scores to the last bit, with any parameters and filter, built or read back', () => {
    expect(TEXTS.length).toBeGreaterThan(150);
    expect(QUERIES.length).toBeGreaterThan(20);
    const reference = miniSearchOf(TEXTS);
    const built = LexicalIndex.build(TEXTS);
    const reread = LexicalIndex.fromJSON(JSON.parse(JSON.stringify(built.toJSON())));
    const settings: [Bm25Params | undefined, ((id: number) => boolean) | undefined][] = [
      [undefined, undefined],
      [{ k: 1.6, b: 0.9, d: 0.5 }, undefined],
      [{ k: 0.8, b: 0.3, d: 1 }, (id) => id % 3 !== 0],
    ];
    let compared = 0;
    for (const [bm25, filter] of settings) {
      for (const query of QUERIES) {
        const expected = reference(query, 40, filter, bm25);
        expect(built.query(query, 40, filter, bm25)).toEqual(expected);
        expect(reread.query(query, 40, filter, bm25)).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('finds nothing for a question without content words, and refuses a file in another format', () => {
    const index = LexicalIndex.build(['The harbour reopened.', 'Ferries run again.']);
    expect(index.query('what is it?', 5)).toEqual([]);
    expect(index.query('when do ferries run', 5).map((h) => h.id)).toEqual([1]);
    expect(() => LexicalIndex.fromJSON({ documentCount: 2, index: [] })).toThrow(/format/);
    expect(() => LexicalIndex.fromJSON({ ...index.toJSON(), lengths: [1] })).toThrow(/format/);
  });
});
