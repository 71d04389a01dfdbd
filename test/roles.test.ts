// The roles a text gives its people where it first names them in full, and questions that ask by
// role about a paragraph that calls the holder by surname only. Invented text.
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../src/answer/support.js';
import { roleHoldersIn } from '../src/text/roles.js';
import { stemTerm } from '../src/text/tokens.js';
import { appOver } from './helpers/app.js';

const PARTS = { [stemTerm('ana')]: [stemTerm('ruiz')], [stemTerm('wen')]: ['He'] };

describe('roleHoldersIn', () => {
  it('reads up to three words before a full name, in either order of its parts', () => {
    const roles = roleHoldersIn(['Harbour Commissioner Ana Ruiz met Deputy Minister He Wen in Vell.'], PARTS);
    expect(roles.get(stemTerm('commissioner'))).toEqual([stemTerm('ana'), stemTerm('ruiz')]);
    expect(roles.get(stemTerm('minister'))).toEqual(['He', stemTerm('wen')]);
    expect(roles.get(stemTerm('deputy'))).toEqual(['He', stemTerm('wen')]);
  });
  it('stops at a possessive, a small word or a mark, and knows no roles without full names', () => {
    const roles = roleHoldersIn(["Vell's chief trade negotiator Ana Ruiz spoke first, and then Ruiz left."], PARTS);
    expect([...roles.keys()].sort()).toEqual(['chief', 'negoti', 'trade'].map((w) => stemTerm(w)).sort());
    expect(roleHoldersIn(['The talks, said Ana Ruiz, went well.'], PARTS).size).toBe(0);
    expect(roleHoldersIn(['Commissioner Ana Ruiz spoke.'], {}).size).toBe(0);
  });
});

describe('a question word that names a role', () => {
  it('gets the stems of its holders, as a given name gets its surname', () => {
    const roles = roleHoldersIn(['Deputy Minister He Wen arrived.'], PARTS);
    const words = { rarity: () => 1, vector: () => undefined } as unknown as Parameters<typeof analyzeQuery>[1];
    const terms = analyzeQuery('Where did the deputy minister stay?', words, () => 1, 4, 0.5, { roles });
    expect(terms.find((t) => t.word === 'minister')?.surnames).toEqual(['He', stemTerm('wen')]);
    expect(terms.find((t) => t.word === 'stay')?.surnames).toBeUndefined();
  });
});

describe('a question asked by role', () => {
  it('finds the paragraph that calls the holder by surname only', async () => {
    const app = await appOver('harbour', [
      '# Harbour talks open in Vell',
      'Harbour Commissioner Ana Ruiz and Deputy Minister He Wen opened two days of harbour talks in Vell on Monday, the port authority said.',
      'The talks follow a long dispute over fees. Ruiz has said the fees must fall before any new agreement is signed.',
      "Ruiz's first meeting with He was held in Tarn in May and ended without a deal.",
    ]);
    const r = await app.footnote.ask('Where was the first meeting between the commissioner and the deputy minister held?');
    expect(r.answerable).toBe(true);
    expect(r.citations[0]!.paragraph).toBe(3);
    expect(r.short_answer).toBe('Tarn');
  });
});
