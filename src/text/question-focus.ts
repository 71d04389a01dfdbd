/**
 * The question inside a chatty message: "ok quick one, which building hosted the talks" asks
 * "which building hosted the talks". A lead-in clause before a comma, colon, semicolon or dash
 * is dropped when the rest opens like an English question (a wh-word or an auxiliary) and the
 * lead-in does not. Pure grammar: no word here comes from any question set.
 */
const QUESTION_OPENING =
  /^(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b/i;
const WH_WORD = /\b(?:who|whom|whose|what|when|where|why|how|which)\b/i;

export function focusQuestion(question: string): string {
  const parts = question.split(/\s*[,:;]\s+|\s+[-–—]+\s+/);
  if (parts.length < 2) return question;
  for (let i = 1; i < parts.length; i++) {
    const lead = parts.slice(0, i).join(' ');
    if (WH_WORD.test(lead)) return question;
    if (QUESTION_OPENING.test(parts[i]!)) {
      const at = question.indexOf(parts[i]!, lead.length);
      return at > 0 ? question.slice(at) : question;
    }
  }
  return question;
}
