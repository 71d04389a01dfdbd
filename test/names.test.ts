import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/compose/bootstrap.js';
import { analyzeQuery, matchMatrix } from '../src/answer/support.js';
import { viewOf } from '../src/answer/text-view.js';
import { loadNameLexicon } from '../src/corpus/name-lexicon.js';
import { namedStopwords, nameStopword, readNames, recased, surnamesFor } from '../src/text/names.js';
import { createTestApp, fixture } from './helpers/app.js';

// Given names and titles as the lexicon would have them (the loader is tested below).
const GIVEN = new Set(['marta', 'tomas']);
const LEXICON = {
  isGivenName: (w: string) => GIVEN.has(w.toLowerCase()),
  isTitle: (w: string) => w.toLowerCase() === 'mayor',
  isOrdinaryWord: (w: string) => ['board', 'mayor'].includes(w.toLowerCase()),
  isUnknownWord: (w: string) => ['haodong', 'wen', 'osei', 'vell'].includes(w.toLowerCase()),
};
const namePartsIn = (texts: string[]) => readNames(texts, LEXICON).parts;

const REPORT = [
  'The Calder harbour board approved a new ferry terminal on Tuesday, its chair Marta Osei said.',
  'Port engineer Tomas Brandt presented the design. Marta Lindqvist, who leads the residents, spoke against it.',
  'Osei said construction would begin in April. Brandt expects the first ferries in 2028.',
  'Lindqvist said the residents would appeal.',
];

describe('parts of names the text drops', () => {
  it('finds a first name beside the surname the text goes on to use alone', () => {
    const parts = namePartsIn(REPORT);
    expect(parts['toma']).toEqual(['brandt']);
    // Two people share the first name: both surnames are candidates, the question picks one.
    expect(parts['marta']).toEqual(['lindqvist', 'osei']);
  });

  it('takes no word the text also writes in lower case, or uses alone, for a dropped part', () => {
    const parts = namePartsIn([...REPORT, 'Harbour fees will pay for it. Brandt and Tomas were there.']);
    expect(parts['toma']).toBeUndefined();
    expect(parts['harbour']).toBeUndefined();
    expect(Object.keys(parts)).not.toContain('brandt');
  });

  it('takes only given names: a word that names something else when dropped is no part', () => {
    // "Northern" never stands alone either, but "Northern Vell" is not "Vell".
    const parts = namePartsIn(['Troops left Northern Vell in May, and Vell rejoiced.', 'Marta Osei spoke. Osei left.']);
    expect(parts).toEqual({ marta: ['osei'] });
  });

  it('takes no title for a surname', () => {
    expect(namePartsIn(['The Mayor welcomed Mayor Marta Osei. Osei waved.'])).toEqual({ marta: ['osei'] });
  });

  it('reads a name beside nothing but a title as standing alone', () => {
    expect(namePartsIn(['Mayor Marta Osei opened the bridge.', 'Mayor Osei waved.'])).toEqual({ marta: ['osei'] });
  });

  it('takes a name the lexicon does not know, in a run a title opens, for a given name (family name first)', () => {
    expect(namePartsIn(['Mayor Wen Haodong opened the bridge.', 'Wen said it had cost too much.'])).toEqual({ haodong: ['wen'] });
    // Without a title nothing says the run names a person: "Osei Vell" may be a place.
    expect(namePartsIn(['Troops reached Osei Vell in May.', 'Vell rejoiced.'])).toEqual({});
  });

  it('takes a small word the text writes as a name, standing alone, for the family name (He Haodong, then He)', () => {
    const texts = ['Vice Chair He Haodong opened the talks.', 'The envoys later met He in Vell.', 'He said little.'];
    expect(namePartsIn(texts)).toEqual({ haodong: ['He'] });
    // Inside a sentence the pronoun is never capitalised; at its start it is, whatever it is.
    expect(nameStopword('He', false)).toBe('He');
    expect(nameStopword('He', true)).toBeUndefined();
    expect(nameStopword('Haodong', false)).toBeUndefined();
    expect(namedStopwords('The envoys later met He in Vell. He said little.')).toEqual(['He']);
  });

  it('knows which words the corpus always capitalises, a heading in capitals aside', () => {
    const { capitalised } = readNames(
      ['The Calder harbour board met. Osei spoke for the EU.', 'LATE VOTE The Board voted late, the Harbour said.'],
      LEXICON,
    );
    // "Osei" only ever opens a sentence, "harbour" is written in lower case too, "Board" is an
    // ordinary word however the text writes it.
    expect(capitalised).toEqual(['Calder', 'EU']);
  });

  it('does not read the capital of a sentence, or words split by a comma, as one name', () => {
    expect(namePartsIn(['Ferries run daily. Brandt said so.', 'Brandt, Osei and Lindqvist spoke.'])).toEqual({});
  });

  it('stand for the given name beside them in the question, or for a given name with one surname', () => {
    const parts = namePartsIn(REPORT);
    expect(surnamesFor('When will Marta Osei start building?', parts)).toEqual(new Map([['marta', ['osei']]]));
    expect(surnamesFor("What is Tomas Brandt's design?", parts)).toEqual(new Map([['tomas', ['brandt']]]));
    // Given alone, a name stands for its one surname; "Marta" could be either of two people.
    expect(surnamesFor('When does Tomas expect ferries?', parts)).toEqual(new Map([['tomas', ['brandt']]]));
    expect(surnamesFor('What did Marta say?', parts).size).toBe(0);
    expect(surnamesFor('What did Marta say?', undefined).size).toBe(0);
  });
});

