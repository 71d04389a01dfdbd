/**
 * Test doubles for the eval runner (in the spirit of `@langchain/core/utils/testing`): crafted
 * `AskResult`s, a scripted `ask`, and a paragraph lookup over plain strings. No I/O.
 */
import type { AskResult, Citation } from '../../src/domain/types.js';
import type { AskFn, ParagraphTextFn } from '../../src/eval/types.js';

export const TEST_DOC = 'doc';

/** A complete `AskResult` with sensible defaults; `cite` adds citations and matching retrieval. */
export function askResult(partial: Partial<AskResult> & { cite?: Array<[paragraph: number, quote: string]> } = {}): AskResult {
  const { cite, ...rest } = partial;
  const citations: Citation[] = (cite ?? []).map(([paragraph, quote]) => ({ doc: TEST_DOC, paragraph, quote }));
  return {
    question: 'q',
    answer: '',
    short_answer: null,
    answerable: true,
    citations,
    related: [],
    retrieved: citations.map((c, i) => ({ doc: c.doc, paragraph: c.paragraph, score: 1 - i / 10 })),
    mode: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 10 },
    ...rest,
  };
}

/** `ask` answering from a question → result table; unknown questions reject. */
export function scriptedAsk(script: Record<string, AskResult | Error>): AskFn & { calls: string[] } {
  const calls: string[] = [];
  const ask = async (question: string): Promise<AskResult> => {
    calls.push(question);
    const scripted = script[question];
    if (scripted === undefined) throw new Error(`no scripted answer for "${question}"`);
    if (scripted instanceof Error) throw scripted;
    return { ...scripted, question };
  };
  return Object.assign(ask, { calls });
}

/** Paragraph lookup for one document whose paragraphs are `texts` (¶1 = texts[0]). */
export function paragraphLookup(texts: readonly string[], doc = TEST_DOC): ParagraphTextFn {
  return (d, n) => (d === doc ? texts[n - 1] : undefined);
}
