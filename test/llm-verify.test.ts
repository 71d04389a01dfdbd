// Claim verification, sentence by sentence, on an invented article (test/fixtures/ferry).
import { describe, expect, it } from 'vitest';
import { sentencesOf, splitSentences } from '../src/answer/llm/claims.js';
import { contentKeys, overlap, supports } from '../src/answer/llm/overlap.js';
import { isDeclineToken, isWrittenDecline, parseReply, streamableDraft } from '../src/answer/llm/reply.js';
import { stripReasoning } from '../src/answer/llm/reasoning.js';
import { parsePoints, SummaryPointsParser, verifySummary } from '../src/answer/llm/summary.js';
import { verifyAnswer } from '../src/answer/llm/verify.js';
import { findMarkers } from '../src/text/markers.js';
import { ALL, FEES, makePassage, MEETING, PASSAGES, TALKS, WALKOUT } from './fakes/openai/passages.js';

const verify = (reply: string, passages = PASSAGES, multiDoc = false) => verifyAnswer(parseReply(reply), passages, multiDoc);

describe('sentences of an answer', () => {
  it('does not split after abbreviations, initials or a day number', () => {
    const text = 'The U.S. team met Mr. Reyes in Port Alder. Ab dem 1. März gilt es. Talks resume Monday.';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'The U.S. team met Mr. Reyes in Port Alder.',
      'Ab dem 1. März gilt es.',
      'Talks resume Monday.',
    ]);
  });

  it('gives a marker after the full stop to the sentence before it, and splits a sentence between markers', () => {
    const text = 'Fees were raised. [¶3] Crews walked out [¶1] and talks stalled on Friday [¶4].';
    const [first, second] = sentencesOf(text, findMarkers(text));
    expect(first!.claim).toBe('Fees were raised.');
    expect(text.slice(first!.start, first!.end)).toBe('Fees were raised. [¶3]');
    expect(second!.segments).toEqual(['Crews walked out', 'and talks stalled on Friday']);
  });

  it('treats list items and headings as sentences, Markdown removed from the claim', () => {
    const text = '### Key points\n- **Fees:** a 100% increase [¶3]\n- Talks resume *Monday* [¶5]';
    const sentences = sentencesOf(text, findMarkers(text));
    expect(sentences.map((s) => [s.claim, s.structural])).toEqual([
      ['Key points', true],
      ['Fees: a 100% increase', false],
      ['Talks resume Monday', false],
    ]);
  });
});

describe('overlap threshold', () => {
  it('supports a paraphrase and rejects one incidental shared word', () => {
    const paragraph = contentKeys(WALKOUT.text);
    const paraphrase = contentKeys('Crews walked off the job and halted the island routes');
    const incidental = contentKeys('Island schools closed early');
    expect(supports(overlap(paraphrase, paragraph), paraphrase.size)).toBe(true);
    expect(supports(overlap(incidental, paragraph), incidental.size)).toBe(false);
  });
});