describe('a surname matching the given name it stands for', () => {
  const words = { rarity: () => 1, vector: () => undefined } as unknown as Parameters<typeof analyzeQuery>[1];
  const nameParts = namePartsIn(REPORT);
  const [marta] = analyzeQuery('Who is Marta Osei?', words, () => 1, 4, 0.5, { nameParts });
  const rowOf = (paragraph: string[], term = marta!) =>
    matchMatrix(
      [term],
      paragraph.map((s) => viewOf(s, words)),
      { softFloor: 0.6, softMax: 0.8 },
    )[0];

  it('matches in a paragraph that only uses the surname', () => {
    expect(marta!.surnames).toEqual(['osei']);
    expect(rowOf(['Osei said construction would begin in April.', 'Brandt agreed.'])).toEqual([0.9, 0]);
  });

  it('does not where the full name is written: the sentence introducing her says who she is', () => {
    expect(rowOf(['Its chair, Marta Osei, opened the hearing.', 'Osei said it would begin in April.'])).toEqual([1, 0]);
  });

  it('matches a family name that is a small word only where it is written as a name', () => {
    const parts = namePartsIn(['Vice Chair He Haodong opened the talks.', 'The envoys later met He in Vell.']);
    const [haodong] = analyzeQuery('Where did the envoys meet He Haodong?', words, () => 1, 4, 0.5, { nameParts: parts }).filter(
      (t) => t.word === 'haodong',
    );
    expect(haodong!.surnames).toEqual(['He']);
    expect(rowOf(['The envoys later met He in Vell.', 'He said little.', 'Then he left.'], haodong)).toEqual([0.9, 0, 0]);
  });
});

describe('titles', () => {
  const words = { rarity: () => 1, vector: () => undefined } as unknown as Parameters<typeof analyzeQuery>[1];

  it('are the capitalised words the lexicon calls titles', () => {
    expect(readNames(['The Mayor welcomed Mayor Marta Osei. Osei waved.', 'The board met.'], LEXICON).titles).toEqual(['mayor']);
  });

  it("mark a question's term as a title only where the corpus writes that title", () => {
    const { titles } = readNames(['Mayor Marta Osei opened the bridge.'], LEXICON);
    const terms = analyzeQuery("When did the Mayor's bridge open?", words, () => 1, 4, 0.5, { titles });
    expect(terms.filter((t) => t.title).map((t) => t.word)).toEqual(['mayor']);
    // Not capitalised in the question: a word, not a title standing for a name.
    expect(analyzeQuery('When did the mayor open it?', words, () => 1, 4, 0.5, { titles }).some((t) => t.title)).toBe(false);
    expect(analyzeQuery("When did the Mayor's bridge open?", words, () => 1, 4, 0.5, {}).some((t) => t.title)).toBe(false);
  });
});

