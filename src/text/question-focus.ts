/**
 * The question inside a chatty message: in "hey quick one, which hall hosted the vote" the
 * question is "which hall hosted the vote" and "hey quick one" a lead-in. A lead-in is what
 * comes before a comma, colon, semicolon or dash when the rest opens like an English question
 * (a wh-word or an auxiliary) and the lead-in has no wh-word. Chat often has no punctuation at
 * all ("ok quick q how much …", "hey so who …"): then a lead-in is one to three lower-case words
 * before a wh-word, unless one of them is a preposition, article or conjunction, which ties the
 * wh-word into a phrase of the question ("in which year", "the president of which country").
 *
 * A lead-in is kept, not dropped ("About the budget, who voted against?" needs "budget"), but
 * its words count less, and the kind of question is read from the question proper. Pure grammar:
 * no word here comes from a question set.
 */
const WH = 'who|whom|whose|what|when|where|why|how|which';
const QUESTION_OPENING = new RegExp(`^(?:${WH}|is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\\b`, 'i');
const WH_WORD = new RegExp(`\\b(?:${WH})\\b`, 'i');
const SEPARATOR = /\s*[,:;]\s+|\s+[-–—]+\s+/g;
/** One to three lower-case words, then a wh-word: an unpunctuated lead-in candidate. */
const BARE_LEAD = new RegExp(`^((?:[a-z']+\\s+){1,3}?)(?=(?:${WH})\\b)`);
/** Words that bind a following wh-word into a phrase of the question itself (closed classes). */
const BINDS_WH = new Set([
  ...['of', 'in', 'on', 'at', 'by', 'for', 'from', 'to', 'with', 'about', 'into', 'onto', 'during', 'under'],
  ...['over', 'after', 'before', 'since', 'until', 'between', 'among', 'through', 'against', 'than', 'as'],
  ...['the', 'a', 'an', 'and', 'or', 'but', 'nor'],
]);

export interface FocusedQuestion {
  question: string;
  /** The chatty lead-in before it ('' when there is none). */
  lead: string;
}

export function splitLeadIn(text: string): FocusedQuestion {
  for (const m of text.matchAll(SEPARATOR)) {
    const lead = text.slice(0, m.index);
    if (WH_WORD.test(lead)) break;
    const rest = text.slice(m.index + m[0].length);
    if (QUESTION_OPENING.test(rest)) return { question: rest, lead: lead.trim() };
  }
  const bare = BARE_LEAD.exec(text);
  const words = bare?.[1]?.trim().split(/\s+/) ?? [];
  if (bare && !words.some((w) => WH_WORD.test(w) || BINDS_WH.has(w))) {
    return { question: text.slice(bare[0].length), lead: words.join(' ') };
  }
  return { question: text, lead: '' };
}

/**
 * Verbs that only say that an event is: "where did the vote take place", "when will it happen",
 * "what happened to the shares". They frame the question as its wh-word does. The text that
 * answers says what took place, and where a sentence does say "happens", it is seldom the one
 * asked about ("hoping the summit happens before the floods" for "where is the summit happening").
 */
const EVENT_FRAME = /\b(?:(?:take|takes|took|taken|taking)\s+place|happen(?:s|ed|ing)?|occur(?:s|red|ring)?)\b/gi;

/** The question without its event-framing verbs, for finding what answers it. */
export function withoutEventFrame(question: string): string {
  return question
    .replace(EVENT_FRAME, ' ')
    .replace(/\s+(?=[?!.,;:]|$)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
