import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSpeaker } from '../src/answer/attribution.js';
import { preferNewAnswer, repeatsPrevious, resolveFollowUp, standsAlone, withoutQuoted } from '../src/answer/follow-up.js';
import { declineText, type CandidateParagraph, type ExtractiveAnswer } from '../src/answer/extractive.js';
import { runShell } from '../src/adapters/shell/shell.js';
import type { App } from '../src/compose/bootstrap.js';
import type { AskResult, Paragraph, Turn } from '../src/domain/types.js';
import { createTestApp, fixture } from './helpers/app.js';
import { queryTerm } from './helpers/terms.js';

// An invented article whose answers sit in different paragraphs: where the talks were (a city),
// the building they were in, a date beside a place, a quotation whose speaker is named where it
// closes, and a sum of money.
const WATER_TALKS = fixture('water-talks');

// An invented report whose lead sentence names a city and two countries, and a later paragraph the building.
const SHIPPING_TALKS = fixture('shipping-talks');

const turnOf = (r: AskResult): Turn => ({ question: r.question, answer: r.answer, citations: r.citations });

describe('follow-ups resolved with the previous question, answer phrase and paragraph', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({ CORPUS_DIR: WATER_TALKS });
  });
  const converse = async (first: string, then: string) => {
    const a = await app.footnote.ask(first);
    const b = await app.footnote.ask(then, { history: [turnOf(a)] });
    return { a, b };
  };

  it('a bare kind noun after a where-question moves on to the paragraph that names one of that kind', async () => {
    const { a, b } = await converse('In which city did the talks open?', 'Which building?');
    expect(a.short_answer).toBe('Port Alder');
    expect(a.citations[0]!.paragraph).toBe(1);
    expect(b.short_answer).toBe('Harbour Exchange');
    expect(b.citations[0]!.paragraph).toBe(3);
    expect(b.answer).not.toBe(a.answer);
  });

  it('a chatty follow-up without punctuation ("ok so which building") is the same follow-up', async () => {
    const { a, b } = await converse('In which city did the talks open?', 'ok so which building');
    expect(a.citations[0]!.paragraph).toBe(1);
    expect(b.short_answer).toBe('Harbour Exchange');
    expect(b.citations[0]!.paragraph).toBe(3);
  });

  it("the follow-up's own word decides over the words it borrows: a first answer rich in them is not repeated", async () => {
    // The first quote holds "water", "ministers", "open", "talks"; only the other holds "building".
    const { a, b } = await converse('Where did the water ministers open their talks?', 'Which building?');
    expect(a.citations[0]!.paragraph).toBe(1);
    expect(b.short_answer).toBe('Harbour Exchange');
    expect(b.citations[0]!.paragraph).toBe(3);
  });

  it('moves on to a paragraph that holds every word of the follow-up even where the words it borrows are missing there', async () => {
    // The building paragraph says nothing of "open" or "Monday": the decline model alone would
    // turn it down, and the previous answer would be repeated.
    const { a, b } = await converse('Where did the talks open on Monday?', 'Which building?');
    expect(a.citations[0]!.paragraph).toBe(1);
    expect(b.citations[0]!.paragraph).toBe(3);
    expect(b.short_answer).toBe('Harbour Exchange');
  });

  it('declines a follow-up that nothing in the text answers, instead of repeating the previous answer', async () => {
    const { a, b } = await converse('Where did the talks open on Monday?', 'Which stadium?');
    expect(a.answerable).toBe(true);
    expect(b.answerable).toBe(false);
    expect(b.citations).toEqual([]);
    expect(b.answer).toMatch(/doesn't say/);
  });

  it('declines "which <noun>?" for a kind the text never names, though the quote holds other names', async () => {
    // The lead sentence names two countries besides the city: a name is no evidence of a stadium.
    const ship = await createTestApp({ CORPUS_DIR: SHIPPING_TALKS });
    const a = await ship.footnote.ask('Where were the talks held?');
    expect(a.short_answer).toBe('Vell');
    const building = await ship.footnote.ask('Which building?', { history: [turnOf(a)] });
    expect(building.short_answer).toBe('Corvin Tower');
    expect(building.citations[0]!.paragraph).toBe(3);
    const stadium = await ship.footnote.ask('Which stadium?', { history: [turnOf(a)] });
    expect(stadium.answerable).toBe(false);
    expect(stadium.citations).toEqual([]);
  });

  it('"When?" after a where-question stays in the sentence that holds both, and answers with its date', async () => {
    const { a, b } = await converse('Where was the first agreement signed?', 'When?');
    expect(a.short_answer).toBe('Millbrook');
    expect(b.short_answer).toBe('2019');
    expect(b.citations).toEqual(a.citations);
    expect(b.answer.startsWith('2019 — ')).toBe(true);
  });

  it('"Who said that?" about a quotation answers with its speaker, quoting through to where the speaker is named', async () => {
    const { a, b } = await converse('Can the states go through another dry summer without a deal?', 'Who said that?');
    expect(a.short_answer).toBeNull();
    // The sentence splitter keeps a quotation and its "said X" together, so the first quote may
    // already name the speaker; either way the follow-up must name them and quote them saying it.
    expect(b.short_answer).toBe('Amara Osei');
    expect(b.citations[0]!.paragraph).toBe(a.citations[0]!.paragraph);
    expect(b.citations[0]!.quote).toContain(a.citations[0]!.quote);
    expect(b.citations[0]!.quote).toContain('said Amara Osei');
  });

  it('"How much?" after a question about a payment answers with the sum', async () => {
    const { a, b } = await converse('What has the commission asked the states to pay for?', 'How much?');
    expect(a.short_answer).toBeNull();
    expect(b.short_answer).toBe('$12 million');
    expect(b.citations[0]!.paragraph).toBe(6);
  });

  it('works from turns that carry only question and answer (older history), recomputing nothing it cannot', async () => {
    const a = await app.footnote.ask('Where were the talks held?');
    const b = await app.footnote.ask('Which building?', { history: [{ question: a.question, answer: a.answer }] });
    expect(b.answerable).toBe(true);
    expect(b.short_answer).not.toBeNull();
  });

  // Questions of their own, with a pronoun or "there" that reads like a follow-up: the previous
  // turn's words must neither vouch for its paragraph nor sink the paragraph that answers.
  it.each([
    ['Where did the delegations gather?', 'what happened to the shared reserve after it expired', 4],
    ['Where was the first agreement signed?', 'did the farmers lose water allocations there twice', 2],
    ['Who is Amara Osei?', 'why was that agreement not renewed in March', 4],
    ['Who is Amara Osei?', 'what did the farmers downstream say about their allocations', 2],
  ])('after %j, %j is answered from ¶%i, where its own words are', async (first, then, paragraph) => {
    const { b } = await converse(first, then);
    expect(b.answerable).toBe(true);
    expect(b.citations[0]!.paragraph).toBe(paragraph);
  });

  it('a standalone question in a conversation is answered as if asked alone', async () => {
    const alone = await app.footnote.ask('When is the second round of talks planned?');
    const a = await app.footnote.ask('Where were the talks held?');
    const inThread = await app.footnote.ask('When is the second round of talks planned?', { history: [turnOf(a)] });
    expect(inThread.answer).toBe(alone.answer);
    expect(inThread.short_answer).toBe('September');
  });
});