describe('verifyAnswer', () => {
  it('keeps a supported claim, rewrites its marker and quotes the closest sentence verbatim', () => {
    const result = verify('Reyes did not comment as he left the meeting (paragraph 4).');
    expect(result.answer).toBe('Reyes did not comment as he left the meeting [¶4].');
    expect(result.citations).toEqual([{ doc: MEETING.doc, paragraph: 4, quote: MEETING.sentences[1]!.text }]);
    expect(result.dropped).toEqual([]);
    expect(result.claims).toBe(1);
  });

  it('drops a paragraph that was not shown and one that does not support the claim, keeping the right one', () => {
    const result = verify('Okonkwo threatened a 100% increase in freight fees [¶3][¶99], [¶4].');
    expect(result.answer).toBe('Okonkwo threatened a 100% increase in freight fees [¶3].');
    expect(result.citations.map((c) => c.paragraph)).toEqual([3]);
  });

  it.each([
    ['a wrong number', 'Okonkwo threatened a 250% increase in freight fees [¶3].', '"250%" is not in ¶3'],
    ['a wrong date', 'Okonkwo threatened a 100% increase in freight fees starting on April 1 [¶3].', '"april" is not in ¶3'],
    ['a wrong weekday', 'Reyes met Okonkwo and Pryce on Sunday at the Quayside Hall [¶4].', '"sunday" is not in ¶4'],
    ['a name the paragraph lacks', 'Pryce threatened a 100% increase in freight fees for island businesses [¶3].', '"Pryce" is not in ¶3'],
    ['a negation mismatch', 'Reyes commented as he left the meeting [¶4].', '¶4 says the opposite (negation differs)'],
    ['a paragraph that was never shown', 'The ferries were sold [¶12].', 'cites ¶12, which was not among the passages shown'],
  ])('removes %s and says why', (_what, reply, reason) => {
    const result = verify(reply);
    expect(result.claims).toBe(0);
    expect(result.answer).toBe('');
    expect(result.dropped).toEqual([{ sentence: expect.any(String), reason }]);
  });

  it('removes an invented sentence without a marker and keeps the cited one', () => {
    const result = verify(
      "Okonkwo threatened a 100% increase in freight fees [¶3]. She also ordered the closure of the island's only school.",
    );
    expect(result.answer).toBe('Okonkwo threatened a 100% increase in freight fees [¶3].');
    expect(result.dropped).toEqual([
      { sentence: "She also ordered the closure of the island's only school.", reason: expect.stringMatching(/¶3/) },
    ]);
  });

  it('keeps an uncited sentence that the cited paragraph next to it supports, and cites it', () => {
    const result = verify(
      'The increase applies to freight fees for island businesses. Okonkwo threatened it in retaliation for the refused rota [¶3].',
    );
    expect(result.answer).toBe(
      'The increase applies to freight fees for island businesses [¶3]. Okonkwo threatened it in retaliation for the refused rota [¶3].',
    );
  });

  it("uses the paragraphs of the model's own sources list for uncited sentences, and removes the list", () => {
    const reply = parseReply('Okonkwo threatened a 100% increase in freight fees.\n\n**Sources:**\n- Paragraph 3');
    expect(reply.listed).toEqual([{ paragraph: 3 }]);
    const result = verifyAnswer(reply, PASSAGES, false);
    expect(result.answer).toBe('Okonkwo threatened a 100% increase in freight fees [¶3].');
  });

  it('keeps Markdown and headings, removes a list item it cannot verify without leaving an empty bullet', () => {
    const result = verify(
      '**Fees**\n\n- Okonkwo threatened a **100%** increase in freight fees [¶3].\n- The union wants a 20% raise [¶3].\n- Talks resume on *Monday* [¶5].',
    );
    expect(result.answer).toBe(
      '**Fees**\n\n- Okonkwo threatened a **100%** increase in freight fees [¶3].\n- Talks resume on *Monday* [¶5].',
    );
    expect(result.dropped).toEqual([{ sentence: 'The union wants a 20% raise.', reason: '¶3 does not say this' }]);
  });

  it('writes [doc ¶N] with several documents and resolves a shared number to the document that supports the claim', () => {
    const a = makePassage('harbour-news', 2, ['The ferry fleet has six boats.']);
    const b = makePassage('city-budget', 2, ['The council approved a $48 million budget on Tuesday.']);
    const result = verify('The council approved a $48 million budget [¶2].', [a, b], true);
    expect(result.answer).toBe('The council approved a $48 million budget [city-budget ¶2].');
    expect(result.citations).toEqual([{ doc: 'city-budget', paragraph: 2, quote: b.text }]);
    expect(verify('The fleet has six boats [harbour-news ¶2].', [a, b], true).answer).toBe('The fleet has six boats [harbour-news ¶2].');
  });

  it('leaves "¶3 says …" as written and cites the sentence at its end', () => {
    expect(verify('¶3 says Okonkwo threatened a 100% increase in freight fees.').answer).toBe(
      '¶3 says Okonkwo threatened a 100% increase in freight fees [¶3].',
    );
  });

  it('lists a paragraph cited twice once, in order of first citation', () => {
    const text = 'Reyes met Okonkwo at the Quayside Hall [¶4]. Crews halted all six routes [¶1]. Reyes did not comment [¶4].';
    expect(verify(text, ALL).citations.map((c) => c.paragraph)).toEqual([4, 1]);
  });

  it('checks a translated answer by its numbers and names', () => {
    expect(verify('Okonkwo drohte mit einer Erhöhung der Frachtgebühren um 100 % ab dem 1. März [¶3].').claims).toBe(1);
    expect(verify('Okonkwo drohte mit einer Erhöhung der Frachtgebühren um 250 % [¶3].').claims).toBe(0);
    expect(verify('Pryce drohte mit einer Erhöhung der Frachtgebühren um 100 % [¶3].').claims).toBe(0);
  });
});

