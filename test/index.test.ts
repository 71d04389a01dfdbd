import { cpSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.js';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { LocalGloveEmbeddings } from '../src/embeddings/local-glove.js';
import { buildIndex, type EmbeddingsInfo } from '../src/index/build.js';
import { HnswIndex } from '../src/index/hnsw-index.js';
import { openIndex } from '../src/index/open.js';
import { loadPersistedIndex, persistIndex, readManifest } from '../src/index/persist.js';
import { sentenceVectorStore } from '../src/index/langchain-store.js';
import { fixture, SHARED_CACHE_DIR, tempDir } from './helpers/app.js';
import { parseDocument } from '../src/corpus/parse.js';
import { stemTerm } from '../src/text/tokens.js';

const FIXTURE = fixture('council');
const quiet = { info: () => {}, warn: () => {} };
let embeddings: EmbeddingsInfo;
let corpusDir: string;
let indexDir: string;

beforeAll(async () => {
  const glove = new LocalGloveEmbeddings(await loadGloveTable(path.join(SHARED_CACHE_DIR, 'glove-sg100d.bin')));
  embeddings = { embeddings: glove, model: glove.model };
});

beforeEach(() => {
  corpusDir = tempDir('footnote-corpus-');
  cpSync(FIXTURE, corpusDir, { recursive: true });
  indexDir = tempDir('footnote-index-');
});

const buildDir = () =>
  path.join(
    indexDir,
    readdirSync(indexDir).find((n) => n.startsWith('build-'))!,
  );

describe('persisted hnswlib index', () => {
  it('is built on first open and loaded, not rebuilt, on the next', async () => {
    const first = await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    expect(first.rebuilt).toBe('no index yet');
    const second = await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    expect(second.rebuilt).toBeUndefined();
    expect(second.index.manifest).toEqual(first.index.manifest);
    expect(second.index.manifest.counts).toEqual({ documents: 1, paragraphs: 5, sentences: 9 });
    // The configured corpus, however small, is an hnswlib graph, built and read back.
    for (const opened of [first, second]) {
      expect(opened.index.sentenceVectors).toBeInstanceOf(HnswIndex);
      expect(opened.index.paragraphVectors).toBeInstanceOf(HnswIndex);
    }
    const q = await embeddings.embeddings.embedQuery('swimming pool filtration');
    expect(second.index.sentenceVectors.search(q, 3)).toEqual(first.index.sentenceVectors.search(q, 3));
  });

  it('reads back the same documents, sentences and BM25 ranking it wrote, sentence texts stored once in their paragraph', async () => {
    const corpus = await loadCorpus(corpusDir);
    const built = await buildIndex(corpus.documents, corpus.hash, embeddings);
    // A sentence whose text is not its span of the paragraph must keep its own text.
    const odd = built.units.documents[0]!.paragraphs[0]!.sentences[0]!;
    odd.text = `${odd.text} (edited)`;
    await persistIndex(built, indexDir);
    const loaded = await loadPersistedIndex(indexDir, (await readManifest(indexDir))!);
    expect(loaded.units.documents).toEqual(built.units.documents);
    expect(loaded.paragraphLexical.query('pool filtration', 5)).toEqual(built.paragraphLexical.query('pool filtration', 5));
    const stored = readFileSync(path.join(buildDir(), 'docstore.json'), 'utf8');
    expect(stored).toContain('(edited)');
    expect(stored).not.toContain(JSON.stringify(built.units.documents[0]!.paragraphs[1]!.sentences[0]!.text));
  });

  it('reads at ingest the roles the corpus gives its people, and reads them back from disk', async () => {
    const text = '# Port fees\n\nFinance Minister Ada Okafor opened the new port on Monday.\n\nOkafor said the fees would fall.';
    const doc = parseDocument('port-fees', text, { format: 'md' });
    const built = await buildIndex([doc], 'hash', embeddings);
    expect(built.termStats.roles?.[stemTerm('minister')]).toEqual([stemTerm('ada'), stemTerm('okafor')].sort());
    expect(built.termStats.roles?.[stemTerm('finance')]).toEqual([stemTerm('ada'), stemTerm('okafor')].sort());
    await persistIndex(built, indexDir);
    const loaded = await loadPersistedIndex(indexDir, (await readManifest(indexDir))!);
    expect(loaded.termStats.roles).toEqual(built.termStats.roles);
  });

  it('records corpus hash, embedding model, dimensions and format version in its manifest', async () => {
    await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    const m = (await readManifest(indexDir))!;
    expect(m).toMatchObject({ embeddingModel: embeddings.model, dimensions: 100, formatVersion: expect.any(Number) });
    expect(m.corpusHash).toBe((await loadCorpus(corpusDir)).hash);
  });

  it('is rebuilt when the corpus changes', async () => {
    await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    const file = path.join(corpusDir, 'riverton-council-budget.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nA sixth paragraph about a new bakery.\n`);
    const reopened = await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    expect(reopened.rebuilt).toBe('corpus changed');
    expect(reopened.index.manifest.counts.paragraphs).toBe(6);
  });

  it('is rebuilt when the embedding model changes', async () => {
    await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    const other = { ...embeddings, model: 'another-model' };
    const reopened = await openIndex(indexDir, await loadCorpus(corpusDir), other, quiet);
    expect(reopened.rebuilt).toMatch(/embeddings changed/);
  });

  it.each([
    ['truncated vectors', () => truncateSync(path.join(buildDir(), 'sentences.hnsw'), 100)],
    ['corrupted docstore', () => writeFileSync(path.join(buildDir(), 'docstore.json'), '{"documents": [')],
    ['deleted lexical index', () => rmSync(path.join(buildDir(), 'lexical.json'))],
    ['garbage manifest', () => writeFileSync(path.join(indexDir, 'manifest.json'), 'not json')],
  ])('is rebuilt, with a warning, after %s', async (_name, damage) => {
    await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    damage();
    const warnings: unknown[] = [];
    const reopened = await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, {
      info: () => {},
      warn: (o: unknown) => warnings.push(o),
    });
    expect(reopened.rebuilt).toBeDefined();
    expect(reopened.index.manifest.counts.sentences).toBe(9);
    // And the rebuilt index is sound on disk.
    expect((await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet)).rebuilt).toBeUndefined();
  });

  it('is never half-written when two builds persist at once', async () => {
    const corpus = await loadCorpus(corpusDir);
    const [a, b] = await Promise.all([
      buildIndex(corpus.documents, corpus.hash, embeddings),
      buildIndex(corpus.documents, corpus.hash, embeddings),
    ]);
    await Promise.all([persistIndex(a, indexDir), persistIndex(b, indexDir)]);
    const reopened = await openIndex(indexDir, corpus, embeddings, quiet);
    expect(reopened.rebuilt).toBeUndefined();
    expect(reopened.index.manifest.counts.sentences).toBe(9);
  });

  it('serves LangChain code as a VectorStore and a retriever', async () => {
    const { index } = await openIndex(indexDir, await loadCorpus(corpusDir), embeddings, quiet);
    const store = sentenceVectorStore(index, embeddings.embeddings);
    const [top] = await store.similaritySearchWithScore('swimming pool filtration system', 1);
    expect(top![0].metadata).toMatchObject({ doc: 'riverton-council-budget', paragraph: 4 });
    expect(top![0].pageContent).toContain('filtration');
    const docs = await store.asRetriever({ k: 2 }).invoke('property taxes');
    expect(docs).toHaveLength(2);
    expect(docs.map((d) => d.metadata.paragraph)).toContain(2);
  });
});
