import { describe, expect, it } from 'vitest';
import {
  countedMeasure,
  countedNoun,
  countsNoun,
  coarseType,
  expectedAnswerType,
  hasAmount,
  hasAnswerType,
  wantsAmount,
  withoutGiven,
} from '../src/answer/answer-type.js';
import { asksForSpeech, attributesSpeechTo, hasSpeaker, speakersAskedAbout, speaksAnywhere } from '../src/answer/speech.js';
import { fuseRankings, sortByScore } from '../src/retrieval/fusion.js';
import { normalizeQuestion } from '../src/domain/question.js';
import { contentTerms, sameRoot, stemTerm, wordTokens } from '../src/text/tokens.js';
import { correctWord, editDistanceAtMost } from '../src/text/typos.js';
import { splitSentences } from '../src/text/sentences.js';
import { splitSentences as replySentences } from '../src/answer/llm/claims.js';

describe('tokens and terms', () => {
  it('keeps initialisms, hyphenated words and percent signs', () => {
    expect(wordTokens('The U.S. rare-earth curbs, 55% of it.')).toEqual(['the', 'u.s.', 'rare-earth', 'curbs', '55', '%', 'of', 'it']);
  });
  it('drops stopwords and stems content words', () => {
    expect(contentTerms('What did the officials do about tariffs?')).toEqual(['offici', 'tariff']);
    expect(contentTerms('50% of firms')).toEqual(['50', 'percent', 'firm']);
  });
  it('keeps "US" and the month "May" as words, and drops contracted auxiliaries', () => {
    expect(contentTerms("Why didn't the US act in May?")).toEqual(['us', 'act', 'mai']);
    expect(contentTerms("They're sure we'll win")).toEqual(['sure', 'win']);
  });
  it('relates words that differ by a derivational ending', () => {
    expect(sameRoot('own', 'ownership')).toBe(true);
    expect(sameRoot('percent', 'percentag')).toBe(true);
    expect(sameRoot('art', 'articl')).toBe(false);
  });
});

describe('typo correction', () => {
  it('measures edit distance with transpositions', () => {
    expect(editDistanceAtMost('comerce', 'commerce', 1)).toBe(true);
    expect(editDistanceAtMost('swimnig', 'swimming', 2)).toBe(true);
    expect(editDistanceAtMost('budget', 'gadget', 1)).toBe(false);
  });
  it('corrects to the most frequent corpus word within reach, and leaves short words alone', () => {
    const forms = { commerc: 'commerce', comment: 'comment' };
    expect(correctWord('comerce', forms, { commerc: 3, comment: 1 })).toBe('commerce');
    expect(correctWord('cat', forms, { commerc: 3 })).toBeUndefined();
  });
});

