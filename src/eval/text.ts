/**
 * Text matching shared by the checks. The normalisation is the independent scorer's
 * (shared/eval/score.mjs): lower case, curly quotes straightened, the Unicode dashes
 * U+2010–U+2015 turned into "-", whitespace runs collapsed to one space.
 */
import type { Fact } from './types.js';

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ');
}

/** A fact is present when any of its alternatives is a substring of the normalised text. */
export function hasFact(text: string, fact: Fact): boolean {
  const haystack = normalizeText(text);
  return fact.some((alt) => haystack.includes(normalizeText(alt)));
}

const ELLIPSIS = /\[(?:\.\.\.|…)\]|\.\.\.|…/;
const EDGE = /^["'\s…]+|["'\s…]+$/g;

/**
 * Whether `quote` is verbatim text of `paragraph`, up to normalisation and elisions: the quote is
 * split at ellipses and each piece must occur in the paragraph, in order. This is stricter than the
 * scorer (which only asks for the quote's words in order) on purpose: a "quote" whose words are
 * scattered across the paragraph without an ellipsis is a misquote, the complaint citations exist
 * to prevent. Surrounding quotation marks are ignored. An empty quote is not valid.
 */
export function quoteInParagraph(quote: string, paragraph: string): boolean {
  const text = normalizeText(paragraph);
  const pieces = normalizeText(quote)
    .split(ELLIPSIS)
    .map((piece) => piece.replace(EDGE, '').trim())
    .filter(Boolean);
  if (pieces.length === 0) return false;
  let at = 0;
  for (const piece of pieces) {
    const found = text.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}
