// How a question's own wording is read: chatty lead-ins, apostrophe-less contractions, the
// frame words of "how long" and "what did X say", acronyms of names. Pure functions first, then
// end to end on an invented article (messy questions as people type them).
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/compose/bootstrap.js';
import { analyzeCandidates, type CandidateParagraph } from '../src/answer/features.js';
import { windowsOf } from '../src/answer/windows.js';
import { analyzeQuery } from '../src/answer/support.js';
import { ViewCache } from '../src/answer/text-view.js';
import { recased } from '../src/text/names.js';
import { splitLeadIn, withoutEventFrame } from '../src/text/question-focus.js';
import { splitSentences } from '../src/text/sentences.js';
import { isStopword } from '../src/text/stopwords.js';
import { appOver, createTestApp, fixture } from './helpers/app.js';

const COUNCIL = fixture('council');

// Words without vectors or rarity: matching by the words themselves only.
const words = { rarity: () => 1, vector: () => undefined } as unknown as Parameters<typeof analyzeQuery>[1];
const MATCH = { softFloor: 0.6, softMax: 0.8 };
/** A retrieved paragraph of one invented document, with no retrieval signal of its own. */
const candidateOf = (n: number, text: string): CandidateParagraph => ({
  paragraph: { doc: 'd', n, text, sections: [], sentences: splitSentences(text) },
  bm25: 1,
  denseP: 0,
  denseS: 0,
  dense: new Map<number, number>(),
});

/** The analysis of a question over candidate paragraphs, every word in one paragraph of three. */
const analysisOf = (question: string, candidates: CandidateParagraph[], cased?: string) =>
  analyzeCandidates(
    question,
    analyzeQuery(question, words, () => 1, 3, 0.5),
    candidates,
    new ViewCache(words),
    MATCH,
    3,
    cased,
  );

describe('splitLeadIn', () => {
  it.each([
    ['ok quick one, which hall hosted the meeting', 'which hall hosted the meeting', 'ok quick one'],
    ['hey - who voted against the budget?', 'who voted against the budget?', 'hey'],
    ['About the budget: did anyone vote against it?', 'did anyone vote against it?', 'About the budget'],
    ['In 2019, who chaired the council?', 'who chaired the council?', 'In 2019'],
    // Chat rarely punctuates: a few lower-case words before a wh-word are a lead-in too.
    ['ok so which hall hosted the meeting', 'which hall hosted the meeting', 'ok so'],
    ['wait who voted against the budget?', 'who voted against the budget?', 'wait'],
    ['does anyone know when the pool reopens', 'when the pool reopens', 'does anyone know'],
  ])('%j asks %j after the lead-in %j', (text, question, lead) => {
    expect(splitLeadIn(text)).toEqual({ question, lead });
  });

  it.each([
    'Who voted against the budget, and why?',
    'What did Ruiz call the vote, a compromise?',
    'Budget, libraries and taxes',
    'When is the next meeting',
    // A preposition, article or conjunction binds the wh-word into the question's own phrase.
    'in which year did the pool open',
    'the head of which department resigned',
    'and what did the mayor decide',
    // More than three words before it is a sentence, not a lead-in.
    'the council said yesterday what it would cut',
  ])('leaves %j whole', (text) => {
    expect(splitLeadIn(text)).toEqual({ question: text, lead: '' });
  });
});

describe('question words that only frame the question', () => {
  const stems = (q: string) => analyzeQuery(q, words, () => 1, 10, 0.5).map((t) => t.word);

  it('apostrophe-less contractions of closed-class words are stopwords, real words are not', () => {
    for (const w of ['whos', 'whats', 'didnt', 'doesnt', 'theyre', 'youve', 'im']) expect(isStopword(w)).toBe(true);
    // "she'll", "I'll", "we'd", "he'll", "I'd" without apostrophes are other words.
    for (const w of ['shell', 'ill', 'wed', 'hell', 'id']) expect(isStopword(w)).toBe(false);
  });

  it('the word after "how" and verbs of saying are not content terms', () => {
    expect(stems('How long did the debate last?')).toEqual(['debate', 'last']);
    expect(stems('What did the parks director say about the pool?')).toEqual(['parks', 'director', 'pool']);
    expect(stems('Whos the mayor')).toEqual(['mayor']);
  });
});

