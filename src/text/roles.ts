import type { NameParts } from './names.js';
import { foldAccents, isStopword, stemTerm } from './tokens.js';
import { ownValue } from '../domain/records.js';

/**
 * The roles a corpus gives its people where it first names them in full ("Vice Premier He Wen",
 * "top trade negotiator Ana Ruiz"), by the stems of the role's words: the stems of the names
 * the corpus calls the holder by. News names a person once with the role and later by surname
 * alone ("Ruiz's first meeting with He …"): a question about "the vice premier" is answered there.
 */
export type RoleHolders = ReadonlyMap<string, readonly string[]>;

/** Words before a full name that make its role: "U.S. Treasury Secretary", "top trade negotiator". */
const ROLE_WORDS = 3;
const CAPITAL = /^\p{Lu}/u;
// A word, or a mark that ends a run of role words (a comma, a bracket, a quotation mark).
const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** A name's word as `NameParts` keeps it: a small word ("He") as written, any other by its stem. */
const nameStem = (word: string) => (isStopword(word.toLowerCase()) ? word : stemTerm(word.toLowerCase()));

export function roleHoldersIn(texts: readonly string[], parts: NameParts | undefined): RoleHolders {
  const holders = new Map<string, Set<string>>();
  if (!parts || Object.keys(parts).length === 0) return new Map();
  const partOf = (a: string, b: string) => ownValue(parts, a)?.includes(b) ?? false;
  for (const text of texts) {
    const tokens = foldAccents(text).match(TOKEN) ?? [];
    for (let i = 1; i + 1 < tokens.length; i++) {
      // A full name, in either order ("Ana Ruiz", "He Wen"): two capitalised words (checked
      // first, since stemming every word of a long corpus is most of the cost).
      if (!CAPITAL.test(tokens[i]!) || !CAPITAL.test(tokens[i + 1]!)) continue;
      const [a, b] = [nameStem(tokens[i]!), nameStem(tokens[i + 1]!)];
      if (!(partOf(a, b) || partOf(b, a))) continue;
      for (const word of roleBefore(tokens, i)) for (const stem of [a, b]) holders.set(word, (holders.get(word) ?? new Set()).add(stem));
    }
  }
  return new Map([...holders].map(([role, names]) => [role, [...names].sort()]));
}

/** The stems of up to three content words right before position `at`, up to a mark, a small word or a possessive. */
function roleBefore(tokens: string[], at: number): string[] {
  const out: string[] = [];
  for (let j = at - 1; j >= 0 && out.length < ROLE_WORDS; j--) {
    const word = tokens[j]!;
    if (!/^\p{L}/u.test(word) || /['’]s$/u.test(word) || isStopword(word.toLowerCase())) break;
    out.push(stemTerm(word.toLowerCase()));
  }
  return out;
}
