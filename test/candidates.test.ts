// The answerer's candidate paragraphs carry the dense cosine of every one of their sentences,
// not only of those the nearest-neighbour search returned: in a corpus of more sentences than
// that search returns, a paragraph found by BM25 alone had none, and its windows looked as unlike
// the question as a window with no known word.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCandidates } from '../src/app/candidates.js';
import { loadCorpus } from '../src/corpus/load.js';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { LocalGloveEmbeddings } from '../src/embeddings/local-glove.js';
import { buildIndex, type CorpusIndex } from '../src/index/build.js';
import { fittedParams } from '../src/params/fitted.js';
import { POOL, retrieveCandidates } from '../src/retrieval/retriever.js';
import { REPO, SHARED_CACHE_DIR } from './helpers/app.js';

let index: CorpusIndex;
let glove: LocalGloveEmbeddings;

beforeAll(async () => {
  glove = new LocalGloveEmbeddings(await loadGloveTable(path.join(SHARED_CACHE_DIR, 'glove-sg100d.bin')));
  // The public benchmark article in the repository: 40 paragraphs, far more sentences than the
  // sentence search returns. Exact vectors, so a search over all of them is the ground truth.
  const corpus = await loadCorpus(path.join(REPO, 'bench', 'quality', 'normans', 'corpus'));
  index = await buildIndex(corpus.documents, corpus.hash, { embeddings: glove, model: glove.model }, { vectors: 'exact' });
}, 60_000);

describe('candidate paragraphs', () => {
  it.each(['Who held the land after the war?', 'What river was the castle located by?', 'When did the Normans reach Ireland?'])(
    '%j: every sentence of every candidate has its exact cosine, and a paragraph its best sentence',
    async (question) => {
      expect(index.units.sentences.length).toBeGreaterThan(POOL.sentenceCandidates);
      const query = await glove.embedQuery(question);
      const retrieved = retrieveCandidates(index, question, query, { ...POOL, bm25: fittedParams().retrieval.bm25 });
      const exact = new Map(index.sentenceVectors.search(query, index.units.sentences.length).map((h) => [h.label, h.score]));
      const paragraphExact = new Map(index.paragraphVectors.search(query, index.units.paragraphs.length).map((h) => [h.label, h.score]));
      let beyondSearch = 0;
      for (const c of toCandidates(index, retrieved, query)) {
        const id = index.units.paragraphs.indexOf(c.paragraph);
        const ids = index.units.sentences.filter((s) => s.paragraphId === id);
        for (const s of ids) {
          expect(c.dense.get(s.index)).toBeCloseTo(exact.get(s.id)!, 5);
          if (!retrieved.sentenceDense.has(s.id)) beyondSearch++;
        }
        expect(c.denseS).toBeCloseTo(Math.max(...ids.map((s) => exact.get(s.id)!)), 5);
        expect(c.denseP).toBeCloseTo(paragraphExact.get(id)!, 5);
      }
      // The case this guards: candidates with sentences the search did not return.
      expect(beyondSearch).toBeGreaterThan(0);
    },
  );
});
