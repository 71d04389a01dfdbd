import { stemmer } from 'stemmer';
import { isStopword } from './stopwords.js';

export { isStopword };

/**
 * Word tokens of a text, lowercased. Keeps internal apostrophes, hyphens and dots so that
 * "well-known", "U.K." and "don't" stay whole; `%` and `$` are kept as tokens because numbers
 * with units are often what a question asks for.
 */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  // Accents folded ("fiancée" = "fiancee"): questions are often typed without them.
  for (const m of foldAccents(text.toLowerCase()).matchAll(/[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*\.?|[%$]/gu)) {
    let token = m[0].replace(/’/g, "'");
    // A trailing dot belongs to the token only for initialisms such as "u.k.".
    if (token.endsWith('.') && !/^(?:\p{L}\.){2,}$/u.test(token)) token = token.slice(0, -1);
    out.push(token);
  }
  return out;
}

/**
 * A word as written, a dotted abbreviation with its final dot ("U.S."). Global: for `match`,
 * `matchAll` and `replace` only, which start at the beginning (never `exec` or `test`).
 */
export const CASED_WORD = /[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*\.?/gu;

/** A word as names are compared, its case kept: no dots, no possessive ("U.S." → "US", "Oslo's" → "Oslo"). */
export function casedWord(token: string): string {
  return token.replace(/\./g, '').replace(/['’]s$/u, '');
}

/** Letters without their combining marks (é → e, ø stays): a lossless-enough key for matching. */
export function foldAccents(text: string): string {
  return /[\u0300-\u036f]/.test(text.normalize('NFD'))
    ? text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .normalize('NFC')
    : text;
}

/** Drops a possessive ending: "oslo's" → "oslo". */
export function stripPossessive(token: string): string {
  return token.replace(/'s$/, '');
}

/**
 * Content terms of a text, as stems: the unit of lexical matching (BM25 and answer support).
 * Stopwords are dropped; hyphenated words contribute their parts too.
 */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const raw of wordTokens(text)) {
    const token = stripPossessive(raw);
    if (token === '%') {
      terms.push('percent');
      continue;
    }
    if (token === '$') {
      terms.push('dollar');
      continue;
    }
    const parts = token.includes('-') ? [token, ...token.split('-')] : [token];
    for (const part of parts) {
      const bare = part.replace(/\./g, '');
      if (bare.length === 0 || isStopword(part) || isStopword(bare)) continue;
      terms.push(stemTerm(bare));
    }
  }
  return terms;
}

export function stemTerm(word: string): string {
  return /^\p{N}+$/u.test(word) ? word : stemmer(word);
}

// Derivational endings: "ownership"/"owned" and "percentage"/"percent" share a root that
// Porter stemming leaves apart.
const DERIVATIONAL =
  /^(?:ship|age|ag|ment|ness|iti|ity|ion|ation|al|er|or|ist|ive|li|ly|ic|ical|ing|ed|es|s|enc|anc|ence|ance|is|iz|ise|ize|e){1,2}$/;

/** Whether two stems are the same word up to a derivational ending (the shorter ≥ 3 letters). */
export function sameRoot(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short) && DERIVATIONAL.test(long.slice(short.length));
}
