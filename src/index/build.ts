import type { EmbeddingsInfo } from '../domain/ports.js';
import { loadNameLexicon } from '../corpus/name-lexicon.js';
import type { CorpusDocument } from '../domain/types.js';
import { readNames, type NameLexicon, type NameParts } from '../text/names.js';
import { placesIn, type PlaceGroup } from '../text/places.js';
import { roleHoldersIn } from '../text/roles.js';
import { contentTerms, stemTerm, stripPossessive, wordTokens } from '../text/tokens.js';
import { annotateParagraphs, type ParagraphEntities, type TaggerFactory } from './entities.js';
import { DEFAULT_HNSW, type HnswSettings } from './hnsw-index.js';
import { LexicalIndex } from './lexical.js';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.js';
import { buildUnits, sentenceText, type CorpusUnits } from './units.js';
import { createVectorIndex, type VectorIndex, type VectorIndexKind } from './vector-index.js';
import { ownValue } from '../domain/records.js';

export type { EmbeddingsInfo } from '../domain/ports.js';

/** Paragraph document frequencies of content terms: IDF for answer support. */
export interface TermStats {
  paragraphs: number;
  df: Record<string, number>;
  /** A surface form of each stem, for correcting typos in questions. */
  forms: Record<string, string>;
  /** The countries the corpus names, with their other names (absent in indexes built before). */
  places?: PlaceGroup[];
  /** Parts of full names the corpus drops after the first mention (absent in indexes built before). */
  nameParts?: NameParts;
  /** Words the corpus always capitalises, as written (absent in indexes built before). */
  capitalised?: string[];
  /** Titles the corpus capitalises, as stems (absent in indexes built before). */
  titles?: string[];
  /**
   * The roles the corpus gives its people before their full names (`roleHoldersIn`): role word
   * stem → name stems. Read at ingest: over the 233 speeches it took ~0.2 s of the first question.
   */
  roles?: Record<string, readonly string[]>;
}

/** Everything a query needs, in memory. */
export interface CorpusIndex {
  manifest: Manifest;
  units: CorpusUnits;
  sentenceVectors: VectorIndex;
  paragraphVectors: VectorIndex;
  /** BM25 over paragraphs. (Sentence-level BM25 was measured: no better answers, twice the cost.) */
  paragraphLexical: LexicalIndex;
  termStats: TermStats;
  /** Entities of each paragraph (by global paragraph id), found at build time: short answers. */
  entities: ParagraphEntities;
}

export function computeTermStats(units: CorpusUnits, lexicon: NameLexicon): TermStats {
  const df: Record<string, number> = {};
  const forms: Record<string, string> = {};
  for (const p of units.paragraphs) {
    for (const term of new Set(contentTerms(p.text))) df[term] = (ownValue(df, term) ?? 0) + 1;
    for (const word of wordTokens(p.text)) {
      const bare = stripPossessive(word);
      if (/^\p{L}{4,}$/u.test(bare) && !Object.hasOwn(forms, stemTerm(bare))) forms[stemTerm(bare)] = bare;
    }
  }
  const texts = units.paragraphs.map((p) => p.text);
  const names = readNames(texts, lexicon);
  return {
    paragraphs: units.paragraphs.length,
    df,
    forms,
    places: placesIn(texts),
    nameParts: names.parts,
    capitalised: names.capitalised,
    titles: names.titles,
    roles: Object.fromEntries(roleHoldersIn(texts, names.parts)),
  };
}

/** Embeds and indexes a corpus in memory (persisting is separate: see persist.ts). */
export async function buildIndex(
  documents: CorpusDocument[],
  corpusHash: string,
  { embeddings, model }: EmbeddingsInfo,
  { hnsw = DEFAULT_HNSW, tagger, vectors = 'hnsw' }: { hnsw?: HnswSettings; tagger?: TaggerFactory; vectors?: VectorIndexKind } = {},
): Promise<CorpusIndex> {
  const units = buildUnits(documents);
  const sentenceTexts = units.sentences.map((s) => sentenceText(units, s.id));
  const paragraphTexts = units.paragraphs.map((p) => p.text);
  const sentenceVecs = await embeddings.embedDocuments(sentenceTexts);
  const paragraphVecs = await embeddings.embedDocuments(paragraphTexts);
  const dimensions = sentenceVecs[0]?.length ?? paragraphVecs[0]?.length ?? 0;
  if (!dimensions) throw new Error('the embeddings returned no vectors');
  const sentenceVectors = createVectorIndex(dimensions, sentenceVecs.length, vectors, hnsw);
  sentenceVectors.add(
    sentenceVecs,
    units.sentences.map((s) => s.id),
  );
  const paragraphVectors = createVectorIndex(dimensions, paragraphVecs.length, vectors, hnsw);
  paragraphVectors.add(
    paragraphVecs,
    units.paragraphs.map((_, i) => i),
  );
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    corpusHash,
    embeddingModel: model,
    dimensions,
    build: '',
    createdAt: new Date().toISOString(),
    counts: { documents: documents.length, paragraphs: units.paragraphs.length, sentences: units.sentences.length },
    checksums: {},
  };
  return {
    manifest,
    units,
    sentenceVectors,
    paragraphVectors,
    paragraphLexical: LexicalIndex.build(paragraphTexts),
    termStats: computeTermStats(units, await loadNameLexicon()),
    entities: await annotateParagraphs(units.paragraphs, tagger),
  };
}