describe('standsAlone: a follow-up with words enough of its own', () => {
  const term = queryTerm;
  it('counts only its own words that the corpus uses', () => {
    expect(standsAlone([term('farmers', 1), term('allocations', 1), term('downstream', 2)])).toBe(true);
    // Borrowed from the turn before, or never used by the corpus: they do not count.
    expect(standsAlone([term('farmers', 1), term('allocations', 1), term('talks', 3, true)])).toBe(false);
    expect(standsAlone([term('farmers', 1), term('allocations', 1), term('wat', 0)])).toBe(false);
  });
});

describe('preferNewAnswer: a follow-up that brings nothing new is declined', () => {
  // "Which stadium?" after "Where were the talks held?": the best quote is another paragraph, rich
  // in the borrowed words ("talks", "held") but holding neither "stadium" nor a new phrase.
  const quote = (paragraph: number): ExtractiveAnswer => ({
    answer: `a quote [¶${paragraph}]`,
    answerable: true,
    citations: [{ doc: 'd', paragraph, quote: 'a quote' }],
    related: [],
    ranking: [],
    support: 0.6,
  });
  const judge = (own: number, fresh: boolean) => ({
    question: 'Which stadium?',
    adds: () => true,
    coverage: (): [number, number] => [own, 0.8],
    ownWords: 1,
    fresh: () => fresh,
  });

  it('even from a paragraph the previous turn did not quote', () => {
    const r = preferNewAnswer(quote(4), [{ doc: 'd', paragraph: 1, quote: 'before' }], () => quote(5), [], judge(0, false));
    expect(r.answerable).toBe(false);
    expect(r.citations).toEqual([]);
    expect(r.answer).toBe(declineText('Which stadium?'));
  });

  it('but answers with the follow-up’s own word, or with a new phrase of the kind it asks for', () => {
    expect(preferNewAnswer(quote(4), [], () => quote(5), [], judge(1, false)).citations[0]!.paragraph).toBe(4);
    expect(preferNewAnswer(quote(4), [], () => quote(5), [], judge(0, true)).citations[0]!.paragraph).toBe(4);
  });
});

