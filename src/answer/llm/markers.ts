/**
 * Finding and rewriting paragraph citation markers in model output. Pure.
 * The house form is `[¶3]`; models also write `[¶3, ¶5]`, `[¶3][¶5]`, `(¶3)`, `[¶ 3]`, `¶3–5` or
 * a bare `¶ 3`, and all of those are read. Ranges expand to at most MAX_RANGE paragraphs, so a
 * typo like `¶3-300` can't cite the whole article.
 */

export interface Marker {
  /** UTF-16 offsets of the whole marker in the text. */
  start: number;
  end: number;
  /** Paragraph numbers in order of appearance, without duplicates. */
  paragraphs: number[];
}

const MAX_RANGE = 10;
const NUM = String.raw`\d{1,4}(?:\s*[-–]\s*¶{0,2}\s*\d{1,4})?`;
const GROUP = String.raw`[\[(]\s*¶{1,2}\s*${NUM}(?:\s*(?:[,;&]|and)\s*¶{0,2}\s*${NUM})*\s*[\])]`;
const BARE = String.raw`¶{1,2}\s*${NUM}`;
const MARKER = new RegExp(`${GROUP}|${BARE}`, 'g');

function paragraphsIn(raw: string): number[] {
  const out: number[] = [];
  for (const m of raw.matchAll(/(\d+)(?:\s*[-–]\s*¶*\s*(\d+))?/g)) {
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    const span = to >= from && to - from < MAX_RANGE ? to - from : 0;
    for (let n = from; n <= from + span; n++) out.push(n);
    if (span === 0 && to !== from) out.push(to);
  }
  return [...new Set(out)];
}

export function findMarkers(text: string): Marker[] {
  return [...text.matchAll(MARKER)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    paragraphs: paragraphsIn(m[0]),
  }));
}

/** The canonical form of a marker citing these paragraphs: `[¶3][¶5]`. */
export function formatMarker(paragraphs: readonly number[]): string {
  return paragraphs.map((n) => `[¶${n}]`).join('');
}

/**
 * Replaces each marker by `replacement(marker)`. A marker replaced by nothing takes the spaces
 * before it along, so "constructive [¶99]." becomes "constructive.", not "constructive .".
 */
export function rewriteMarkers(text: string, markers: readonly Marker[], replacement: (m: Marker) => string): string {
  let out = '';
  let cursor = 0;
  for (const m of markers) {
    const value = replacement(m);
    let chunk = text.slice(cursor, m.start);
    if (value === '') chunk = chunk.replace(/[ \t]+$/, '');
    out += chunk + value;
    cursor = m.end;
  }
  out += text.slice(cursor);
  return out;
}

export function stripMarkers(text: string): string {
  return rewriteMarkers(text, findMarkers(text), () => '');
}
