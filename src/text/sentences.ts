import type { Sentence } from '../domain/types.js';

// Abbreviations after which a period does not end a sentence. Generic English usage only.
const TITLE_ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt fr messrs mme mlle vs etc inc corp co ltd bros no nos vol fig approx dept est jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);
// Words that commonly begin a sentence; an initialism such as "U.K." followed by one of these
// is taken to end its sentence.
const SENTENCE_STARTERS = new Set(
  'the a an it its he she they we i you this that these those there but and or so yet in on at for if when while after before as however meanwhile still then his her their our my some many most all no not one two three what who why how where which'.split(
    ' ',
  ),
);

/** A heading is a run of at least two all-caps words opening a sentence, e.g. "HARBOUR FEES". */
const HEADING = /^((?:[A-Z][A-Z0-9&'’-]*[A-Z0-9][,:]?\s+){2,})(?=["“‘]?[A-Z0-9][a-z0-9’'])/;

export interface SegmentedSentence extends Sentence {
  /** Heading that opened this sentence, stripped from its text. */
  heading?: string;
}

function endsWithAbbreviation(segment: string, next: string): boolean {
  const trimmed = segment.trimEnd();
  // The last word, found from the end: /(\S+)$/ retries at every position of a long segment.
  let from = trimmed.length;
  while (from > 0 && !/\s/.test(trimmed[from - 1]!)) from--;
  const lastWord = trimmed.slice(from);
  if (!lastWord.endsWith('.')) return false;
  const bare = lastWord.replace(/^[("“'‘]+/, '').slice(0, -1);
  if (TITLE_ABBREVIATIONS.has(bare.toLowerCase())) return true;
  // Single initial ("Mary J. Blige") or an initialism ("U.K.", "e.g.").
  if (/^\p{Lu}$/u.test(bare) || /^(?:\p{L}\.)+\p{L}$/u.test(bare)) {
    const firstNext = (/^\s*["“'‘]?([\p{L}]+)/u.exec(next)?.[1] ?? '').toLowerCase();
    return firstNext !== '' && !SENTENCE_STARTERS.has(firstNext);
  }
  return false;
}

/** Characters segmented at a time: V8's Intl.Segmenter slows down superlinearly on long strings. */
const SEGMENT_WINDOW = 4096;

/**
 * The segments one `Intl.Segmenter` pass over `text` yields, computed a window at a time
 * (a 50 KB speech segments ~15× faster; output identical on all 233 SOTU speeches). The last
 * segment of a window may be cut by its edge, so the next window starts at that segment; a
 * window holding less than one whole sentence is doubled until it holds one.
 */
function* segmentInWindows(text: string, segmenter: Intl.Segmenter): Generator<{ index: number; segment: string }> {
  let base = 0;
  let window = SEGMENT_WINDOW;
  while (base < text.length) {
    const end = Math.min(text.length, base + window);
    const spans = [...segmenter.segment(text.slice(base, end))];
    if (end < text.length && spans.length < 2) {
      window *= 2;
      continue;
    }
    const keep = end === text.length ? spans : spans.slice(0, -1);
    for (const s of keep) yield { index: base + s.index, segment: s.segment };
    const last = keep[keep.length - 1]!;
    base += last.index + last.segment.length;
    window = SEGMENT_WINDOW;
  }
}

export interface SplitOptions {
  locale?: string;
  /** Strip an opening all-caps heading into `heading` (article text; default true). */
  headings?: boolean;
  /**
   * "1. März", "3. Juli": a day number with a full stop before a word is an ordinal, not a
   * sentence end, as in several languages (model replies; off for articles, where "page 12.
   * The …" ends a sentence).
   */
  ordinalDays?: boolean;
}

const ORDINAL_DAY = /(?:^|\s)\d{1,2}\.$/;

/**
 * Splits a paragraph into sentences with offsets into the paragraph. Uses Intl.Segmenter, then
 * re-joins breaks after abbreviations and strips opening all-caps headings into metadata.
 */
export function splitSentences(text: string, options: SplitOptions = {}): SegmentedSentence[] {
  const segmenter = new Intl.Segmenter(options.locale ?? 'en', { granularity: 'sentence' });
  const raw: { start: number; end: number }[] = [];
  for (const s of segmentInWindows(text, segmenter)) {
    const span = { start: s.index, end: s.index + s.segment.length };
    const prev = raw[raw.length - 1];
    const before = prev ? text.slice(prev.start, prev.end) : '';
    const ordinal = options.ordinalDays === true && ORDINAL_DAY.test(before.trimEnd()) && /^\s*\p{L}/u.test(s.segment);
    if (prev && (endsWithAbbreviation(before, s.segment) || ordinal)) prev.end = span.end;
    else raw.push(span);
  }
  const out: SegmentedSentence[] = [];
  for (const span of raw) {
    let start = span.start;
    let end = span.end;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (start === end) continue;
    let heading: string | undefined;
    const match = options.headings === false ? null : HEADING.exec(text.slice(start, end));
    if (match?.[1]) {
      heading = match[1].trim().replace(/[,:]$/, '');
      start += match[1].length;
    }
    const sentence: SegmentedSentence = { index: out.length, text: text.slice(start, end), start, end };
    if (heading) sentence.heading = heading;
    out.push(sentence);
  }
  return out;
}
