import { describe, expect, it } from 'vitest';
import { claimsOf, splitSentences } from '../src/answer/llm/claims.js';
import { DECLINE_PHRASE, isDecline, verifyCitations } from '../src/answer/llm/citations.js';
import { contentKeys, overlap, supports } from '../src/answer/llm/overlap.js';
import { parsePoints, verifySummary } from '../src/answer/llm/summary.js';
import { makePassage, PASSAGES, TALKS, TARIFFS, TOWER } from './fakes/openai/passages.js';

describe('claims', () => {
  it('does not split sentences after U.S. or Mr.', () => {
    const text = 'The U.S. team met Mr. He in Kuala Lumpur. Talks resume Sunday.';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'The U.S. team met Mr. He in Kuala Lumpur.',
      'Talks resume Sunday.',
    ]);
  });

  it('splits at newlines (bullet lists)', () => {
    expect(splitSentences('- one point\n- another point')).toHaveLength(2);
  });

  it('gives a marker after the full stop to the sentence before it', () => {
    const [first, second] = claimsOf('Tariffs were threatened. [¶3] The tower is tall [¶4].');
    expect(first!.claim).toBe('Tariffs were threatened.');
    expect(second!.claim).toBe('The tower is tall');
  });

  it('splits one sentence between two markers', () => {
    const [a, b] = claimsOf('Talks were constructive [¶1] and tariffs were threatened [¶3].');
    expect(a!.claim).toBe('Talks were constructive');
    expect(b!.claim).toBe('and tariffs were threatened');
    expect(b!.sentence).toBe('Talks were constructive and tariffs were threatened.');
  });
});

describe('overlap threshold', () => {
  it('supports a paraphrase and rejects one incidental shared word', () => {
    const paragraph = contentKeys(TALKS.text);
    const paraphrase = contentKeys('A Treasury spokesperson described the first day as very constructive');
    const incidental = contentKeys('China builds the tallest towers');
    expect(supports(overlap(paraphrase, paragraph), paraphrase.size)).toBe(true);
    expect(supports(overlap(incidental, paragraph), incidental.size)).toBe(false);
  });

  it('matches inflections through stems', () => {
    expect(overlap(contentKeys('describing tariff'), contentKeys('described tariffs')).shared).toBe(2);
  });
});

describe('verifyCitations', () => {
  it('keeps a supported citation and attaches the best matching sentence verbatim', () => {
    const result = verifyCitations('A Treasury spokesperson called the talks very constructive [¶1].', PASSAGES);
    expect(result.citations).toEqual([{ doc: TALKS.doc, paragraph: 1, quote: TALKS.sentences[1]!.text }]);
    expect(result.answer).toBe('A Treasury spokesperson called the talks very constructive [¶1].');
    expect(result.droppedMarkers).toBe(0);
    expect(result.declined).toBe(false);
  });

  it('drops a paragraph that was not in the context', () => {
    const result = verifyCitations('Trump threatened 100% tariffs on Chinese goods [¶3][¶99].', PASSAGES);
    expect(result.answer).toBe('Trump threatened 100% tariffs on Chinese goods [¶3].');
    expect(result.citations.map((c) => c.paragraph)).toEqual([3]);
    expect(result.droppedMarkers).toBe(1);
  });

  it('drops a real paragraph cited for a claim it does not support', () => {
    const result = verifyCitations('Trump threatened 100% tariffs on Chinese goods [¶3, ¶4].', PASSAGES);
    expect(result.answer).toBe('Trump threatened 100% tariffs on Chinese goods [¶3].');
    expect(result.citations.map((c) => c.paragraph)).toEqual([3]);
    expect(result.citations[0]!.quote).toBe(TARIFFS.sentences[0]!.text);
    expect(result.droppedMarkers).toBe(1);
  });

  it('removes an invalid marker cleanly and leaves no citation', () => {
    const result = verifyCitations('The summit was in Paris [¶99].', PASSAGES);
    expect(result.answer).toBe('The summit was in Paris.');
    expect(result.citations).toEqual([]);
  });

  it('lists a paragraph cited twice once, in order of first citation', () => {
    const text =
      'The delegation left the Merdeka 118 tower [¶4]. Talks ended their first day in Kuala Lumpur [¶1]. The tower is the second-tallest building in the world [¶4].';
    const result = verifyCitations(text, PASSAGES);
    expect(result.citations.map((c) => c.paragraph)).toEqual([4, 1]);
    expect(result.citations[0]!.quote).toBe(TOWER.sentences[1]!.text);
  });

  it('resolves a number shared by two documents to the one that supports the claim', () => {
    const a = makePassage('doc-a', 2, ['Rare earth magnets are exported by China.']);
    const b = makePassage('doc-b', 2, ['The orchestra played Mahler in Vienna.']);
    const result = verifyCitations('The orchestra played Mahler [¶2].', [a, b]);
    expect(result.citations).toEqual([{ doc: 'doc-b', paragraph: 2, quote: 'The orchestra played Mahler in Vienna.' }]);
  });

  it('normalises tolerated forms to [¶N]', () => {
    const result = verifyCitations('Trump threatened 100% tariffs on Chinese goods (¶ 3).', PASSAGES);
    expect(result.answer).toBe('Trump threatened 100% tariffs on Chinese goods [¶3].');
  });
});

describe('isDecline', () => {
  it.each([
    [`${DECLINE_PHRASE} who won the election.`, true],
    ['The article does not say when talks resume.', true],
    ['**The article doesn’t say** anything about that.', true],
    ['The article says talks were constructive [¶1].', false],
    ["Talks were constructive; the article doesn't say more [¶1].", false],
  ])('%j → %s', (text, expected) => {
    expect(isDecline(text)).toBe(expected);
  });

  it('marks a verified decline as declined', () => {
    expect(verifyCitations(`${DECLINE_PHRASE} what the weather was.`, PASSAGES).declined).toBe(true);
  });
});

describe('summary points', () => {
  it('parses bullets and ignores a preamble', () => {
    expect(parsePoints('Here is a summary:\n- one [¶1]\n* two [¶3]\n3. three [¶4]')).toEqual(['one [¶1]', 'two [¶3]', 'three [¶4]']);
  });

  it('keeps points with a verified citation and drops the rest', () => {
    const text = [
      '- Officials ended the first day of talks in Kuala Lumpur [¶1].',
      '- The talks were about football [¶99].',
      '- Trump threatened 100% tariffs on Chinese goods [¶3].',
    ].join('\n');
    const result = verifySummary(text, PASSAGES);
    expect(result.points.map((p) => p.citations.map((c) => c.paragraph))).toEqual([[1], [3]]);
    expect(result.droppedPoints).toBe(1);
  });
});
