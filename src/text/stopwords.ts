import { eng } from 'stopword';

/**
 * English stopwords: the `stopword` package's English list (maintained upstream), plus the
 * closed-class words it leaves out that only frame a question — wh-words, auxiliaries and
 * negators. These say what kind of answer is wanted, not what it is about. Nothing here comes
 * from any question set.
 *
 * Never stopwords: "us", "u" and "may" — "US" the country and "May" the month must match.
 */
const CLOSED_CLASS =
  'when why whom whose whatever whichever does doing done did not no nor so its it itself ' +
  'am is are was were be been being has have had do shall will can could should would ought ' +
  'she her hers herself he him his they them their theirs themselves we our ours ourselves ' +
  'i me my mine myself you your yours yourself yourselves what who which where how';

const NEVER = new Set(['us', 'u', 'may']);

export const STOPWORDS: ReadonlySet<string> = new Set([...(eng as string[]), ...CLOSED_CLASS.split(' ')].filter((w) => !NEVER.has(w)));

/** Contractions: "n't" attaches only to auxiliaries; after "'re", "'ll", "'ve", "'d", "'m", "'s" the word before decides. */
const NEGATED_AUXILIARY = /n't$/;
const CONTRACTION = /'(?:re|ll|ve|d|m|s)$/;

/**
 * Contractions typed without their apostrophe ("whos", "whats", "didnt", "theyre"): only the
 * closed-class stems, and only endings that leave no other English word ("were", "well", "ill",
 * "shell" are never produced: those pronoun and ending pairs are left out).
 */
const BARE_CONTRACTION =
  /^(?:(?:who|what|where|when|why|how|that|there|here)s|(?:do|does|did|is|are|was|were|has|have|had|ca|could|would|should|wo|must)nt|(?:you|they)(?:re|ve|ll|d)|weve|ive|im)$/;

export function isStopword(word: string): boolean {
  if (STOPWORDS.has(word) || BARE_CONTRACTION.test(word)) return true;
  const w = word.replace(/’/g, "'");
  if (NEGATED_AUXILIARY.test(w)) return true;
  const base = w.replace(CONTRACTION, '');
  return base !== w && STOPWORDS.has(base);
}
