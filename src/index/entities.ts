import { createEntityTagger, type EntityTagger } from '../corpus/entities.js';
import type { Entity, EntityType, Paragraph } from '../domain/types.js';

/** Entities of every paragraph of the index, by global paragraph id (see units.ts). */
export type ParagraphEntities = Entity[][];

/** Makes the tagger for a build; the default loads wink-nlp (only builds pay for it). */
export type TaggerFactory = () => Promise<EntityTagger>;

export async function annotateParagraphs(paragraphs: Paragraph[], factory: TaggerFactory = createEntityTagger): Promise<ParagraphEntities> {
  const tagger = await factory();
  const named = capitalisedMidSentence(paragraphs);
  return paragraphs.map((p) =>
    tagger.tag(p.text).filter((e) => {
      // Section headings ("HARBOUR FEES") sit between sentences and are never quoted: no entities.
      const sentence = p.sentences.find((s) => s.start <= e.start && e.end <= s.end);
      if (!sentence) return false;
      // "Security was tight.": a one-word "name" that opens a sentence, written with a capital
      // nowhere else in the text, is an ordinary word the tagger took for a name.
      const word = p.text.slice(e.start, e.end);
      const opens = /^["“(\s]*$/.test(p.text.slice(sentence.start, e.start));
      return !(e.type === 'name' && opens && /^\p{L}+$/u.test(word) && !named.has(word));
    }),
  );
}

/** Words written with a capital somewhere other than at the start of a sentence: names. */
function capitalisedMidSentence(paragraphs: Paragraph[]): Set<string> {
  const out = new Set<string>();
  for (const p of paragraphs) {
    for (const s of p.sentences) {
      const words = s.text.match(/[\p{L}]+/gu) ?? [];
      for (const w of words.slice(1)) if (/^\p{Lu}/u.test(w)) out.add(w);
    }
  }
  return out;
}

// On disk each paragraph is a flat list of (type code, start, end) triples: compact for large corpora.
const TYPES: readonly EntityType[] = ['name', 'place', 'date', 'duration', 'number', 'money', 'percent'];

export function entitiesToJSON(entities: ParagraphEntities): { types: readonly EntityType[]; paragraphs: number[][] } {
  return { types: TYPES, paragraphs: entities.map((list) => list.flatMap((e) => [TYPES.indexOf(e.type), e.start, e.end])) };
}

export function entitiesFromJSON(json: unknown, paragraphCount: number): ParagraphEntities {
  const data = json as { types?: unknown; paragraphs?: unknown };
  if (!Array.isArray(data.types) || !Array.isArray(data.paragraphs) || data.paragraphs.length !== paragraphCount)
    throw new Error('entities do not match the index');
  const types = data.types as EntityType[];
  return (data.paragraphs as number[][]).map((flat) => {
    const list: Entity[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3) list.push({ type: types[flat[i]!]!, start: flat[i + 1]!, end: flat[i + 2]! });
    return list;
  });
}