describe('messy questions on an invented article', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({ CORPUS_DIR: COUNCIL });
  });

  it('answers a question behind a chatty lead-in from the right paragraph', async () => {
    const r = await app.footnote.ask('ok quick one, where did residents pack the meeting hall');
    expect(r.answerable).toBe(true);
    expect(r.citations.map((c) => c.paragraph)).toEqual([3]);
    expect(r.answer).toContain('textile mill');
  });

  it('keeps the content of a lead-in: it still points at the paragraph', async () => {
    const r = await app.footnote.ask('About the swimming pool, what did the parks director say?');
    expect(r.citations[0]?.paragraph).toBe(4);
    expect(r.answer).toContain('filtration');
  });

  it('declines with the question as it was asked, lead-in and all', async () => {
    const r = await app.footnote.ask('ok quick one, who won the chess final in Oslo?');
    expect(r.answerable).toBe(false);
    expect(r.answer).toBe("The article doesn't say. None of its paragraphs answers “ok quick one, who won the chess final in Oslo?”.");
  });

  it('answers "whos" questions like "who is" ones', async () => {
    const r = await app.footnote.ask('whos maria chen');
    expect(r.answerable).toBe(true);
    expect(r.citations[0]?.paragraph).toBe(4);
  });
});

describe('an acronym of a name the article spells out', () => {
  it('is matched and answered, not declined as a word the article never uses', async () => {
    const rail = await appOver('rail', [
      '# Night trains return to the valley',
      'The Northern Valley Rail Authority said on Monday that night trains will run again from April.',
      'Tickets for the first month sold out within two hours, the operator said.',
      'Local hotels expect more visitors during the spring festival season.',
    ]);
    // Its only content word is the acronym: counted as unknown, it used to sink the answer.
    const r = await rail.footnote.ask('What did the NVRA announce?');
    expect(r.answerable).toBe(true);
    expect(r.citations[0]?.paragraph).toBe(1);
    expect(r.answer).toContain('night trains will run again');
  });
});

describe('"what did X say" is answered where X speaks', () => {
  let app: App;
  beforeAll(async () => {
    // An invented report: the mayor is named in every paragraph, speaks in two (once as "she").
    app = await appOver('bridge', [
      '# Tarnby bridge to close for repairs',
      'Mayor Lena Vos announced on Monday that the old Tarnby bridge will close for six months of repairs, a plan Vos first put to the council in March.',
      'Under the diversion plan backed by Vos, traffic will be diverted over the ring road, and the ring road diversion will add about ten minutes to the trip into town.',
      '"The diversion will cost drivers a few minutes, and it will keep the bridge safe for decades," Vos said at a press conference.',
      'Vos later visited the market square. There she told shop owners that the town would cover parking fees for the months of the closure.',
      'The repairs will cost 4 million euros, paid from the bridge fund that Vos set up two years ago.',
    ]);
  });

  it('quotes the paragraph where she speaks, not the ones that only name her', async () => {
    // The diversion paragraph names her and the diversion more often; only ¶3 has her speaking.
    const r = await app.footnote.ask('What did Vos say about the ring road diversion?');
    expect(r.answerable).toBe(true);
    expect(r.citations[0]?.paragraph).toBe(3);
    expect(r.answer).toContain('safe for decades');
  });

  it('counts "she told" in a paragraph that names her as her speaking', async () => {
    const r = await app.footnote.ask('What did Vos tell shop owners about parking?');
    expect(r.citations[0]?.paragraph).toBe(4);
    expect(r.answer).toContain('parking fees');
  });

  it('leaves other questions about her to the ranking', async () => {
    const r = await app.footnote.ask('How much will the repairs cost?');
    expect(r.citations[0]?.paragraph).toBe(5);
  });
});

