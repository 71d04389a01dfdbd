import type { Sentence } from '../core/types.js';

// Abbreviations after which a period does not end a sentence. Generic English usage only.
const TITLE_ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt fr messrs mme mlle vs etc inc corp co ltd bros no nos vol fig approx dept est jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);
// Words that commonly begin a sentence; an initialism such as "U.S." followed by one of these
// is taken to end its sentence.
const SENTENCE_STARTERS = new Set(
  'the a an it its he she they we i you this that these those there but and or so yet in on at for if when while after before as however meanwhile still then his her their our my some many most all no not one two three what who why how where which'.split(' '),
);

/** A heading is a run of at least two all-caps words opening a sentence, e.g. "TALKING POINTS". */
const HEADING = /^((?:[A-Z][A-Z0-9&'’\-]*[A-Z0-9][,:]?\s+){2,})(?=["“‘]?[A-Z0-9][a-z0-9’'])/;

export interface SegmentedSentence extends Sentence {
  /** Heading that opened this sentence, stripped from its text. */
  heading?: string;
}

function endsWithAbbreviation(segment: string, next: string): boolean {
  const trimmed = segment.trimEnd();
  const lastWord = /(\S+)$/.exec(trimmed)?.[1] ?? '';
  if (!lastWord.endsWith('.')) return false;
  const bare = lastWord.replace(/^[("“'‘]+/, '').slice(0, -1);
  if (TITLE_ABBREVIATIONS.has(bare.toLowerCase())) return true;
  // Single initial ("Donald J. Trump") or an initialism ("U.S.", "U.K.").
  if (/^\p{Lu}$/u.test(bare) || /^(?:\p{L}\.)+\p{L}$/u.test(bare)) {
    const firstNext = (/^\s*["“'‘]?([\p{L}]+)/u.exec(next)?.[1] ?? '').toLowerCase();
    return firstNext !== '' && !SENTENCE_STARTERS.has(firstNext);
  }
  return false;
}

/**
 * Splits a paragraph into sentences with offsets into the paragraph. Uses Intl.Segmenter, then
 * re-joins breaks after abbreviations and strips opening all-caps headings into metadata.
 */
export function splitSentences(text: string, locale = 'en'): SegmentedSentence[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const raw: { start: number; end: number }[] = [];
  for (const s of segmenter.segment(text)) {
    const span = { start: s.index, end: s.index + s.segment.length };
    const prev = raw[raw.length - 1];
    if (prev && endsWithAbbreviation(text.slice(prev.start, prev.end), s.segment)) prev.end = span.end;
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
    const match = HEADING.exec(text.slice(start, end));
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
