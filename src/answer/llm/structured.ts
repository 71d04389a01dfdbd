/**
 * Optional structured output (`OPENAI_STRUCTURED=true`): the model fills a schema instead of
 * writing markers. Its quotes are checked verbatim against their paragraph; a citation whose
 * quote is not in the paragraph is dropped. The answer text then goes through the same sentence
 * checks as a text reply, with the verified citations standing for the paragraphs it rests on.
 * Text mode stays the default: many local models fill JSON schemas poorly.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Runnable } from '@langchain/core/runnables';
import { z } from 'zod';
import type { Passage } from '../../domain/types.js';
import { resolveRef } from '../../text/markers.js';
import type { answerVariables } from './chain.js';
import type { PromptSet } from './prompts.js';
import { parseReply, type ParsedReply } from './reply.js';

export const CITED_ANSWER = z.object({
  answerable: z.boolean().describe('false when the passages do not answer the question'),
  answer: z.string().describe('the answer from the passages only, in the language of the question; empty when not answerable'),
  citations: z
    .array(
      z.object({
        paragraph: z.number().int().describe('the N of the passage id ¶N the claim comes from'),
        quote: z.string().describe('one sentence copied exactly from that passage'),
      }),
    )
    .describe('every passage the answer uses'),
});

export type CitedAnswer = z.infer<typeof CITED_ANSWER>;

export function createStructuredChain(prompts: PromptSet, model: BaseChatModel): Runnable<ReturnType<typeof answerVariables>, CitedAnswer> {
  return prompts.answer.pipe(model.withStructuredOutput(CITED_ANSWER, { name: 'cited_answer' }));
}

/** Compared with quotes and spacing made uniform: models straighten curly quotes and collapse spaces. */
const normalise = (text: string) =>
  text
    .replace(/[“”„]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/[.…]+$/, '');

/** Whether `quote` is a verbatim piece of the paragraph's text. */
export function quoteIsVerbatim(quote: string, passage: Passage): boolean {
  const q = normalise(quote);
  return q.length >= 8 && normalise(passage.text).includes(q);
}

export interface StructuredReply {
  reply: ParsedReply;
  /** The model's verbatim quotes by paragraph (`doc\0n`), shown instead of footnote's choice. */
  quotes: Map<string, string>;
  /** Citations whose quote was not found in their paragraph, or whose paragraph was not shown. */
  rejected: { paragraph: number; quote: string }[];
}

export function readStructured(answer: CitedAnswer, passages: readonly Passage[]): StructuredReply {
  const quotes = new Map<string, string>();
  const rejected: StructuredReply['rejected'] = [];
  const listed: ParsedReply['listed'] = [];
  for (const c of answer.citations) {
    const passage = passages.find((p) => resolveRef({ paragraph: c.paragraph }, [p]).length > 0 && quoteIsVerbatim(c.quote, p));
    if (!passage) {
      rejected.push(c);
      continue;
    }
    listed.push({ doc: passage.doc, paragraph: passage.paragraph });
    quotes.set(`${passage.doc}\u0000${passage.paragraph}`, c.quote.trim());
  }
  const reply = parseReply(answer.answerable ? answer.answer : 'NONE');
  return { reply: { ...reply, listed: [...reply.listed, ...listed] }, quotes, rejected };
}
