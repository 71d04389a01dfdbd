/**
 * Splits a generated answer into sentences and gives each its citation markers. Pure.
 * A marker belongs to the sentence it closes: "A rose [¶1]." and "A rose. [¶1]" both cite ¶1
 * for "A rose". Within a sentence each marker also gets its own segment, the text back to the
 * previous marker, so in "A rose [¶1] and B fell [¶3]." ¶3 is checked against "and B fell".
 * Markdown stays in the text; list items, headings and lines are sentences of their own.
 */
import type { Marker } from '../../text/markers.js';
import { splitSentences as splitText } from '../../text/sentences.js';

export interface Span {
  start: number;
  end: number;
}

export interface AnswerSentence extends Span {
  /** The sentence without markers, Markdown kept. */
  text: string;
  /** The sentence without markers, Markdown decoration or "paragraph 3" references: what is checked. */
  claim: string;
  markers: Marker[];
  /** Per marker: it is the subject of the sentence ("¶3 says …") and stays in its text. */
  inline: boolean[];
  /** Per marker, the claim text it stands for (markers removed). */
  segments: string[];
  /** A heading, or a short line introducing what follows ("Here is what it says:"). */
  structural: boolean;
}

/**
 * Sentence spans of `text`, trimmed: the article's splitter (text/sentences.ts) line by line,
 * since newlines always end a sentence in a reply (lists, headings, paragraphs), with ordinal
 * days ("1. März") kept whole and no heading stripped.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    for (const s of splitText(line, { headings: false, ordinalDays: true })) {
      // A sentence may open with a bare marker ("… fees. ¶3 says …"), which the segmenter keeps
      // with the sentence before (its rule for "e.g. 3 cats"): split there too.
      let start = s.start;
      for (const m of line.slice(s.start, s.end).matchAll(/[.!?。！？]["'”’)\]]*\s+(?=¶)/g)) {
        const end = s.start + m.index + m[0].trimEnd().length;
        spans.push({ start: offset + start, end: offset + end });
        start = s.start + m.index + m[0].length;
      }
      spans.push({ start: offset + start, end: offset + s.end });
    }
    offset += line.length + 1;
  }
  return spans;
}

/** The words of a line without Markdown decoration: bullets, heading marks, emphasis, code ticks. */
export function plainClaim(text: string): string {
  return text
    .replace(/^\s*(?:#{1,6}\s+|>\s*|[-*+•]\s+|\d{1,2}[.)]\s+)+/, '')
    .replace(/\*\*|__|`+|~~/g, '')
    .replace(/(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=[\s).,;:!?]|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

// "according to paragraph 3": a reference to the article, not a number the article states.
const PROSE_REF = /(?:\b(?:paragraphs?|passages?)\s+|¶{1,2}\s*)\d{1,4}(?:\s*(?:,|and|&)\s*\d{1,4})*/gi;

const isHeading = (line: string) => /^\s*#{1,6}\s/.test(line) || /^\s*(?:\*\*|__)[^*_]{1,80}(?:\*\*|__)\s*:?\s*$/.test(line);

export function sentencesOf(text: string, markers: readonly Marker[]): AnswerSentence[] {
  // The text without markers, with a map back to positions in `text`.
  let clean = '';
  const origin: number[] = [];
  const positions: number[] = [];
  let cursor = 0;
  const copy = (to: number) => {
    for (let i = cursor; i < to; i++) {
      origin.push(i);
      clean += text[i];
    }
  };
  // A bare "¶3 says …" is the subject of its sentence, not the close of the one before: it stays in the text.
  const subject = markers.map((m) => /^¶/.test(text.slice(m.start, m.end)) && /^\s+\p{Ll}/u.test(text.slice(m.end)));
  markers.forEach((m, i) => {
    copy(m.start);
    if (subject[i]) {
      positions.push(clean.length);
      cursor = m.start;
      copy(m.end);
      cursor = m.end;
      return;
    }
    // Spaces before a marker belong to it: "rose [¶1]." reads "rose." without it.
    while (clean.endsWith(' ') || clean.endsWith('\t')) {
      clean = clean.slice(0, -1);
      origin.pop();
    }
    positions.push(clean.length);
    cursor = m.end;
  });
  copy(text.length);
  origin.push(text.length);

  const spans = splitSentences(clean);
  const owner = markers.map((m, i) => {
    if (subject[i]) return spans.findIndex((s) => s.start <= positions[i]! && positions[i]! < s.end);
    let q = positions[i]!;
    while (q > 0 && /\s/.test(clean[q - 1]!)) q--;
    const index = spans.findIndex((s) => s.start < q && q <= s.end);
    return index >= 0 ? index : q === 0 ? 0 : spans.findLastIndex((s) => s.start < q);
  });

  return spans.map((span, index) => {
    const own = markers.flatMap((m, i) => (owner[i] === index ? [{ m, q: positions[i]!, inline: subject[i]! }] : []));
    const sentence = clean.slice(span.start, span.end);
    const segments = own.map(({ q }, k) => {
      const from = k > 0 ? Math.max(span.start, own[k - 1]!.q) : span.start;
      const piece = plainClaim(clean.slice(from, Math.max(from, Math.min(q, span.end))).replace(PROSE_REF, 'paragraph'));
      return piece.split(/\s+/).length >= 3 ? piece : plainClaim(sentence);
    });
    const end = Math.max(origin[span.end - 1]! + 1, ...own.map(({ m }) => m.end));
    const claim = plainClaim(sentence.replace(PROSE_REF, 'paragraph'));
    const structural = isHeading(sentence) || (/:\s*$/.test(claim) && claim.split(/\s+/).length <= 12);
    const inline = own.map((o) => o.inline);
    return { start: origin[span.start]!, end, text: sentence, claim, markers: own.map(({ m }) => m), inline, segments, structural };
  });
}