describe('a question typed without capitals', () => {
  const capitalised = ['EU', 'Okafor', 'Tarn'];

  it('takes the capitals of the names the corpus writes', () => {
    expect(recased('who is ada okafor', capitalised)).toBe('who is ada Okafor');
    expect(recased("what did the eu say about okafor's plan?", capitalised)).toBe("what did the EU say about Okafor's plan?");
    expect(recased('Why did okafor leave tarn early?', capitalised)).toBe('Why did Okafor leave Tarn early?');
  });

  it('is left as it is when it has capitals of its own past its first word', () => {
    expect(recased('What did the Board say about okafor?', capitalised)).toBe('What did the Board say about okafor?');
    expect(recased('who is ada okafor', undefined)).toBe('who is ada okafor');
  });
});

describe('the lexicon of names', () => {
  it('knows given names and titles, not just capitals', async () => {
    const { isGivenName, isTitle, isOrdinaryWord, isUnknownWord } = await loadNameLexicon();
    expect(['Marta', 'tomas', 'Helena'].every(isGivenName)).toBe(true);
    expect(['Northern', 'Vice', 'President', 'harbour', 'Osei'].some(isGivenName)).toBe(false);
    expect(['President', 'Lord'].every(isTitle)).toBe(true);
    expect(['Osei', 'Marta', 'Harbour'].some(isTitle)).toBe(false);
    expect(['President', 'Air', 'Studies', 'south'].every(isOrdinaryWord)).toBe(true);
    expect(['Osei', 'Marta', 'Norway', 'Oslo', 'Norwegian', 'March'].some(isOrdinaryWord)).toBe(false);
    expect(['Osei', 'Haodong'].every(isUnknownWord)).toBe(true);
    expect(['Northern', 'President', 'Marta', 'Norway'].some(isUnknownWord)).toBe(false);
  });
});

// An invented report that names each person in full once and by surname after that.
const FERRY = fixture('ferry-terminal');
let app: App;

beforeAll(async () => {
  app = await createTestApp({ CORPUS_DIR: FERRY });
});

describe('questions that name a person in full', () => {
  it('are answered where the text uses the surname alone', async () => {
    const r = await app.footnote.ask('When does Tomas Brandt expect the first ferries to dock?');
    expect(r.answerable).toBe(true);
    expect(r.citations.map((c) => c.paragraph)).toEqual([4]);
  });

  it('find the person the question means when two share a first name', async () => {
    const r = await app.footnote.ask('According to Marta Osei, when will construction begin?');
    expect(r.answerable).toBe(true);
    expect(r.citations.map((c) => c.paragraph)).toEqual([3]);
    expect(r.short_answer).toBe('April');
  });

  it('typed without capitals, ask who the person is, not for another name', async () => {
    const r = await app.footnote.ask('who is tomas brandt');
    expect(r.citations.map((c) => c.paragraph)).toEqual([2]);
    expect(r.short_answer).toBeNull();
  });

  it('quote the sentence that introduces the person, not a later mention by surname', async () => {
    const r = await app.footnote.ask('Who is Marta Lindqvist?');
    expect(r.citations.map((c) => c.paragraph)).toEqual([2]);
    expect(r.answer).toContain('leads the residents');
  });
});

// An invented report that gives the mayor's title once, beside her name, and her name alone after.
const BRIDGE = fixture('mayor-bridge');

describe('a question that gives a title for a name', () => {
  let bridge: App;
  beforeAll(async () => {
    bridge = await createTestApp({ CORPUS_DIR: BRIDGE });
  });

  it('is answered where the text calls the one holding it by name', async () => {
    const r = await bridge.footnote.ask('Until when will the Mayor keep the bridge free of tolls?');
    expect(r.answerable).toBe(true);
    expect(r.citations.map((c) => c.paragraph)).toEqual([2]);
  });

  it('is still declined for a title the text never writes', async () => {
    const r = await bridge.footnote.ask('What did the Senator say about the cycle path?');
    expect(r.answerable).toBe(false);
  });
});