describe('answer types', () => {
  it('recognises questions about quantities and times', () => {
    expect(expectedAnswerType('How many firms were added?')).toBe('quantity');
    expect(expectedAnswerType('When does the truce expire?')).toBe('time');
    expect(expectedAnswerType('On what day did the talks end?')).toBe('day');
    expect(expectedAnswerType('In what year was the mill built?')).toBe('year');
    expect(expectedAnswerType('Who is the trade representative?')).toBeUndefined();
    expect(expectedAnswerType('ok so since when have they been meeting')).toBe('time');
  });
  it('reads the kind from the first question word, not from a clause', () => {
    expect(expectedAnswerType('Who led the garrison when the fort fell?')).toBeUndefined();
    expect(expectedAnswerType('What happened when the dam broke?')).toBeUndefined();
    expect(expectedAnswerType('Where did they go when the war began?')).toBe('place');
  });
  it('finds quantities and times in text', () => {
    expect(hasAnswerType('It covers thousands more firms.', 'quantity')).toBe(true);
    expect(hasAnswerType('The talks resume on Sunday.', 'time')).toBe(true);
    expect(hasAnswerType('The talks were constructive.', 'time')).toBe(false);
  });
  it('finds the grain of time "what day" and "what year" ask for: a week names no day, a month no year', () => {
    expect(hasAnswerType('A meeting happens next week.', 'time')).toBe(true);
    expect(hasAnswerType('A meeting happens next week.', 'day')).toBe(false);
    expect(hasAnswerType('They meet next Thursday at the summit.', 'day')).toBe(true);
    expect(hasAnswerType('The truce was due to expire on November 10.', 'day')).toBe(true);
    expect(hasAnswerType('Talks resumed on 5 March.', 'day')).toBe(true);
    expect(hasAnswerType('Four meetings since May.', 'day')).toBe(false);
    expect(hasAnswerType('Four meetings since May.', 'year')).toBe(false);
    expect(hasAnswerType('The mill was built in 1911.', 'year')).toBe(true);
    expect(hasAnswerType('The abbey was sacked in 843, and rebuilt.', 'year')).toBe(true);
    expect(hasAnswerType('Aid reached 300 villages in 120 towns.', 'year')).toBe(false);
    // The grain ranks paragraphs; declining reads the coarse kind, as before.
    expect(coarseType('day')).toBe('time');
    expect(coarseType('year')).toBe('time');
    expect(coarseType('place')).toBe('place');
  });
  it('finds places after a preposition of place, or named before a noun of place', () => {
    expect(hasAnswerType('The ministers met in Vell.', 'place')).toBe(true);
    expect(hasAnswerType('The delegation left the venue, the Corvin 118 tower, at noon.', 'place')).toBe(true);
    expect(hasAnswerType('Boats crowded the Tarn river.', 'place')).toBe(true);
    expect(hasAnswerType('The Senate passed the bill.', 'place')).toBe(false);
  });
  it('does not take what the question states for its answer: its numbers and the names it asks about', () => {
    const unstated = withoutGiven('How tall is the Corvin 118 tower?', ['corvin']);
    expect(hasAnswerType('The delegates left the Corvin 118 tower.', 'quantity')).toBe(true);
    expect(hasAnswerType(unstated('The delegates left the Corvin 118 tower.'), 'quantity')).toBe(false);
    expect(hasAnswerType(unstated('The Corvin 118 tower is 540 metres tall.'), 'quantity')).toBe(true);
    const where = withoutGiven('Where in Vell did they meet?', ['vell']);
    expect(hasAnswerType(where('They met in Vell.'), 'place')).toBe(false);
    expect(hasAnswerType(where('They met in Vell, at the Harbour Exchange.'), 'place')).toBe(true);
    expect(withoutGiven('When did the talks end?', [])('The talks ended in 1998.')).toBe('The talks ended in 1998.');
  });
  it('reads "what <word> rate" as a quantity question, but not "what members share …" (a verb)', () => {
    expect(expectedAnswerType('What tariff rate did Norvalia impose?')).toBe('quantity');
    expect(expectedAnswerType('What total amount was paid?')).toBe('quantity');
    expect(expectedAnswerType('What tariff levels do they want to avoid?')).toBe('quantity');
    expect(expectedAnswerType('What members share the cost?')).toBeUndefined();
    expect(expectedAnswerType('What regional gathering hosts the talks?')).toBeUndefined();
  });
  it('takes no date for an amount: a day of a month and a year after a preposition are times', () => {
    expect(hasAmount('Tariffs start on November 1, the ministry said.')).toBe(false);
    expect(hasAmount('It was founded in May 2019.')).toBe(false);
    expect(hasAmount('Talks resumed on 5 March 2024.')).toBe(false);
    expect(hasAmount('The mill was built in 1911.')).toBe(false);
    expect(hasAmount('Aid reached 300 villages on November 1.')).toBe(true);
    expect(hasAmount('Aid reached villages in 120 towns.')).toBe(true);
    // A fraction is an amount.
    expect(hasAmount('The army soon held more than a third of the island.')).toBe(true);
    expect(hasAmount('Two-thirds of voters backed it.')).toBe(true);
    // The broad reading the fitted weights know takes any digit.
    expect(hasAnswerType('Tariffs start on November 1.', 'quantity')).toBe(true);
  });
  it('wants an amount for a count, a rate or a size, not for a duration a date can give', () => {
    expect(wantsAmount('How many ferries were seized?')).toBe(true);
    expect(wantsAmount('ok so what tariff rate did they set')).toBe(true);
    expect(wantsAmount('How long has Ruiz led the port?')).toBe(false);
    expect(wantsAmount('When did the strike start?')).toBe(false);
  });
  it('reads the measure a "how many X of Y" question counts in, and finds it counted, in compounds too', () => {
    expect(countedMeasure('how many tons of grain did they buy')).toBe('tons');
    expect(countedMeasure('How many square kilometres does the lake cover?')).toBe('kilometres');
    expect(countedMeasure('How many barrels of US oil were stored?')).toBe('barrels');
    expect(countedMeasure('How many of the workers struck?')).toBeUndefined();
    expect(countedMeasure('How many ships of their fleet sank?')).toBeUndefined();
    expect(countedMeasure('How many ships arrived?')).toBeUndefined();
    expect(countsNoun('The three officials met.', stemTerm('tons'))).toBe(false);
    expect(countsNoun('They bought 12 million tons of grain.', stemTerm('tons'))).toBe(true);
    expect(countsNoun('A 12-member council voted.', stemTerm('members'))).toBe(false);
    expect(countsNoun('A 12-member council voted.', stemTerm('members'), true)).toBe(true);
  });
  it('takes a given number with its percent sign: "100%" in the question is not answered by "100%"', () => {
    const unstated = withoutGiven('What rate did Vell set in answer to the 100% tariff?', ['vell']);
    expect(hasAmount(unstated('Norvalia threatened 100% tariffs on November 1.'))).toBe(false);
    expect(hasAmount(unstated('Vell set a 40 percent tariff in answer to the 100 percent one.'))).toBe(true);
    expect(hasAnswerType(withoutGiven('What did the 100 percent tariff do?', [])('A 100 percent tariff.'), 'quantity')).toBe(false);
  });
  it('finds old years and centuries, not counts after a preposition', () => {
    expect(hasAnswerType('The abbey was sacked in 843, and rebuilt.', 'time')).toBe(true);
    expect(hasAnswerType('They ruled the valley in the 9th and 10th centuries.', 'time')).toBe(true);
    expect(hasAnswerType('Aid reached 300 villages in 120 towns.', 'time')).toBe(false);
    expect(hasAnswerType('Turnout rose by 450 percent.', 'time')).toBe(false);
  });
  it('finds the names of the one a "what did X say" question asks about', () => {
    const ask = speakersAskedAbout;
    expect(ask('What has Okafor told reporters?', ['okafor'])).toEqual({ names: ['okafor'], role: [] });
    expect(ask('What did President Ruiz say?', ['president', 'ruiz'])).toEqual({ names: ['president', 'ruiz'], role: [] });
    // A role of a name: that role must speak where the name is.
    expect(ask('What did the mayor of Tarn say about Vell?', ['tarn', 'vell'])).toEqual({ names: ['tarn'], role: ['mayor', 'mayors'] });
    expect(ask("What did Tarn's prime minister say?", ['tarn'])).toEqual({ names: ['tarn'], role: ['minister', 'ministers'] });
    expect(ask('How much do Norvalian officials say it costs?', ['norvalian'])).toBeUndefined();
    expect(ask('What did the board say?', [])).toBeUndefined();
  });
  it('hears a role of a name only where the paragraph names both', () => {
    const tarnMayor = { names: ['tarn'], role: ['mayor', 'mayors'] };
    expect(speaksAnywhere(['Ships left Tarn at dawn. The mayor said the port would reopen.'], tarnMayor)).toBe(true);
    // Someone else speaks beside Tarn; a mayor speaks where Tarn is not named.
    expect(
      speaksAnywhere(['She left for Tarn. Aboard the ship, she told reporters little.', 'The mayor of Vell said no.'], tarnMayor),
    ).toBe(false);
    expect(speaksAnywhere(['She left for Tarn. Aboard the ship, she told reporters little.'], { names: ['tarn'], role: [] })).toBe(true);
  });
  it('recognises speech questions and attribution to a named person', () => {
    expect(asksForSpeech('What did Varga say about the harbour fees?')).toBe(true);
    expect(attributesSpeechTo('"The fees are fair," Varga said.', ['Varga'])).toBe(true);
    expect(attributesSpeechTo('"Nobody pays twice," said Varga, a port official.', ['varga'])).toBe(true);
    // "said X" without a quotation before it reports others speaking about X.
    expect(attributesSpeechTo('Analysts said Varga must cut the fees.', ['varga'])).toBe(false);
    expect(attributesSpeechTo('Varga arrived late.', ['Varga'])).toBe(false);
  });
  it('reads "he said" as the speech of someone named before it, not after', () => {
    expect(hasSpeaker('Varga left early. On the ferry, she told reporters the fees would stay.', ['varga'])).toBe(true);
    expect(hasSpeaker('He said the fees would stay, and that he had a lot to discuss with Mayor Varga.', ['varga'])).toBe(false);
  });
  it('reads "what is X called" as asking for a name, not for speech', () => {
    expect(asksForSpeech("What's the storm called?")).toBe(false);
    expect(asksForSpeech('What was the new bridge called')).toBe(false);
    expect(asksForSpeech('What did the mayor call the plan?')).toBe(true);
  });
  it('finds the noun a "how many" question counts, and a number right before it in a text', () => {
    expect(countedNoun('How many firefighters are working the blaze?')).toBe('firefighters');
    expect(countedNoun('how many of the ships were stuck')).toBe('ships');
    expect(countedNoun('How much did it cost?')).toBeUndefined();
    const stem = stemTerm('firefighters');
    expect(countsNoun('More than 850 firefighters were assigned.', stem)).toBe(true);
    expect(countsNoun('About two hundred volunteer firefighters came.', stem)).toBe(true);
    expect(countsNoun('It pays 75 percent of eligible firefighting costs.', stemTerm('ships'))).toBe(false);
    expect(countsNoun('Firefighters arrived at 9, then 40 more trucks.', stem)).toBe(false);
  });
});

