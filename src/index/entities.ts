import { createEntityTagger, type EntityTagger } from '../corpus/entities.js';
import type { Entity, EntityType, Paragraph } from '../domain/types.js';

/** Entities of every paragraph of the index, by global paragraph id (see units.ts). */
export type ParagraphEntities = Entity[][];

/** Makes the tagger for a build; the default loads wink-nlp (only builds pay for it). */
export type TaggerFactory = () => Promise<EntityTagger>;

export async function annotateParagraphs(paragraphs: Paragraph[], factory: TaggerFactory = createEntityTagger): Promise<ParagraphEntities> {
  const tagger = await factory();
  // Section headings ("TALKING POINTS") sit between sentences and are never quoted: no entities.
  return paragraphs.map((p) => tagger.tag(p.text).filter((e) => p.sentences.some((s) => s.start <= e.start && e.end <= s.end)));
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
