/**
 * A model reply, read the way people read it. Pure. Reasoning is removed; a reply that is just
 * the decline token is a decline, whatever language the question was in; a "Sources:" list the
 * model appended is removed (footnote renders its own) but the paragraphs it names are kept as
 * candidates for sentences that carry no marker of their own.
 */
import { findMarkers, type Marker, type MarkerRef } from '../../text/markers.js';
import { sentencesOf } from './claims.js';
import { stripReasoning, visibleSoFar } from './reasoning.js';

/** What the prompts ask a model to write when the passages do not answer the question. */
export const DECLINE_TOKEN = 'NONE';

export interface ParsedReply {
  /** The reply as the model wrote it. */
  raw: string;
  /** The answer: no reasoning, no sources list of the model's own, markers as written. */
  text: string;
  /** Every marker of `text`, in order. */
  markers: Marker[];
  /** Paragraphs the model's own sources list named. */
  listed: MarkerRef[];
  declined: boolean;
  /** The reply had a reasoning block. */
  reasoned: boolean;
  /** The reply was cut off inside its reasoning: there is no answer in it. */
  unfinished: boolean;
}

// "Sources:", "**References**", "### Sources", "Citations:" (and a few languages' words for them).
const HEADING_WORDS = ['sources', 'source', 'references', 'reference', 'citations', 'citation', 'quellen', 'fuentes', 'références'];
const SOURCES_HEADING = new RegExp(
  String.raw`^[ \t>]*(?:#{1,6}[ \t]*)?(?:[*_]{1,2})?[ \t]*(?:${HEADING_WORDS.join('|')}|cited (?:paragraphs?|passages?)|supporting (?:paragraphs?|passages?))[ \t]*(?:[*_]{1,2})?[ \t]*:?[ \t]*(?:[*_]{1,2})?(.*)$`,
  'gim',
);
const RULE = /\n[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$/;
// "paragraph 3" written in prose (no brackets): a reference, though not a marker to rewrite.
const PROSE_REF = /\b(?:paragraphs?|passages?)\s+(\d{1,4})\b/gi;

/** Paragraph references in a piece of text: its markers, and "paragraph N" in prose. */
export function refsIn(text: string): MarkerRef[] {
  const refs = findMarkers(text).flatMap((m) => m.refs);
  for (const m of text.matchAll(PROSE_REF)) refs.push({ paragraph: Number(m[1]) });
  return refs;
}

/** Everything after the model's sources heading, if the reply has one, and what it names. */
function splitSources(text: string): { body: string; listed: MarkerRef[] } {
  for (const m of text.matchAll(SOURCES_HEADING)) {
    // A list heading that opens the reply is not a list at the end of an answer.
    if (m.index === 0) continue;
    const rest = text.slice(m.index);
    const listed = refsIn(rest);
    // Only a list that names paragraphs (or quotes them) is the model's own sources list.
    if (listed.length === 0 && !/["“]/.test(rest)) continue;
    return { body: text.slice(0, m.index).replace(RULE, '').trimEnd(), listed };
  }
  return { body: text, listed: [] };
}

/** The reply is the decline token, maybe dressed in Markdown or punctuation ("**NONE**", "NONE."). */
export function isDeclineToken(text: string): boolean {
  const bare = text.replace(/[\s*_`"'“”.!:()[\]-]+/g, ' ').trim();
  if (bare.toUpperCase() === DECLINE_TOKEN) return true;
  // "NONE — the passages only cover …": the token first, in capitals, then an aside without citations.
  return new RegExp(`^${DECLINE_TOKEN}\\b`).test(bare) && findMarkers(text).length === 0;
}

/** An English decline written out instead of the token; older prompts asked for this phrase. */
export function isWrittenDecline(text: string): boolean {
  const opening = text
    .replace(/[’‘]/g, "'")
    .replace(/^[^\p{L}]+/u, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return /^the (article|passages?|text|paragraphs?) (doesn't|does not|don't|do not) (say|mention|state|specify|address|cover)\b/.test(
    opening,
  );
}

export function parseReply(raw: string): ParsedReply {
  const { text: answer, reasoned, unclosed } = stripReasoning(raw);
  const { body, listed } = splitSources(answer);
  const text = body.trim();
  const declined = text !== '' && (isDeclineToken(text) || (isWrittenDecline(text) && findMarkers(text).length === 0));
  return { raw, text, markers: findMarkers(text), listed, declined, reasoned, unfinished: unclosed && text === '' };
}

/**
 * The part of a streamed draft worth showing: after any reasoning, before a sources list, and
 * only once it has cited something — so a decline token, or thinking the template opened
 * without a tag, is not streamed to people before it can be recognised.
 */
export function streamableDraft(draft: string): string {
  let body = visibleSoFar(draft);
  // A sources heading ends what is shown, even before the list under it has arrived…
  const heading = [...body.matchAll(SOURCES_HEADING)].find((m) => m.index > 0);
  if (heading) body = body.slice(0, heading.index);
  // …and so does a last line that may be starting one ("**", "**Sou").
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  const opening = lastLine.replace(/[\s*_`#>~-]+/g, '').toLowerCase();
  const undecided = opening === '' ? lastLine.trim() !== '' : HEADING_WORDS.some((w) => w.startsWith(opening));
  if (body.includes('\n') && undecided) body = body.slice(0, body.length - lastLine.length);
  // Thinking the template opened without a tag reads like prose; an answer cites in its first statement.
  const first = sentencesOf(body, findMarkers(body)).find((s) => !s.structural);
  return first && first.markers.length > 0 ? body.trimEnd() : '';
}