describe('follow-up parts', () => {
  const paragraph: Paragraph = {
    doc: 'd',
    n: 2,
    text: 'One. Two. Three.',
    sections: [],
    sentences: [
      { index: 0, text: 'One.', start: 0, end: 4 },
      { index: 1, text: 'Two.', start: 5, end: 9 },
      { index: 2, text: 'Three.', start: 10, end: 16 },
    ],
  };
  const candidate: CandidateParagraph = {
    paragraph,
    bm25: 1,
    denseP: 0.5,
    denseS: 0.5,
    dense: new Map([
      [0, 0.1],
      [1, 0.2],
      [2, 0.3],
    ]),
  };

  it('removes the quoted sentences, keeping each run of the rest as its own candidate with its dense scores', () => {
    const out = withoutQuoted([candidate], [{ doc: 'd', paragraph: 2, quote: 'Two.' }]);
    expect(out.map((c) => c.paragraph.sentences.map((s) => s.text))).toEqual([['One.'], ['Three.']]);
    expect(out.map((c) => [...c.dense.entries()])).toEqual([[[0, 0.1]], [[0, 0.3]]]);
    expect(withoutQuoted([candidate], [{ doc: 'd', paragraph: 9, quote: 'Two.' }])).toEqual([candidate]);
    expect(withoutQuoted([candidate], [{ doc: 'd', paragraph: 2, quote: paragraph.text }])).toEqual([]);
  });

  it('runs a quote that ends inside a quotation on to the sentence where its speaker is named, at most two sentences on', () => {
    const text = '"We will not sign. The terms are unfair. Nobody here wants it," said Ana Ruiz. Talks resumed.';
    const starts = [0, 19, 41, 79];
    const ends = [18, 40, 78, 93];
    const quoted: Paragraph = {
      doc: 'd',
      n: 1,
      text,
      sections: [],
      sentences: starts.map((start, index) => ({ index, start, end: ends[index]!, text: text.slice(start, ends[index]) })),
    };
    const answer = (quote: string) =>
      ({ answer: `${quote} [¶1]`, citations: [{ doc: 'd', paragraph: 1, quote }], answerable: true }) as unknown as ExtractiveAnswer;
    const extended = withSpeaker(answer(text.slice(0, 18)), () => quoted, false);
    expect(extended.citations[0]!.quote).toBe(text.slice(0, 78));
    expect(extended.answer).toBe(`${text.slice(0, 78)} [¶1]`);
    // Already closed: nothing to add.
    expect(withSpeaker(answer(text.slice(0, 78)), () => quoted, false).citations[0]!.quote).toBe(text.slice(0, 78));
  });

  it('knows a repeat of the previous quote, also when it is a part of it', () => {
    const answer = (quote: string) => ({ citations: [{ doc: 'd', paragraph: 2, quote }] }) as unknown as ExtractiveAnswer;
    const previous = [{ doc: 'd', paragraph: 2, quote: 'One. Two.' }];
    expect(repeatsPrevious(answer('Two.'), previous)).toBe(true);
    expect(repeatsPrevious(answer('One. Two. Three.'), previous)).toBe(true);
    expect(repeatsPrevious(answer('Three.'), previous)).toBe(false);
  });

  it('borrows the previous question and answer phrase only when the question leans on them', () => {
    const history: Turn[] = [{ question: 'Where did the board meet?', answer: 'Lyon — … [¶1]', shortAnswer: 'Lyon' }];
    expect(resolveFollowUp('Which building?', history)).toMatchObject({
      query: 'Which building? Where did the board meet? Lyon',
      previous: { known: ['Where did the board meet?', 'Lyon'] },
    });
    expect(resolveFollowUp('When did the harbour board approve the budget?', history)).toEqual({
      query: 'When did the harbour board approve the budget?',
    });
  });

  it('leans on the latest turn it shares a word with, which may be two turns back', () => {
    const history: Turn[] = [
      { question: 'Which depot is the smallest?', answer: 'Ashgrove — … [¶2]', shortAnswer: 'Ashgrove' },
      { question: 'How many buses does the fleet have?', answer: '58 — … [¶3]', shortAnswer: '58' },
    ];
    expect(resolveFollowUp('Going back to the smallest one, when does it close?', history)).toMatchObject({
      context: 'Which depot is the smallest? Ashgrove',
    });
    // Sharing no word with any turn, it leans on the last.
    expect(resolveFollowUp('And when was it bought?', history)).toMatchObject({ context: 'How many buses does the fleet have? 58' });
  });
});

describe('the shipped article, through the interactive shell (the issue’s thread follow-up line)', () => {
  it('a bare kind noun after a where-question answers from the paragraph that names one, leading with it', async () => {
    const app = await createTestApp();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d) => (text += String(d)));
    const done = runShell({ ...app, input, output, interactive: true });
    input.end('Where were the talks held?\nWhich building?\n');
    await done;
    const [, first, second] = text.split('\n> ');
    expect(first).toMatch(/^Kuala Lumpur — .*\[¶1\]/);
    expect(second).toMatch(/^Merdeka 118 — .*\[¶4\]/);
    expect(second).toContain('[¶4] “');
  });
});
