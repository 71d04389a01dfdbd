import { beforeAll, describe, expect, it } from 'vitest';
import { createEntityTagger, type EntityTagger } from '../src/corpus/entities.js';
import { parseDocument } from '../src/corpus/parse.js';
import type { Entity } from '../src/domain/types.js';
import { annotateParagraphs, entitiesFromJSON, entitiesToJSON } from '../src/index/entities.js';

let tagger: EntityTagger;
beforeAll(async () => {
  tagger = await createEntityTagger();
});

const shown = (text: string, entities: Entity[]) => entities.map((e) => `${e.type}:${text.slice(e.start, e.end)}`);

describe('entities found at ingest (wink-nlp)', () => {
  it('finds names, places after a place preposition, dates, counts, money and percentages with their offsets', () => {
    const text =
      'Mayor Elena Ruiz met the board in Lyon on March 3, 2021. The city spent $4 million on 30 new buses, and fares fell by 12%.';
    const found = shown(text, tagger.tag(text));
    expect(found).toEqual(
      expect.arrayContaining(['name:Mayor Elena Ruiz', 'place:Lyon', 'date:March 3, 2021', 'money:$4 million', 'number:30', 'percent:12%']),
    );
    for (const e of tagger.tag(text)) expect(e.end).toBeGreaterThan(e.start);
  });

  it('joins names split at hyphens or linked by "of", and reads years, decades and centuries as dates', () => {
    const text =
      'In 1066 the abbot Robert of Tessy left Saint-Aubin-sur-Mer for the coast, as monks had done in the 1050s and in the 10th century.';
    const found = shown(text, tagger.tag(text));
    expect(found).toEqual(expect.arrayContaining(['date:1066', 'name:Robert of Tessy', 'date:1050s', 'date:10th century']));
    expect(found.some((f) => f.endsWith('Saint-Aubin-sur-Mer'))).toBe(true);
  });

  it('leaves out names used as modifiers and possessive endings', () => {
    const text = "A Treasury spokesperson praised Lyon's new tram.";
    const found = shown(text, tagger.tag(text));
    expect(found).not.toContain('name:Treasury');
    expect(found).toContain('name:Lyon');
  });

  it('does not take a capitalised first word for a name, but keeps a name that opens a sentence', () => {
    const text = 'Senior officials from Norvalia met in Vell. Overall, the mood was calm. Okafor said so. "Next week," she said.';
    const found = shown(text, tagger.tag(text));
    expect(found).not.toContain('name:Senior');
    expect(found).not.toContain('name:Overall');
    expect(found).toContain('name:Okafor');
    expect(found).toContain('place:Vell');
  });

  it('keeps a capitalised word the tagger reads as a pronoun as the first part of the name after it', () => {
    const text = 'The truce was drafted by Deputy Minister He Wen and Ana Ruiz. He left early.';
    const found = shown(text, tagger.tag(text));
    expect(found).toContain('name:He Wen');
    expect(found.some((f) => f.endsWith(':He'))).toBe(false);
  });

  it('annotates every paragraph, skips section headings, and survives the round trip to disk', async () => {
    const doc = parseDocument(
      'd',
      '# Title\n\nThe talks opened in Oslo on Monday.\n\nNEXT STEPS Delegates from Chile will return in May with 40 proposals.',
      { format: 'md' },
    );
    const entities = await annotateParagraphs(doc.paragraphs, async () => tagger);
    expect(shown(doc.paragraphs[0]!.text, entities[0]!)).toEqual(['place:Oslo', 'date:Monday']);
    const second = shown(doc.paragraphs[1]!.text, entities[1]!);
    expect(second).toEqual(expect.arrayContaining(['place:Chile', 'date:May', 'number:40']));
    expect(second.join(' ')).not.toMatch(/NEXT|STEPS/);
    const json = JSON.parse(JSON.stringify(entitiesToJSON(entities))) as unknown;
    expect(entitiesFromJSON(json, 2)).toEqual(entities);
    expect(() => entitiesFromJSON(json, 3)).toThrow(/do not match/);
  });

  it('drops a one-word name that opens a sentence and is capitalised nowhere else in the text', async () => {
    const doc = parseDocument(
      'd',
      '# Title\n\nDelegates met at the Corvin Tower. Security was tight.\n\nOkafor arrived late. Later, the minister thanked Okafor.',
      { format: 'md' },
    );
    const entities = await annotateParagraphs(doc.paragraphs, async () => tagger);
    expect(shown(doc.paragraphs[0]!.text, entities[0]!)).not.toContain('name:Security');
    expect(shown(doc.paragraphs[1]!.text, entities[1]!).filter((e) => e === 'name:Okafor')).toHaveLength(2);
  });
});
