/**
 * Citation verification for generated text. Pure: text + the passages that were in the prompt in,
 * verified answer out. A marker survives only if it names a paragraph that was in the context AND
 * its claim overlaps that paragraph (see overlap.ts for the threshold); each surviving citation
 * carries the paragraph sentence that best matches the claim, verbatim from `Passage.sentences`.
 */
import type { Citation, Passage } from '../../domain/types.js';
import { claimsOf } from './claims.js';
import { formatMarker, rewriteMarkers, type Marker, type MarkerRef } from '../../text/markers.js';
import { contentKeys, overlap, supports } from './overlap.js';

/** The fixed opening of a decline; the prompts ask for it verbatim so code can detect it. */
export const DECLINE_PHRASE = "The article doesn't say";

export interface VerifiedAnswer {
  /** The text with unsupported markers removed and the rest in the canonical `[¶N]` form. */
  answer: string;
  /** One per cited paragraph, in order of first citation. */
  citations: Citation[];
  /** The text is a decline (starts with DECLINE_PHRASE or a close variant). */
  declined: boolean;
  /** Paragraph references removed: not in the context, or not supported by their claim. */
  droppedMarkers: number;
}

/** True when the text opens with the decline phrase (tolerating quotes, markdown, "does not"). */
export function isDecline(text: string): boolean {
  const opening = text
    .replace(/[’‘]/g, "'")
    .replace(/^[^\p{L}]+/u, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return /^the (article|passages?|text|paragraphs?) (doesn't|does not|don't|do not) (say|mention|state|specify|address|cover)\b/.test(
    opening,
  );
}

interface Candidate {
  citation: Citation;
  /** Cosine of the quote with the claim: which claim's quote a repeated citation keeps. */
  strength: number;
}

/** The sentence of `passage` closest to the claim; the whole text if sentences are missing. */
function bestQuote(passage: Passage, claim: ReadonlySet<string>): Candidate {
  let best: Candidate = { citation: { doc: passage.doc, paragraph: passage.paragraph, quote: passage.text.trim() }, strength: -1 };
  for (const sentence of passage.sentences) {
    const { cosine } = overlap(claim, contentKeys(sentence.text));
    if (cosine > best.strength)
      best = { citation: { doc: passage.doc, paragraph: passage.paragraph, quote: sentence.text }, strength: cosine };
  }
  return best;
}

/**
 * Checks one paragraph reference. With several documents in context a number can be ambiguous:
 * the passage that best supports the claim wins.
 */
function check(ref: MarkerRef, claim: ReadonlySet<string>, passages: readonly Passage[], keys: Map<Passage, Set<string>>) {
  let best: { passage: Passage; coverage: number } | undefined;
  for (const passage of passages) {
    if (passage.paragraph !== ref.paragraph || (ref.doc !== undefined && ref.doc !== passage.doc)) continue;
    const o = overlap(claim, keys.get(passage)!);
    if (supports(o, claim.size) && (!best || o.coverage > best.coverage)) best = { passage, coverage: o.coverage };
  }
  return best && bestQuote(best.passage, claim);
}

export function verifyCitations(text: string, passages: readonly Passage[]): VerifiedAnswer {
  const keys = new Map(passages.map((p) => [p, contentKeys(p.text)] as const));
  const kept = new Map<Marker, Citation[]>();
  const byParagraph = new Map<string, Candidate>();
  let droppedMarkers = 0;

  for (const { marker, claim, sentence } of claimsOf(text)) {
    let claimKeys = contentKeys(claim);
    if (claimKeys.size < 2) claimKeys = contentKeys(sentence);
    const survivors: Citation[] = [];
    for (const ref of marker.refs) {
      const found = check(ref, claimKeys, passages, keys);
      if (!found) {
        droppedMarkers++;
        continue;
      }
      survivors.push(found.citation);
      const id = `${found.citation.doc}\u0000${found.citation.paragraph}`;
      const previous = byParagraph.get(id);
      // Map insertion order = first citation; a stronger quote replaces the value in place.
      if (!previous || found.strength > previous.strength) byParagraph.set(id, found);
    }
    kept.set(marker, survivors);
  }

  const answer = rewriteMarkers(text, [...kept.keys()], (m) => formatMarker(kept.get(m) ?? [], false))
    .replace(/[ \t]+\n/g, '\n')
    .trim();
  return {
    answer,
    citations: [...byParagraph.values()].map((c) => c.citation),
    declined: isDecline(answer),
    droppedMarkers,
  };
}
