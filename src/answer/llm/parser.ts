/**
 * LangChain output parsers for footnote's replies: the last step of `prompt.pipe(model).pipe(parser)`.
 *
 * `CitedAnswerParser` turns the model's text into a `ParsedReply` (reasoning removed, decline
 * recognised, citation markers parsed in every style, the model's own sources list set aside).
 * Streamed through `.stream()`, it yields drafts first — the part of the text that may be shown
 * while the model is still writing (never reasoning, never a bare decline token) — then the
 * parsed reply once the model is done. Verification against the passages happens after it.
 */
import { BaseTransformOutputParser } from '@langchain/core/output_parsers';
import type { BaseMessage } from '@langchain/core/messages';
import { parseReply, streamableDraft, type ParsedReply } from './reply.js';

export type ParsedAnswerChunk = { kind: 'draft'; text: string } | ({ kind: 'reply' } & ParsedReply);

const textOf = (chunk: string | BaseMessage): string => (typeof chunk === 'string' ? chunk : chunk.text);

export class CitedAnswerParser extends BaseTransformOutputParser<ParsedAnswerChunk> {
  static override lc_name() {
    return 'CitedAnswerParser';
  }

  lc_namespace = ['footnote', 'output_parsers'];

  async parse(text: string): Promise<ParsedAnswerChunk> {
    return { kind: 'reply', ...parseReply(text) };
  }

  override async *_transform(inputGenerator: AsyncGenerator<string | BaseMessage>): AsyncGenerator<ParsedAnswerChunk> {
    let raw = '';
    let shown = '';
    for await (const chunk of inputGenerator) {
      raw += textOf(chunk);
      const draft = streamableDraft(raw);
      if (draft !== shown) {
        shown = draft;
        yield { kind: 'draft', text: draft };
      }
    }
    yield { kind: 'reply', ...parseReply(raw) };
  }

  getFormatInstructions(): string {
    return 'After each claim, cite the paragraph it comes from as [¶N]. If the passages do not answer, reply with exactly NONE.';
  }
}