describe('declines', () => {
  it.each(['NONE', '**NONE**', 'NONE.', '`NONE`', 'NONE — the passages only cover the strike.'])('%j is the decline token', (text) => {
    expect(isDeclineToken(text)).toBe(true);
    expect(parseReply(`<think>Nothing about that.</think>\n${text}`).declined).toBe(true);
  });

  it('does not take an answer that begins with "None" for a decline', () => {
    expect(parseReply('None of the officials commented [¶4].').declined).toBe(false);
  });

  it('still recognises the written English decline', () => {
    expect(isWrittenDecline("The article doesn't say who won.")).toBe(true);
    expect(parseReply("The article doesn't say who won.").declined).toBe(true);
    expect(parseReply("Talks resume Monday; the article doesn't say more [¶5].").declined).toBe(false);
  });
});

describe('summary points', () => {
  it('parses bullets and ignores a preamble', () => {
    expect(parsePoints('Here is a summary:\n- one [¶1]\n* two [¶3]\n3. three [¶4]')).toEqual(['one [¶1]', 'two [¶3]', 'three [¶4]']);
  });

  it('keeps points with a supported claim, with no marker in their text, and drops the rest', async () => {
    const text = [
      '<think>Three points.</think>',
      '- Ferry crews walked off the job on Saturday, halting six routes [¶1].',
      '- The crews were paid by the football club [¶99].',
      '- Okonkwo threatened a 100% increase in freight fees [¶3].',
      '',
      'Sources: ¶1, ¶3',
    ].join('\n');
    const points = await new SummaryPointsParser().parse(text);
    const result = verifySummary(points, [...PASSAGES, TALKS]);
    expect(result.points.map((p) => p.citations.map((c) => c.paragraph))).toEqual([[1], [3]]);
    expect(result.points.map((p) => p.text)).toEqual([
      'Ferry crews walked off the job on Saturday, halting six routes.',
      'Okonkwo threatened a 100% increase in freight fees.',
    ]);
    expect(result.points[1]!.citations[0]!.quote).toBe(FEES.text);
  });
});

describe('reasoning and streamed drafts', () => {
  it('removes closed, unclosed and template-opened reasoning blocks', () => {
    expect(stripReasoning('<think>\nhmm\n</think>\n\nFees rose [¶3].')).toEqual({
      text: 'Fees rose [¶3].',
      reasoned: true,
      unclosed: false,
    });
    expect(stripReasoning('<reasoning>a</reasoning>B [¶1]')).toMatchObject({ text: 'B [¶1]' });
    expect(stripReasoning('<think>\nStill thinking about ¶3')).toEqual({ text: '', reasoned: true, unclosed: true });
    expect(stripReasoning('Okay, the template opened it.\n</think>\nFees rose [¶3].')).toMatchObject({
      text: 'Fees rose [¶3].',
      reasoned: true,
    });
  });

  it.each([
    ['a tag still arriving', '<thi', ''],
    ['inside an open block', '<think>\nThe passages say ¶3 has it', ''],
    ['thinking without its opening tag', 'Okay, the user asks about fees. ¶3 says 100%', ''],
    ['the decline token', 'NONE', ''],
    ['after the block closes', '<think>x</think>\n\nFees rose [¶3]. They', 'Fees rose [¶3]. They'],
    ['before a sources heading', 'Fees rose [¶3].\n\n**Sources:**\n- ¶3', 'Fees rose [¶3].'],
    ['before a line that may become one', 'Fees rose [¶3].\n\n**Sou', 'Fees rose [¶3].'],
    ['before bare Markdown on a new line', 'Fees rose [¶3].\n\n**', 'Fees rose [¶3].'],
  ])('shows nothing of %s', (_what, draft, shown) => {
    expect(streamableDraft(draft)).toBe(shown);
  });
});
