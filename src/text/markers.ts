/**
 * Paragraph citation markers: the one place that writes them and reads them. Pure.
 *
 * footnote writes `[¶3]`, or `[doc ¶3]` when the corpus has several documents. Models write
 * citations in many other ways, and all of these are read:
 * `[¶3]`, `[¶3, ¶5]`, `[¶3][¶5]`, `[¶ 3]`, `[¶3–5]`, `(¶4)`, a bare `¶3`, `[3]`, `[3, 4]`, `[^3]`,
 * `【3】`, `【3†source】`, `[P3]`, `[Passage 3]`, `[Source 3]`, `(paragraph 3)`,
 * `(paragraphs 3 and 4)`, `(Source: paragraph 3)`, `[citation:3]`, `[doc ¶3]`, `[doc-a ¶3; doc-b ¶2]`.
 * A bare number in round brackets, "(3)", is not read: lists use it.
 *
 * Reading a number does not make it a citation: `resolveRef` keeps only paragraphs that were in
 * the context the model was shown.
 */
import type { ParagraphRef } from '../domain/types.js';

/** A paragraph as a marker names it; `doc` only when the marker names a document. */
export interface MarkerRef {
  doc?: string;
  paragraph: number;
}

export interface Marker {
  /** UTF-16 offsets of the whole marker in the text. */
  start: number;
  end: number;
  /** In order of appearance, without duplicates. */
  refs: MarkerRef[];
}

/** A range longer than this is read as its two ends: a typo like `¶3-300` must not cite everything. */
export const MAX_RANGE = 10;

// Building blocks (sources of regular expressions). A designator names what the number counts.
const DESIGNATOR = String.raw`(?:¶{1,2}|§|paragraphs?|paras?\.?|passages?|sources?|p\.?(?=\s*\d))`;
const NUM = String.raw`\d{1,4}`;
const DASH = String.raw`\s*(?:[-–—]|to)\s*`;
const DOC = String.raw`[A-Za-z0-9][\w.-]*[A-Za-z0-9]\s*[,:]?\s*(?=¶)`;
const ONE = (designator: 'optional' | 'required') =>
  String.raw`(?:${DOC})?${designator === 'required' ? DESIGNATOR : `${DESIGNATOR}?`}\s*${NUM}(?:${DASH}${DESIGNATOR}?\s*${NUM})?`;
const SEP = String.raw`\s*(?:[,;&/]|and)\s*`;
const LIST = (designator: 'optional' | 'required') => String.raw`${ONE(designator)}(?:${SEP}${ONE('optional')})*`;
const LEAD = String.raw`(?:(?:sources?|citations?|see|cf\.?|refs?\.?|from|in)\s*:?\s*)?`;

const SQUARE = String.raw`\[\s*(?:\^|${LEAD})${LIST('optional')}\s*\]`;
const ROUND = String.raw`\(\s*${LEAD}${LIST('required')}\s*\)`;
const LENTICULAR = String.raw`【\s*${LIST('optional')}(?::\d+)?(?:†[^】]{0,40})?\s*】`;
const BARE = String.raw`¶{1,2}\s*${NUM}(?:${DASH}¶{0,2}\s*${NUM})?`;
const ANY_MARKER = new RegExp(`${SQUARE}|${ROUND}|${LENTICULAR}|${BARE}`, 'giu');
const REF_IN_GROUP = new RegExp(
  String.raw`(?:([A-Za-z0-9][\w.-]*[A-Za-z0-9])\s*[,:]?\s*(?=¶))?${DESIGNATOR}?\s*(${NUM})(?:${DASH}${DESIGNATOR}?\s*(${NUM}))?`,
  'giu',
);
// A marker wrapped in emphasis on its own (`**[¶3]**`) takes the wrapper with it when rewritten.
const EMPHASIS = /^(\*{1,2}|_{1,2})$/;

/** Canonical markers as footnote writes them; renderers use it to keep them whole. */
export const CANONICAL_MARKER_SOURCE = String.raw`\[(?:[\w.-]+ )?¶\d+\]`;

function refsIn(group: string): MarkerRef[] {
  const out: MarkerRef[] = [];
  let doc: string | undefined;
  // "†source" and ":0" in 【3:0†source】 are not paragraphs.
  const body = group.replace(/†[^】]*/u, '').replace(/(\d):\d+/u, '$1');
  for (const m of body.matchAll(REF_IN_GROUP)) {
    if (m[1] && !/^(?:and|to|see|from|in|sources?|citations?|refs?)$/i.test(m[1])) doc = m[1];
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    const numbers = to > from && to - from < MAX_RANGE ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [from, to];
    for (const paragraph of numbers) {
      if (paragraph < 1) continue;
      if (!out.some((r) => r.paragraph === paragraph && r.doc === doc)) out.push(doc === undefined ? { paragraph } : { doc, paragraph });
    }
  }
  return out;
}

/** Every marker of `text`, in order. */
export function findMarkers(text: string): Marker[] {
  const out: Marker[] = [];
  for (const m of text.matchAll(ANY_MARKER)) {
    const refs = refsIn(m[0]);
    if (refs.length === 0) continue;
    let start = m.index;
    let end = m.index + m[0].length;
    const before = /(\*{1,2}|_{1,2})$/.exec(text.slice(Math.max(0, start - 2), start))?.[1];
    if (before && EMPHASIS.test(before) && text.startsWith(before, end)) {
      start -= before.length;
      end += before.length;
    }
    out.push({ start, end, refs });
  }
  return out;
}

/** The paragraphs of the context a reference names: none if it was not shown, several if only the number is given. */
export function resolveRef(ref: MarkerRef, context: readonly ParagraphRef[]): ParagraphRef[] {
  return context.filter((c) => c.paragraph === ref.paragraph && (ref.doc === undefined || ref.doc === c.doc));
}

/** `¶3`, or `doc ¶3` with several documents. */
export function formatRef(ref: ParagraphRef, multiDoc: boolean): string {
  return multiDoc ? `${ref.doc} ¶${ref.paragraph}` : `¶${ref.paragraph}`;
}

/** The marker written after a claim: `[¶3]`, `[¶3][¶5]`, or `[doc ¶3]` with several documents. */
export function formatMarker(refs: ParagraphRef | readonly ParagraphRef[], multiDoc: boolean): string {
  const list: readonly ParagraphRef[] = Array.isArray(refs) ? refs : [refs as ParagraphRef];
  return list.map((r) => `[${formatRef(r, multiDoc)}]`).join('');
}

/** References in running text: `¶5, ¶7` (related paragraphs, lists). */
export function formatRefList(refs: readonly ParagraphRef[], multiDoc: boolean): string {
  return refs.map((r) => formatRef(r, multiDoc)).join(', ');
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
  return out + text.slice(cursor);
}

/** The text without any marker. */
export function stripMarkers(text: string): string {
  return rewriteMarkers(text, findMarkers(text), () => '');
}
