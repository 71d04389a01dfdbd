/**
 * The question inside a chatty message: in "hey quick one, which hall hosted the vote" the
 * question is "which hall hosted the vote" and "hey quick one" a lead-in. A lead-in is what
 * comes before a comma, colon, semicolon or dash when the rest opens like an English question
 * (a wh-word or an auxiliary) and the lead-in has no wh-word. It is kept, not dropped ("About
 * the budget, who voted against?" needs "budget"), but its words count less, and the kind of
 * question is read from the question proper. Pure grammar: no word here comes from a question set.
 */
const QUESTION_OPENING =
  /^(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b/i;
const WH_WORD = /\b(?:who|whom|whose|what|when|where|why|how|which)\b/i;
const SEPARATOR = /\s*[,:;]\s+|\s+[-–—]+\s+/g;

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
  return { question: text, lead: '' };
}
