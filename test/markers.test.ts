// The one marker module: every citation style models write, read back to paragraph numbers.
import { describe, expect, it } from 'vitest';
import { findMarkers, formatMarker, formatRefList, resolveRef, rewriteMarkers, stripMarkers, type MarkerRef } from '../src/text/markers.js';

const refs = (text: string): MarkerRef[][] => findMarkers(text).map((m) => m.refs);
const p = (...ns: number[]) => ns.map((paragraph) => ({ paragraph }));

describe('findMarkers reads every citation style', () => {
  it.each([
    ['house style', 'The ferry stopped [¶3].', [p(3)]],
    ['spaced', 'The ferry stopped [¶ 3].', [p(3)]],
    ['bare number', 'The ferry stopped [3].', [p(3)]],
    ['bare numbers, listed', 'Both sides agreed [3, 4].', [p(3, 4)]],
    ['pilcrows, listed', 'Both sides agreed [¶3, ¶4].', [p(3, 4)]],
    ['pilcrows, adjacent', 'Both sides agreed [¶3][¶4].', [p(3), p(4)]],
    ['numbers, adjacent', 'Both sides agreed [3][4].', [p(3), p(4)]],
    ['range with en dash', 'The strike spread [¶3–5].', [p(3, 4, 5)]],
    ['range with hyphen and pilcrows', 'The strike spread [¶3-¶5].', [p(3, 4, 5)]],
    ['double pilcrow range', 'See ¶¶3–4 for details.', [p(3, 4)]],
    ['parenthesised pilcrow', 'The ferry stopped (¶4).', [p(4)]],
    ['paragraph in words', 'The ferry stopped (paragraph 3).', [p(3)]],
    ['paragraphs in words', 'The ferry stopped (paragraphs 3 and 4).', [p(3, 4)]],
    ['source prefix', 'The ferry stopped (Source: paragraph 3).', [p(3)]],
    ['see prefix', 'The ferry stopped (see ¶3).', [p(3)]],
    ['bare pilcrow in prose', 'As ¶3 says, the ferry stopped.', [p(3)]],
    ['lenticular', 'The ferry stopped【3】.', [p(3)]],
    ['lenticular with source tag', 'The ferry stopped【3:0†source】.', [p(3)]],
    ['passage', 'The ferry stopped [Passage 3].', [p(3)]],
    ['P-number', 'The ferry stopped [P3].', [p(3)]],
    ['P-numbers', 'The ferry stopped [P3, P4].', [p(3, 4)]],
    ['source word', 'The ferry stopped [Source 3].', [p(3)]],
    ['footnote caret', 'The ferry stopped[^3].', [p(3)]],
    ['citation tag', 'The ferry stopped [citation:3].', [p(3)]],
    ['and-joined', 'The ferry stopped [¶3 and ¶7].', [p(3, 7)]],
  ])('%s: %j', (_name, text, expected) => {
    expect(refs(text)).toEqual(expected);
  });

  it('reads document-qualified markers, carrying the document across a list', () => {
    expect(refs('Fares rose [harbor-news ¶3] and [city-budget ¶2, ¶4].')).toEqual([
      [{ doc: 'harbor-news', paragraph: 3 }],
      [
        { doc: 'city-budget', paragraph: 2 },
        { doc: 'city-budget', paragraph: 4 },
      ],
    ]);
    expect(refs('[harbor-news ¶3; city-budget ¶2]')).toEqual([
      [
        { doc: 'harbor-news', paragraph: 3 },
        { doc: 'city-budget', paragraph: 2 },
      ],
    ]);
  });

  it('does not read numbered list items, words in brackets, or years in prose', () => {
    expect(findMarkers('Two steps: (1) board, (2) sail. He said [sic] it in 2024.')).toEqual([]);
  });

  it('does not expand an absurd range into the whole article', () => {
    expect(refs('[¶3-300]')).toEqual([p(3, 300)]);
  });

  it('takes emphasis that wraps only the marker with it', () => {
    const text = 'The ferry stopped **[¶3]**.';
    const [m] = findMarkers(text);
    expect(text.slice(m!.start, m!.end)).toBe('**[¶3]**');
  });
});

describe('resolveRef: a number names a paragraph only if it was in the context', () => {
  const context = [
    { doc: 'a', paragraph: 3 },
    { doc: 'b', paragraph: 3 },
    { doc: 'a', paragraph: 5 },
  ];
  it('keeps shown paragraphs, in every document when none is named', () => {
    expect(resolveRef({ paragraph: 3 }, context)).toEqual([context[0], context[1]]);
    expect(resolveRef({ doc: 'b', paragraph: 3 }, context)).toEqual([context[1]]);
  });
  it('drops paragraphs that were not shown', () => {
    expect(resolveRef({ paragraph: 4 }, context)).toEqual([]);
    expect(resolveRef({ doc: 'c', paragraph: 3 }, context)).toEqual([]);
  });
});

describe('formatting', () => {
  it('writes the house style, naming the document when there are several', () => {
    expect(formatMarker({ doc: 'a', paragraph: 3 }, false)).toBe('[¶3]');
    expect(formatMarker({ doc: 'a', paragraph: 3 }, true)).toBe('[a ¶3]');
    expect(
      formatMarker(
        [
          { doc: 'a', paragraph: 3 },
          { doc: 'a', paragraph: 5 },
        ],
        false,
      ),
    ).toBe('[¶3][¶5]');
    expect(
      formatRefList(
        [
          { doc: 'a', paragraph: 3 },
          { doc: 'b', paragraph: 1 },
        ],
        true,
      ),
    ).toBe('a ¶3, b ¶1');
  });

  it('reads back what it writes', () => {
    const written = formatMarker({ doc: 'harbor-news', paragraph: 12 }, true);
    expect(refs(`Fares rose ${written}.`)).toEqual([[{ doc: 'harbor-news', paragraph: 12 }]]);
  });

  it('strips markers without leaving a space before punctuation', () => {
    expect(stripMarkers('It was calm [¶1]. Then [¶2, ¶3] more (paragraph 4).')).toBe('It was calm. Then more.');
  });

  it('rewrites markers in place', () => {
    const text = 'Fares rose [3] and fell (paragraph 4).';
    expect(rewriteMarkers(text, findMarkers(text), (m) => formatMarker({ doc: 'x', paragraph: m.refs[0]!.paragraph }, false))).toBe(
      'Fares rose [¶3] and fell [¶4].',
    );
  });
});
