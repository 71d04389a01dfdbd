import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/compose/bootstrap.js';
import { isUserError } from '../src/domain/errors.js';
import { expectValidAskResult } from './helpers/ask-contract.js';
import { createTestApp, REPO_CORPUS } from './helpers/app.js';

/** Per-question bound: far above the ~1–20 ms an answer takes, far below "hung". */
const PER_ASK_MS = 5000;

let app: App;
let articleWords: string[];
beforeAll(async () => {
  app = await createTestApp();
  articleWords = [...new Set(readFileSync(path.join(REPO_CORPUS, 'us-china-trade-talks.md'), 'utf8').split(/\s+/).filter(Boolean))];
});

function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Question-shaped text from the article's own words, with the noise people and bots add. */
const questionish = () =>
  fc
    .tuple(
      fc.constantFrom(
        '',
        'Who ',
        'what ',
        'WHEN did ',
        'How many ',
        'why ',
        '¿Qué ',
        'tell me about ',
        '<@123456789012345678> ',
        '@everyone ',
      ),
      fc.array(fc.constantFrom(...articleWords), { minLength: 0, maxLength: 25 }),
      fc.constantFrom('', '?', '??!', '.', ' [¶3]', ' (https://evil.example)', '\u200b', '\u202e', ' 😀', '\n\n\n'),
    )
    .map(([lead, words, tail]) => `${lead}${words.join(' ')}${tail}`);

describe('the core on arbitrary input (property-based)', () => {
  it('answers any string with a valid AskResult or rejects it with a UserError: no other error, no hang', async () => {
    const max = app.config.maxQuestionChars;
    const input = fc.oneof(
      { arbitrary: questionish(), weight: 3 },
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: max }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: max }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary-ascii', minLength: max - 10, maxLength: max + 10 }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        let result;
        try {
          result = await withinTime(app.footnote.ask(raw), PER_ASK_MS);
        } catch (error) {
          expect(isUserError(error), `not a UserError: ${(error as Error).stack}`).toBe(true);
          expect((error as Error).message.length).toBeGreaterThan(0);
          return;
        }
        expectValidAskResult(result, raw, app.footnote.documents(), max);
      }),
      { numRuns: 250 },
    );
  });

  it('gives the same answer to the same question, cached or not', async () => {
    await fc.assert(
      fc.asyncProperty(questionish(), async (raw) => {
        const first = await app.footnote.ask(raw).catch((e: Error) => e.message);
        const second = await app.footnote.ask(raw).catch((e: Error) => e.message);
        if (typeof first === 'string' || typeof second === 'string') expect(second).toEqual(first);
        else expect({ ...second, timings: null }).toEqual({ ...first, timings: null });
      }),
      { numRuns: 100 },
    );
  });
});
