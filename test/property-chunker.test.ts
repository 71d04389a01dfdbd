import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, splitBlocks } from '../src/corpus/parse.js';
import { splitSentences } from '../src/text/sentences.js';
import type { CorpusDocument } from '../src/domain/types.js';

// Text shaped like news copy — abbreviations, initials, quotes, numbers, all-caps section
// headings, stray newlines, CRLF, a BOM — plus arbitrary Unicode strings.
// Headings end in exactly one space here: see the known defect pinned at the end of the file.
const word = fc.constantFrom(
  'the',
  'council',
  'Budget',
  'said',
  'Mr.',
  'U.S.',
  'Dr.',
  'J.',
  'No.',
  '3.5',
  '$48',
  '12%',
  '“We',
  'agree.”',
  '"yes"',
  'café',
  '中文',
  '😀',
  '\u202e',
  'x',
  'It',
  'He',
);
const sep = fc.constantFrom(' ', ' ', ' ', ' ', '. ', '. ', '! ', '? ', ', ', '; ', '\n', '\t', '.” ', '...', '  ');
const heading = fc.constantFrom('POOL DECISION ', 'TALKING POINTS ', 'NEW YORK ');
const sentence = fc
  .tuple(fc.option(heading, { freq: 6 }), fc.array(fc.tuple(word, sep), { minLength: 1, maxLength: 10 }))
  .map(([h, parts]) => `${h ?? ''}${parts.map(([w, s]) => w + s).join('')}`);
const block = (min: number, max: number) => fc.array(sentence, { minLength: min, maxLength: max }).map((ss) => ss.join('. '));
const blank = fc.constantFrom('\n\n', '\n \n', '\r\n\r\n', '\n\n\n', '\n\t\n', '\r\r');
const article = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(block(1, 6), blank), { minLength: 0, maxLength: 8 }))
  .map(([bom, blocks]) => `${bom ? '\uFEFF' : ''}${blocks.map(([b, s]) => b + s).join('')}`);
/** One block of many sentences: the parser splits it into synthetic paragraphs. */
const oneLongBlock = block(14, 40);
const anyText = fc.oneof(
  { arbitrary: article, weight: 4 },
  { arbitrary: oneLongBlock, weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 400 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 400 }), weight: 1 },
);

const squash = (s: string) => s.replace(/\s+/g, '');
const normalised = (raw: string) => raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
const isLongBlock = (blocks: string[]) => blocks.length === 1 && splitSentences(blocks[0]!).length > 12;
const parse = (raw: string) => parseDocument('doc', raw, { format: 'txt' });

function expectWellFormed(doc: CorpusDocument): void {
  doc.paragraphs.forEach((p, i) => {
    expect(p.n).toBe(i + 1);
    expect(p.doc).toBe('doc');
    expect(p.text).toBe(p.text.trim());
    expect(p.text).not.toBe('');
    expect(p.sentences.length).toBeGreaterThan(0);
    let previousEnd = 0;
    p.sentences.forEach((s, j) => {
      expect(s.index).toBe(j);
      expect(p.text.slice(s.start, s.end)).toBe(s.text);
      expect(s.text).not.toBe('');
      expect(s.text).toBe(s.text.trim());
      expect(s.start).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = s.end;
    });
    // Between and around the sentences there is only whitespace and the section headings.
    let gaps = p.text.slice(0, p.sentences[0]!.start);
    p.sentences.forEach((s, j) => (gaps += p.text.slice(s.end, p.sentences[j + 1]?.start ?? p.text.length)));
    expect(squash(gaps).replace(/[,:]/g, '')).toBe(squash(p.sections.join('')).replace(/[,:]/g, ''));
  });
}

describe('the chunker (property-based)', () => {
  it('numbers paragraphs 1..N, never empty, each sentence slicing its paragraph exactly', () => {
    fc.assert(
      fc.property(anyText, (raw) => expectWellFormed(parse(raw))),
      { numRuns: 400 },
    );
  });

  it('keeps every block, in order: paragraph N is block N (or, for one huge block, its text in order)', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const blocks = splitBlocks(normalised(raw));
        const texts = parse(raw).paragraphs.map((p) => p.text);
        if (isLongBlock(blocks)) expect(squash(texts.join(''))).toBe(squash(blocks[0]!));
        else expect(texts).toEqual(blocks);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same paragraphs when its own output is parsed again (stable numbering)', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const once = parse(raw);
        const again = parse(once.paragraphs.map((p) => p.text).join('\n\n'));
        expect(again.paragraphs).toEqual(once.paragraphs);
        expect(parse(raw)).toEqual(once);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the numbers of existing paragraphs when a paragraph is appended (Markdown with front matter and title)', () => {
    fc.assert(
      fc.property(article, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 80 }), (body, extra) => {
        fc.pre(extra.trim() !== '' && splitBlocks(normalised(body)).length > 1);
        const raw = `---\ntitle: T\n---\n\n# Title\n\n${body}`;
        const before = parseDocument('doc', raw, { format: 'md' });
        const after = parseDocument('doc', `${raw}\n\n${extra}\n`, { format: 'md' });
        expectWellFormed(after);
        expect(after.paragraphs.slice(0, before.paragraphs.length)).toEqual(before.paragraphs);
      }),
      { numRuns: 200 },
    );
  });

  // Regression: splitting one huge block used to cut the first letter of a "HEADING:" heading.
  it('keeps a "HEADING:" whole when one huge block is split into paragraphs', () => {
    const block = Array.from({ length: 14 }, (_, i) =>
      i === 5 ? 'TALKING POINTS: The officials met.' : `Sentence number ${i} is here.`,
    ).join(' ');
    const texts = parse(block).paragraphs.map((p) => p.text);
    expect(squash(texts.join(''))).toBe(squash(block));
  });
});
