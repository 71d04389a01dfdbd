/** Small hand-made passages for the LLM tests (independent of the corpus code). */
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

export const DOC = 'us-china-trade-talks';

export const TALKS = makePassage(DOC, 1, [
  'Top economic officials from the U.S. and China ended their first day of talks in Kuala Lumpur on Saturday.',
  'A Treasury spokesperson described the talks as "very constructive".',
]);

export const TARIFFS = makePassage(DOC, 3, [
  'The talks will chart a path forward after Trump threatened new 100% tariffs on Chinese goods starting on November 1.',
  "The threat was retaliation for China's vastly expanded export controls on rare earth magnets and minerals.",
]);

export const TOWER = makePassage(DOC, 4, [
  'He Lifeng smiled and waved to reporters but did not comment as the Chinese delegation left the venue.',
  'The venue was the Merdeka 118 tower, the second-tallest building in the world.',
]);

export const PASSAGES: Passage[] = [TALKS, TARIFFS, TOWER];
