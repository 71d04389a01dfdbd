/**
 * Where a citation sits in the index: its paragraph's number among all paragraphs, the part of
 * the paragraph it quotes, the entities found there at ingest, and the corpus's country names.
 * What the answer phrase reads, shared by the answerer and the fitting script.
 */
import type { Entity, Paragraph } from '../domain/types.js';
import type { CorpusIndex } from '../index/build.js';
import type { PlaceGroup } from '../text/places.js';

/** A quoted window of a paragraph, and its sentences when it spans several. */
export interface QuotedPart {
  window: { start: number; end: number };
  sentences: { start: number; end: number }[];
}

const countriesByPlaces = new WeakMap<readonly PlaceGroup[], ReadonlySet<string>>();
const NO_COUNTRIES: ReadonlySet<string> = new Set();

/**
 * The countries' own names (common and official) of the corpus's place groups, not their
 * capitals or demonyms; made once per index, since every answer phrase may ask.
 */
export function countryNames(places: readonly PlaceGroup[] | undefined): ReadonlySet<string> {
  if (!places) return NO_COUNTRIES;
  let names = countriesByPlaces.get(places);
  if (!names) {
    names = new Set(places.flatMap((p) => p.names.slice(0, 2)));
    countriesByPlaces.set(places, names);
  }
  return names;
}

/** Where a quote sits in its paragraph, and the sentences it spans (undefined if it is not there). */
export function quotedPart(paragraph: Paragraph, quote: string): QuotedPart | undefined {
  const start = paragraph.text.indexOf(quote);
  if (start < 0) return undefined;
  const window = { start, end: start + quote.length };
  return { window, sentences: paragraph.sentences.filter((x) => x.start >= window.start && x.end <= window.end) };
}

/** The entities found at ingest in a paragraph of the index. */
export function paragraphEntities(index: Pick<CorpusIndex, 'units' | 'entities'>, ref: { doc: string; paragraph: number }): Entity[] {
  const id = paragraphId(index, ref);
  return id < 0 ? [] : (index.entities[id] ?? []);
}

/** A paragraph's place among all the index's paragraphs (documents in order), or -1 if it has none. */
export function paragraphId({ units }: Pick<CorpusIndex, 'units'>, ref: { doc: string; paragraph: number }): number {
  let offset = 0;
  for (const d of units.documents) {
    if (d.id === ref.doc) return ref.paragraph >= 1 && ref.paragraph <= d.paragraphs.length ? offset + ref.paragraph - 1 : -1;
    offset += d.paragraphs.length;
  }
  return -1;
}
