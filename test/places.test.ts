// Other names of the same place: a gazetteer from a public dataset, stored with the index.
import { describe, expect, it } from 'vitest';
import { analyzeQuery, termMatch } from '../src/answer/support.js';
import { viewOf } from '../src/answer/text-view.js';
import { placeAliases, placesIn } from '../src/text/places.js';

const words = { rarity: () => 1, vector: () => undefined } as unknown as Parameters<typeof analyzeQuery>[1];
const match = { softFloor: 0.6, softMax: 0.8 };

// An invented report that names places in several ways.
const REPORT = [
  'Ministers from Norway and the U.S. met in Reykjavik on Monday to discuss fishing quotas.',
  'The Norwegian delegation left early; talks resume next week in the Icelandic capital.',
  'Trawler crews on the island said they had heard nothing from us about the quotas.',
];

describe('placesIn', () => {
  it('finds the countries a text names by name, abbreviation, demonym or capital', () => {
    const names = placesIn(REPORT).map((g) => g.names[0]);
    expect(names).toEqual(expect.arrayContaining(['norway', 'united states', 'iceland']));
  });

  it('does not take lower-case words or pronouns for names ("island" for Iceland, "us" for the US)', () => {
    expect(placesIn(['Crews on the island heard nothing from us.'])).toEqual([]);
    expect(placesIn(['Is it in IN or MY?'])).toEqual([]);
    // Native spellings that are English words are not names: Iceland's "Ísland" is dropped.
    expect(placesIn(['Reykjavik hosted the talks.'])[0]!.names).not.toContain('island');
  });
});

describe('question terms match other names of the same place', () => {
  const groups = placesIn(REPORT);
  const termsOf = (q: string) => analyzeQuery(q, words, () => 1, 3, 0.5, { places: groups });
  const sentence = (i: number) => viewOf(REPORT[i]!, words);

  it('a demonym matches the country, a capital its country and demonym', () => {
    const [american] = termsOf('What did American ministers discuss?').filter((t) => t.word === 'american');
    expect(termMatch(american!, sentence(0), match)).toBe(0.9);
    const reykjavik = termsOf('When do talks resume in Reykjavik?').find((t) => t.word === 'reykjavik')!;
    expect(termMatch(reykjavik, sentence(1), match)).toBe(0.9);
  });

  it('a place in the possessive is still the place ("Iceland\'s capital"), in questions and texts', () => {
    const iceland = termsOf("When do talks resume in Iceland's capital?").find((t) => t.word === 'iceland')!;
    expect(termMatch(iceland, sentence(0), match)).toBe(0.9); // "met in Reykjavik"
    expect(placesIn(["Norway's ministers met."]).map((g) => g.names[0])).toEqual(['norway']);
  });

  it('a region matches the countries in it, not the other way round', () => {
    const europe = termsOf('Which European countries sent ministers to talks in Europe?').find((t) => t.word === 'europe')!;
    expect(termMatch(europe, sentence(0), match)).toBe(0.9);
    expect(placeAliases('What did Norway say?', groups).get('norway')!.flat()).not.toContain('europ');
  });

  it('an abbreviation in a question counts in capitals only: "US" the country, "us" the pronoun', () => {
    expect(placeAliases('What did the US say about quotas?', groups).has('us')).toBe(true);
    expect(placeAliases('What did they tell us about quotas?', groups).has('us')).toBe(false);
  });

  it('"America" names the United States, whose official name ends with the word its demonym is made from', () => {
    const america = termsOf('What did America say about quotas?').find((t) => t.word === 'america')!;
    expect(termMatch(america, sentence(0), match)).toBe(0.9); // "the U.S."
    // "Salvador" ends El Salvador's official name too, but its common name already has it.
    expect(placesIn(['El Salvador signed.'])[0]!.names).not.toContain('salvador');
  });

  it('places the corpus never names add nothing: no alias for Australia', () => {
    expect(placeAliases('What is the capital of Australia?', groups).size).toBe(0);
    const australia = termsOf('What is the capital of Australia?').find((t) => t.word === 'australia')!;
    for (let i = 0; i < REPORT.length; i++) expect(termMatch(australia, sentence(i), match)).toBe(0);
  });
});

describe('an acronym in a question matches the name it abbreviates', () => {
  const termOf = (q: string, word: string) => analyzeQuery(q, words, () => 0, 3, 0.5).find((t) => t.word === word)!;
  const text = viewOf('Mira Tal, an economist at the Vell Institute for Coastal and Marine Research, spoke first.', words);

  it('skipping the small words inside the name ("for", "and")', () => {
    expect(termMatch(termOf('What did the VICMR economist say?', 'vicmr'), text, match)).toBe(1);
    expect(termMatch(termOf('What did the ICMR economist say?', 'icmr'), text, match)).toBe(1);
  });

  it('but not letters the name does not spell in order', () => {
    expect(termMatch(termOf('What did the VCMI economist say?', 'vcmi'), text, match)).toBe(0);
  });
});

describe('a dotted abbreviation inside a name gives all its letters', () => {
  it('"U.S. Trade Representative" is what "USTR" abbreviates', () => {
    const term = analyzeQuery('Who is the USTR?', words, () => 0, 3, 0.5).find((t) => t.word === 'ustr')!;
    expect(termMatch(term, viewOf('The U.S. Trade Representative, Mira Tal, spoke.', words), match)).toBe(1);
    expect(termMatch(term, viewOf('The Trade Representative, Mira Tal, spoke.', words), match)).toBe(0);
  });
});
