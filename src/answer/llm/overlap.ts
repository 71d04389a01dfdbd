/**
 * Lexical overlap between a claim and a paragraph, the evidence test for citations. Pure.
 * Words are lowercased, stopwords dropped, then reduced to a key: the Porter stem cut to
 * KEY_LENGTH characters, so "described"/"describing" and "economy"/"economic" meet while the key
 * stays specific. Numbers are kept whole: "100%" and "2025" are strong evidence.
 */
import { stemmer } from 'stemmer';
import { isStopword } from '../../text/stopwords.js';

const KEY_LENGTH = 6;

/**
 * A claim is supported by a paragraph when they share at least MIN_SHARED content words (or all
 * of the claim's, if it has fewer) AND those cover at least MIN_COVERAGE of the claim's content
 * words. The coverage floor is low on purpose: a sentence that combines two paragraphs cites
 * both, and each covers only its half; an invented or misplaced citation typically shares one
 * incidental word or none.
 */
export const SUPPORT_THRESHOLD = { minShared: 2, minCoverage: 0.25 } as const;

// The vocabulary of talking *about* an article, which any paragraph "shares"; function words
// come from the one stopword list.
const META_WORDS = new Set(
  'article articles paragraph paragraphs passage passages according say says said stated notes noted mentions mentioned'.split(' '),
);
const ignored = (word: string) => isStopword(word) || META_WORDS.has(word);

export function keyOf(word: string): string {
  return /^\d/.test(word) ? word : stemmer(word).slice(0, KEY_LENGTH);
}

/** The set of content-word keys of a text. */
export function contentKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const raw of text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []) {
    const word = raw.replace(/'s$/, '');
    if (ignored(raw) || ignored(word)) continue;
    if (word.length < 2 && !/^\d/.test(word)) continue;
    keys.add(keyOf(word));
  }
  return keys;
}

export interface Overlap {
  shared: number;
  /** shared / |claim keys|. */
  coverage: number;
  /** shared / sqrt(|claim| · |other|): prefers focused sentences when choosing a quote. */
  cosine: number;
}

export function overlap(claim: ReadonlySet<string>, other: ReadonlySet<string>): Overlap {
  let shared = 0;
  for (const key of claim) if (other.has(key)) shared++;
  const coverage = claim.size === 0 ? 0 : shared / claim.size;
  const cosine = claim.size === 0 || other.size === 0 ? 0 : shared / Math.sqrt(claim.size * other.size);
  return { shared, coverage, cosine };
}

export function supports(o: Overlap, claimSize: number): boolean {
  return claimSize > 0 && o.shared >= Math.min(SUPPORT_THRESHOLD.minShared, claimSize) && o.coverage >= SUPPORT_THRESHOLD.minCoverage;
}