describe('rank fusion', () => {
  it('rewards agreement between retrievers and respects weights', () => {
    const scores = fuseRankings([
      { ids: [1, 2, 3], weight: 1 },
      { ids: [2, 1, 4], weight: 1 },
      { ids: [4], weight: 0.1 },
    ]);
    const ranked = sortByScore(scores).map((r) => r.id);
    // 1 and 2 tie (ids break ties); 4 beats 3 thanks to the weak third list.
    expect(ranked).toEqual([1, 2, 4, 3]);
    expect(scores.get(1)).toBeCloseTo(scores.get(2)!, 10);
  });
  it('counts an id once per list, at its best rank', () => {
    const scores = fuseRankings([{ ids: [7, 7, 7], weight: 1 }], 10);
    expect(scores.get(7)).toBeCloseTo(1 / 11, 10);
  });
});

describe('question normalisation', () => {
  it('removes mentions, zero-width and bidi characters', () => {
    expect(normalizeQuestion('<@&123456789012345678> hi\u202E there\u200B @here')).toBe('hi there');
  });
});

describe('answer kinds', () => {
  it('finds the noun that names the kind of answer', async () => {
    const { answerKindTerms } = await import('../src/answer/answer-type.js');
    expect([...answerKindTerms('Which city hosted the talks?')]).toEqual([['city', 'place']]);
    expect([...answerKindTerms('On what day did it end?')]).toEqual([['day', 'time']]);
    expect([...answerKindTerms('What did Trump say?')]).toEqual([]);
  });

  it('knows the noun by its stem when it is typed as another form or misspelt', async () => {
    const { answerKindTerms } = await import('../src/answer/answer-type.js');
    expect([...answerKindTerms('what countrys is she visiting')]).toEqual([['countrys', 'place']]);
    expect([...answerKindTerms('Which years were the driest?')]).toEqual([['years', 'time']]);
  });
});

describe('one sentence splitter for articles and model replies', () => {
  it('keeps ordinal days whole only when asked (replies), and strips headings only from articles', () => {
    const text = 'The fee rises on page 12. The board meets on 1. März next year.';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['The fee rises on page 12.', 'The board meets on 1.', 'März next year.']);
    expect(splitSentences(text, { ordinalDays: true }).map((s) => s.text)).toEqual([
      'The fee rises on page 12. The board meets on 1. März next year.',
    ]);
    const headed = 'TALKING POINTS The officials met.';
    expect(splitSentences(headed)[0]).toMatchObject({ text: 'The officials met.', heading: 'TALKING POINTS' });
    expect(splitSentences(headed, { headings: false })[0]!.text).toBe(headed);
  });

  it('splits a reply line by line, and before a sentence that opens with a bare ¶ marker', () => {
    const reply = 'Okay, the user asks about fees. ¶3 says 100%.\n- Fees rose [¶3].';
    expect(replySentences(reply).map((s) => reply.slice(s.start, s.end))).toEqual([
      'Okay, the user asks about fees.',
      '¶3 says 100%.',
      '- Fees rose [¶3].',
    ]);
  });
});
