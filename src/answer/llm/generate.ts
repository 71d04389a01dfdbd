/**
 * The model calls: answer (streamed), follow-up condensing and summary. The model is injected and
 * any fault is thrown to the caller (the answerer turns faults into the extractive fallback).
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import type { Passage, TokenUsage, Turn } from '../../domain/types.js';
import { formatHistory, formatPassages, formatQuestion } from './context.js';
import { raceAbort } from './deadline.js';
import type { PromptSet } from './prompts.js';

export interface Generated {
  text: string;
  usage?: TokenUsage;
}

/** The model answered, but with nothing usable (empty text). */
export class ModelOutputError extends Error {
  override name = 'ModelOutputError';
}

interface UsageMetadata {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
}

function toUsage(meta: UsageMetadata | undefined): TokenUsage | undefined {
  if (!meta) return undefined;
  const usage: TokenUsage = {};
  if (typeof meta.input_tokens === 'number') usage.inputTokens = meta.input_tokens;
  if (typeof meta.output_tokens === 'number') usage.outputTokens = meta.output_tokens;
  if (typeof meta.total_tokens === 'number') usage.totalTokens = meta.total_tokens;
  return Object.keys(usage).length > 0 ? usage : undefined;
}

/**
 * Streams a reply; the text is the chunks concatenated, i.e. what `invoke()` would return.
 * `.stream()` rather than a `streaming: true` model: see models.ts (tiktoken).
 */
async function streamText(
  model: BaseChatModel,
  messages: BaseMessage[],
  signal?: AbortSignal,
  onToken?: (token: string) => void,
): Promise<Generated> {
  signal?.throwIfAborted();
  const stream = await raceAbort(model.stream(messages, { signal }), signal);
  const iterator = stream[Symbol.asyncIterator]();
  let text = '';
  let usage: TokenUsage | undefined;
  let finished = false;
  try {
    for (;;) {
      const step: IteratorResult<AIMessageChunk> = await raceAbort(iterator.next(), signal);
      if (step.done) break;
      const piece = step.value.text;
      if (piece) {
        text += piece;
        try {
          onToken?.(piece);
        } catch {
          // A failing progress display must not cost the answer; the final result still arrives.
        }
      }
      // Servers send usage once, in the last chunk; some repeat a running total, so keep the last.
      usage = toUsage(step.value.usage_metadata) ?? usage;
    }
    finished = true;
  } finally {
    // Not awaited: on a stalled stream, closing can itself wait on the network.
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
  return usage ? { text, usage } : { text };
}

async function invokeText(model: BaseChatModel, messages: BaseMessage[], signal?: AbortSignal): Promise<Generated> {
  signal?.throwIfAborted();
  const message = await raceAbort(model.invoke(messages, { signal }), signal);
  const usage = toUsage(message.usage_metadata);
  return usage ? { text: message.text, usage } : { text: message.text };
}

export interface GenerateAnswerInput {
  model: BaseChatModel;
  prompts: PromptSet;
  question: string;
  passages: readonly Passage[];
  history?: readonly Turn[];
  signal?: AbortSignal;
  /** Called with each streamed piece, for progress display only: the text is not yet verified. */
  onToken?: (token: string) => void;
}

export async function generateAnswer(input: GenerateAnswerInput): Promise<Generated> {
  const messages = await input.prompts.answer.formatMessages({
    history: formatHistory(input.history),
    passages: formatPassages(input.passages),
    question: formatQuestion(input.question),
  });
  return streamText(input.model, messages, input.signal, input.onToken);
}

export interface CondenseInput {
  model: BaseChatModel;
  prompts: PromptSet;
  history: readonly Turn[];
  question: string;
  signal?: AbortSignal;
}

/** A follow-up rewritten as a standalone question (for retrieval). No history: no model call. */
export async function condenseFollowUp(input: CondenseInput): Promise<string> {
  if (input.history.length === 0) return input.question;
  const messages = await input.prompts.condense.formatMessages({
    history: formatHistory(input.history),
    question: formatQuestion(input.question),
  });
  const { text } = await invokeText(input.model, messages, input.signal);
  const line = text
    .split('\n')
    .map((l) => l.replace(/^\s*(standalone question\s*:)?\s*/i, '').trim())
    .find((l) => l.length > 0);
  const question = line?.replace(/^["'“]+|["'”]+$/g, '').trim();
  if (!question) throw new ModelOutputError('the model returned an empty standalone question');
  return question;
}

export interface GenerateSummaryInput {
  model: BaseChatModel;
  prompts: PromptSet;
  passages: readonly Passage[];
  /** At most this many points. */
  length: number;
  signal?: AbortSignal;
}

/** Bullet points with `[¶N]` markers, one per line (see summary.ts for parsing). */
export async function generateSummary(input: GenerateSummaryInput): Promise<Generated> {
  const messages = await input.prompts.summary.formatMessages({
    passages: formatPassages(input.passages),
    count: String(input.length),
  });
  return invokeText(input.model, messages, input.signal);
}
