// Records keyed by words meet words that are also names of Object's own properties: "constructor"
// is an ordinary English word, in questions and in texts.
import { describe, expect, it } from 'vitest';
import { askedKind } from '../src/answer/asked-kind.js';
import { expectedAnswerType } from '../src/answer/answer-type.js';
import { ownValue } from '../src/domain/records.js';
import { surnamesFor } from '../src/text/names.js';
import { appOver } from './helpers/app.js';

describe('word-keyed records', () => {
  it('never read a value Object.prototype gives', () => {
    expect(ownValue({ ana: 1 }, 'constructor')).toBeUndefined();
    expect(ownValue({ constructor: 2 }, 'constructor')).toBe(2);
    expect(surnamesFor('Who was the constructor?', { ana: ['ruiz'] }).size).toBe(0);
    expect(askedKind('How constructor is it?')).toBeUndefined();
    expect(expectedAnswerType('What constructor built the tower?')).toBeUndefined();
  });

  it('count "constructor" in a text as any other word, and ask about it', async () => {
    const app = await appOver('tower', [
      '# Tower opens in Vell',
      'Mayor Ana Ruiz opened the Corvin tower in Vell on Monday.',
      'The constructor, Halvern Works, finished the tower two months late. Ruiz thanked the constructor.',
    ]);
    const r = await app.footnote.ask('Who was the constructor of the tower?');
    expect(r.answerable).toBe(true);
    expect(r.citations[0]!.paragraph).toBe(2);
  });
});
