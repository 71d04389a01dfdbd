import type { Paragraph } from '../domain/types.js';
import { formatMarker } from '../text/markers.js';
import type { ExtractiveAnswer } from './extractive.js';

/** Sentences a quotation may run on after the quoted window before its speaker is named. */
const MAX_CLOSING_SENTENCES = 2;
const QUOTE_MARKS = /["“”]/g;

const marksBefore = (text: string, end: number) => (text.slice(0, end).match(QUOTE_MARKS) ?? []).length;

/**
 * "Who said that?" about a quotation whose speaker is named where it closes (`"… that. It is the
 * only lever they have," Ruiz said.`): the quote runs on to the sentence that closes the
 * quotation, so the speaker is in what is cited. Other answers are returned as they are.
 */
export function withSpeaker(
  answer: ExtractiveAnswer,
  paragraphOf: (ref: { doc: string; paragraph: number }) => Paragraph | undefined,
  multiDoc: boolean,
): ExtractiveAnswer {
  const c = answer.citations[0];
  const p = c && paragraphOf(c);
  if (!c || !p) return answer;
  const start = p.text.indexOf(c.quote);
  if (start < 0) return answer;
  const end = start + c.quote.length;
  // An even number of quotation marks before the end: no quotation is open there.
  if (marksBefore(p.text, end) % 2 === 0) return answer;
  const after = p.sentences.filter((s) => s.start >= end).slice(0, MAX_CLOSING_SENTENCES);
  const closing = after.find((s) => marksBefore(p.text, s.end) % 2 === 0);
  if (!closing) return answer;
  const citation = { ...c, quote: p.text.slice(start, closing.end) };
  return {
    ...answer,
    citations: [citation, ...answer.citations.slice(1)],
    answer: `${citation.quote} ${formatMarker(citation, multiDoc)}`,
  };
}
