import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/compose/bootstrap.js';
import { affirmedPart, wantsAffirmed } from '../src/text/negation.js';
import { createTestApp, fixture } from './helpers/app.js';

describe('what a sentence affirms', () => {
  it('leaves out a denied clause, up to the next comma or full stop', () => {
    const said = affirmedPart('Varga added she does not have any plans to visit Portugal, where a deal is near.');
    expect(said.replace(/\s+/g, ' ')).toBe('Varga added she does , where a deal is near.');
  });

  it('keeps what the sentence affirms before the denial', () => {
    const said = affirmedPart('The envoy thanked the hosts but did not comment on the vote.');
    expect(said).toContain('thanked the hosts');
    expect(said).not.toContain('comment');
  });

  it("reads contractions, 'never' and 'no' as denials", () => {
    expect(affirmedPart("The firm didn't say when it would reopen.")).not.toContain('reopen');
    expect(affirmedPart('The mayor has never visited the plant.')).not.toContain('visited');
    expect(affirmedPart('There were no injuries in the fire.')).not.toContain('injuries');
  });

  it('leaves a sentence without a denial as it is', () => {
    const text = 'Varga left Tormund on Thursday night for a four-day trip.';
    expect(affirmedPart(text)).toBe(text);
  });

  it('is what questions are matched with, unless they deny or ask yes or no themselves', () => {
    expect(wantsAffirmed('Which countries is Varga visiting?')).toBe(true);
    expect(wantsAffirmed('Which country is Varga not visiting?')).toBe(false);
    expect(wantsAffirmed("Which firms didn't sign?")).toBe(false);
    expect(wantsAffirmed('Does Varga plan to visit Portugal?')).toBe(false);
    expect(wantsAffirmed('Did the government pay a subsidy?')).toBe(false);
  });
});

// An invented report where the question's words sit closest in a sentence that denies them.
const TOUR = fixture('minister-tour');
let app: App;

beforeAll(async () => {
  app = await createTestApp({ CORPUS_DIR: TOUR });
});

describe('ranking reads what paragraphs affirm', () => {
  it('answers "which countries is she visiting" from the trip, not from the visit she rules out', async () => {
    const r = await app.footnote.ask('Which countries is Varga visiting on this trip?');
    expect(r.answerable).toBe(true);
    expect(r.citations.map((c) => c.paragraph)).toEqual([3]);
    expect(r.retrieved[0]?.paragraph).toBe(3);
    expect(['Spain', 'France', 'Italy']).toContain(r.short_answer);
  });

  it('still answers a yes-or-no question from the sentence that denies it', async () => {
    const r = await app.footnote.ask('Does Varga plan to visit Portugal?');
    expect(r.answerable).toBe(true);
    expect(r.citations.map((c) => c.paragraph)).toEqual([2]);
    expect(r.answer).toContain('does not have any plans to visit Portugal');
  });
});
