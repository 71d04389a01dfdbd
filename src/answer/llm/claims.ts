/**
 * Splits generated text into sentences and assigns each citation marker the claim it stands for.
 * Pure. A marker belongs to the text before it, within its sentence, back to the previous marker,
 * so in "A rose [¶1] and B fell [¶3]." ¶3 is checked against "and B fell" only; when that piece is
 * too short to judge ("Yes [¶2].") the whole sentence is used. A marker placed after the full stop
 * ("A rose. [¶1]") belongs to the sentence it follows.
 */
import { findMarkers, type Marker } from '../../text/markers.js';

export interface Span {
  start: number;
  end: number;
}

export interface MarkerClaim {
  marker: Marker;
  /** The claim text (markers removed) the marker is checked against. */
  claim: string;
  /** The whole sentence, a fallback when `claim` carries too few content words. */
  sentence: string;
}

const ABBREVIATIONS = new Set(
  'mr mrs ms dr st jr sr vs etc inc co corp ltd gen sen rep gov prof lt col sgt no jan feb mar apr jun jul aug sep sept oct nov dec approx est'.split(
    ' ',
  ),
);

function endsWithAbbreviation(before: string): boolean {
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  const bare = word.replace(/\.+$/, '').toLowerCase();
  // "U.S", "e.g": letters joined by dots; "A" alone is an initial.
  return ABBREVIATIONS.has(bare) || /^(\p{L}\.)+\p{L}$/u.test(bare) || /^\p{L}$/u.test(bare);
}

/** Sentence spans of `text`, trimmed. Newlines always end a sentence (bullet lists, paragraphs). */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end);
    const lead = piece.length - piece.trimStart().length;
    const trail = piece.length - piece.trimEnd().length;
    if (piece.trim()) spans.push({ start: start + lead, end: end - trail });
    start = end;
  };
  for (const m of text.matchAll(/[.!?]+["'”’)\]]*(?=\s)|\n/g)) {
    const end = m.index + m[0].length;
    if (m[0] !== '\n') {
      const next = /\S/.exec(text.slice(end))?.[0] ?? '';
      if (m[0].startsWith('.') && endsWithAbbreviation(text.slice(start, m.index + 1))) continue;
      if (/\p{Ll}/u.test(next)) continue;
    }
    push(end);
  }
  push(text.length);
  return spans;
}

/** Every marker of `text` with the claim it supports. */
export function claimsOf(text: string): MarkerClaim[] {
  const markers = findMarkers(text);
  // The text without markers, and where each marker sat in it.
  let clean = '';
  let cursor = 0;
  const positions: number[] = [];
  for (const m of markers) {
    clean += text.slice(cursor, m.start).replace(/[ \t]+$/, '');
    positions.push(clean.length);
    cursor = m.end;
  }
  clean += text.slice(cursor);
  const sentences = splitSentences(clean);

  return markers.map((marker, i) => {
    let q = positions[i]!;
    while (q > 0 && /\s/.test(clean[q - 1]!)) q--;
    const sentence = (q === 0
      ? sentences[0]
      : (sentences.find((s) => s.start < q && q <= s.end) ?? sentences.findLast((s) => s.start < q))) ?? { start: 0, end: clean.length };
    const previous = i > 0 ? positions[i - 1]! : -1;
    const from = previous > sentence.start && previous < q ? previous : sentence.start;
    const end = Math.max(q, sentence.start);
    return {
      marker,
      claim: clean.slice(from, q === 0 ? sentence.end : end).trim(),
      sentence: clean.slice(sentence.start, sentence.end).trim(),
    };
  });
}
