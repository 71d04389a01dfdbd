import type { Turn } from '../domain/types.js';
import { contentTerms } from '../text/tokens.js';

// Words that point back at something said earlier in a conversation.
const BACK_REFERENCES =
  /\b(he|she|it|they|them|his|her|hers|its|their|theirs|him|this|that|these|those|there|then|the same|what about|how about|and)\b/i;

/**
 * Without a model, a follow-up is made standalone by adding the previous question to it when it
 * leans on earlier turns (a pronoun, "what about …", or hardly any content words of its own).
 * Returns the text to retrieve with and the part that came from history.
 */
export function resolveFollowUp(question: string, history: Turn[]): { query: string; context?: string } {
  const last = history[history.length - 1];
  if (!last) return { query: question };
  const ownTerms = contentTerms(question).length;
  if (!BACK_REFERENCES.test(question) && ownTerms >= 2) return { query: question };
  return { query: `${question} ${last.question}`, context: last.question };
}
