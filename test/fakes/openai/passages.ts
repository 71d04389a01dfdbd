/**
 * Hand-made passages for the LLM tests, independent of the corpus code: the paragraphs of an
 * invented article (test/fixtures/ferry), split into sentences by hand.
 */
import type { Passage, Sentence } from '../../../src/domain/types.js';

export function makePassage(doc: string, paragraph: number, sentences: string[], score = 1): Passage {
  const parts: Sentence[] = [];
  let offset = 0;
  for (const [index, text] of sentences.entries()) {
    parts.push({ index, text, start: offset, end: offset + text.length });
    offset += text.length + 1;
  }
  return { doc, paragraph, text: sentences.join(' '), sections: [], sentences: parts, score };
}

export const DOC = 'port-alder-ferry-strike';

export const WALKOUT = makePassage(DOC, 1, [
  'Ferry crews in Port Alder walked off the job on Saturday, halting all six routes to the Kessin Islands, with a union spokesperson calling the strike "a last resort".',
]);

export const PASSENGERS = makePassage(DOC, 2, [
  'The Harbour Transit Authority, which runs the fleet, said about 9,000 daily passengers would have to find other ways to reach the mainland while talks continue.',
]);

export const FEES = makePassage(DOC, 3, [
  "The walkout began after transit director Miriam Okonkwo threatened a 100% increase in freight fees for island businesses starting on March 1, in retaliation for the union's refusal to accept a new weekend rota.",
]);

export const MEETING = makePassage(DOC, 4, [
  'Union negotiator Tomas Reyes met Okonkwo and port commissioner Alan Pryce on Friday at the Quayside Hall, the oldest building on the waterfront.',
  'Reyes did not comment as he left the meeting.',
]);

export const TALKS = makePassage(DOC, 5, [
  'A spokesperson for the authority said: "We have had constructive talks, and we expect them to resume on Monday."',
  'Island shops reported empty shelves by Sunday evening.',
]);

export const RALLY = makePassage(DOC, 6, [
  'Fishermen, hit by the halt in freight runs, joined the crews at a rally on the pier.',
  'Reyes said the union had no plans to extend the strike to the airport shuttle.',
  '"We want a fair deal, not a long fight," he said.',
]);

export const HISTORY = makePassage(DOC, 7, ['The last strike, in 2019, lasted eleven days and ended with a 5% raise agreed in Lindfield.']);

export const MEDIATOR = makePassage(DOC, 8, ['Pryce said a mediator from the regional labour board would join the talks next week.']);

/** What retrieval would hand the model for a question about the fees: the fees paragraph among others. */
export const PASSAGES: Passage[] = [WALKOUT, FEES, MEETING, TALKS];

export const ALL: Passage[] = [WALKOUT, PASSENGERS, FEES, MEETING, TALKS, RALLY, HISTORY, MEDIATOR];
