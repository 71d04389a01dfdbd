/**
 * What a sentence affirms: the sentence without its denied clauses. A negation ("not", "never",
 * "no", "n't") denies the rest of its clause, up to the next comma, semicolon, colon or full
 * stop: "The minister added she has no plans to visit Pellin" affirms nothing about a visit, and
 * must not answer "Which countries is the minister visiting?", while "She waved but did not
 * comment" still affirms the wave.
 */
const CUE = String.raw`\b(?:not|never|no|neither|nor)\b|\b\p{L}+n['’]t\b`;
const DENIED_CLAUSE = new RegExp(`(?:${CUE})[^,;:.!?]*`, 'giu');
const NEGATION = new RegExp(CUE, 'iu');

const YES_NO_QUESTION = /^\s*(?:did|does|do|is|are|was|were|has|have|had|can|could|will|would|should|may|might)\b/i;

function isNegated(text: string): boolean {
  return NEGATION.test(text);
}

/**
 * Whether a question is answered by what sentences affirm only. Not when it denies something
 * itself ("Which firms did not sign?"), nor when it asks yes or no: "Did the government pay a
 * subsidy?" is answered by "the government had not offered any subsidy".
 */
export function wantsAffirmed(question: string): boolean {
  return !isNegated(question) && !YES_NO_QUESTION.test(question);
}

export function affirmedPart(text: string): string {
  return text.replace(DENIED_CLAUSE, ' ');
}