describe('"which <kind>" words are satisfied by an answer of that kind the question does not give', () => {
  const candidate = candidateOf(1, 'Ministers met in Ruritania to discuss grain. The next round opens in Vell.');

  it('"city" in "Which city of Ruritania …?" is not met by "in Ruritania", only by another place', () => {
    const question = 'Which city of Ruritania hosts the talks?';
    const a = analysisOf(question, [candidate]);
    const city = a.terms.findIndex((t) => t.word === 'city');
    expect(a.paragraphs[0]!.matches[city]).toEqual([0, 1]);
  });

  it('a place that shares no other word with the question does not make its sentence the typed answer', () => {
    const elsewhere = candidateOf(2, 'Farmers gathered in Vell on Monday.');
    const question = 'Which city hosts the grain talks?';
    const a = analysisOf(question, [candidate, elsewhere]);
    // "in Ruritania" sits in the sentence about grain; "in Vell" (both) in sentences sharing
    // nothing with the question but "city", which any place satisfies.
    expect(a.paragraphs.map((p) => p.typed)).toEqual([[true, false], [false]]);
  });

  it('"building" written in the sentence still counts as a word of the question there', () => {
    const tower = candidateOf(3, 'The Corvin tower, the tallest building in Vell.');
    const question = 'Which building was chosen?';
    const a = analysisOf(question, [tower]);
    expect(a.paragraphs[0]!.typed).toEqual([true]);
  });
});

describe('"what day" ranks the paragraph that names a day above one that only says "next week"', () => {
  const week = candidateOf(1, 'The two mayors are expected to meet next week.');
  const day = candidateOf(2, 'The mayors will meet on Thursday at the river summit.');

  it('types the paragraphs by the grain asked for, and the windows by the kind (a time), as before', () => {
    const question = 'What day will the mayors meet?';
    const a = analysisOf(question, [week, day]);
    expect(a.paragraphs.map((p) => p.features.typed_p)).toEqual([-1, 1]);
    expect(a.answerType).toBe('time');
    expect(a.paragraphs.map((p) => p.typed)).toEqual([[true], [true]]);
  });
});

describe('a question typed in lower case names whom the corpus capitalises', () => {
  const others = candidateOf(1, 'Critics said the new ferry timetable would leave Tarn without a morning boat.');
  const hers = candidateOf(2, '"The morning boat stays," Vos said of the ferry timetable.');

  it('credits the paragraph where the one asked about speaks, as it does with capitals', () => {
    const asked = 'what did vos say about the ferry timetable';
    const cased = recased(asked, ['Vos', 'Tarn']);
    expect(cased).toBe('what did Vos say about the ferry timetable');
    const a = analysisOf(asked, [others, hers], cased);
    expect(a.names).toEqual(['Vos']);
    expect(a.paragraphs.map((p) => p.features.speech_p)).toEqual([1, 2]);
    expect(windowsOf(a, 1, 0)[0]!.features.speech).toBe(2);
  });
});

describe('the role words of "who is …" that no candidate has', () => {
  const leader = candidateOf(1, 'Ada Okafor, who leads the ferry union, said the strike would go ahead.');
  const timetable = candidateOf(2, 'The ferry timetable changes in May.');

  it('leave the windows that hold the others unmarked: they are missing from every window alike', () => {
    const question = "who's the guy running the ferry union";
    const a = analysisOf(question, [leader, timetable]);
    // "guy" is in neither paragraph: the window naming the union's leader still holds the role.
    expect(windowsOf(a, 0, 0)[0]!.features.role).toBe(0);
    expect(windowsOf(a, 1, 0)[0]!.features.role).toBe(-1);
  });
});

describe('verbs that only say an event is ("take place", "happen", "occur")', () => {
  it('are no words to find', () => {
    expect(withoutEventFrame('Where did the ferry vote take place?')).toBe('Where did the ferry vote?');
    expect(withoutEventFrame('when is the summit happening')).toBe('when is the summit');
    expect(withoutEventFrame('What happened to the harbour fees?')).toBe('What to the harbour fees?');
    expect(withoutEventFrame('When did the flooding occur, and where?')).toBe('When did the flooding, and where?');
    // Only the phrase: "place" and "take" alone are words of their own.
    expect(withoutEventFrame('Which place did the team take?')).toBe('Which place did the team take?');
  });

  it('do not draw the answer to the one sentence that says an event "happens"', async () => {
    const towns = await appOver('towns', [
      '# River towns to meet over flood defences',
      'The mayors of Tarn and Oster want to make sure that a summit of the river towns happens before the spring floods.',
      'The summit of the river towns will be held at the old customs house in Vell, officials said on Monday.',
      'Engineers say the flood walls along the lower river need repairs costing 12 million crowns.',
    ]);
    const r = await towns.footnote.ask('where is the river towns summit happening');
    expect(r.answerable).toBe(true);
    expect(r.citations[0]?.paragraph).toBe(2);
    expect(r.short_answer).toContain('Vell');
  });
});
