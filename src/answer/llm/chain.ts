/**
 * The model calls as LangChain Runnables: `prompt.pipe(model).pipe(parser)`. The model is
 * injected; faults are thrown to the caller (the answerer attaches the fallbacks).
 *
 * Deadlines: the SDK's per-request timeout only covers the wait for response headers, so every
 * call is also raced against an AbortSignal (deadline.ts) — whatever the server does, control
 * returns by the deadline, a stream that stalls after its headers included.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LLMResult } from '@langchain/core/outputs';
import { StringOutputParser } from '@langchain/core/output_parsers';
import type { Runnable } from '@langchain/core/runnables';
import type { Passage, TokenUsage, Turn } from '../../domain/types.js';
import { formatHistory, formatPassages, formatQuestion } from './context.js';
import { raceAbort } from './deadline.js';
import { CitedAnswerParser, type ParsedAnswerChunk } from './parser.js';
import type { PromptSet } from './prompts.js';
import { stripReasoning } from './reasoning.js';
import type { ParsedReply } from './reply.js';

/** The model answered, but with nothing usable (empty text, or only reasoning). */
export class ModelOutputError extends Error {
  override name = 'ModelOutputError';
}

export interface AnswerVariables {
  question: string;
  passages: readonly Passage[];
  history?: readonly Turn[];
}

/** The prompt variables, every value neutralised (context.ts). */
export function answerVariables({ question, passages, history }: AnswerVariables) {
  return { history: formatHistory(history), passages: formatPassages(passages), question: formatQuestion(question) };
}

export type AnswerChain = Runnable<ReturnType<typeof answerVariables>, ParsedAnswerChunk>;

export function createAnswerChain(prompts: PromptSet, model: BaseChatModel): AnswerChain {
  return prompts.answer.pipe(model).pipe(new CitedAnswerParser());
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

/** Collects the token usage the server reported, from the model's end-of-run callback. */
export function usageRecorder() {
  let usage: TokenUsage | undefined;
  return {
    handler: {
      handleLLMEnd(output: LLMResult) {
        const generation = output.generations[0]?.[0] as { message?: { usage_metadata?: UsageMetadata } } | undefined;
        usage = toUsage(generation?.message?.usage_metadata) ?? usage;
      },
    },
    get usage() {
      return usage;
    },
  };
}

export interface Streamed {
  reply: ParsedReply;
  usage?: TokenUsage;
}

/**
 * Streams an answer through `.stream()`. `onDraft` gets each new piece of the showable draft —
 * only text that extends what was already shown, so a terminal can print it as it comes.
 */
export async function streamAnswer(
  chain: AnswerChain,
  variables: AnswerVariables,
  signal: AbortSignal | undefined,
  onDraft?: (piece: string) => void,
): Promise<Streamed> {
  signal?.throwIfAborted();
  const recorder = usageRecorder();
  const stream = await raceAbort(chain.stream(answerVariables(variables), { signal, callbacks: [recorder.handler] }), signal);
  const iterator = stream[Symbol.asyncIterator]();
  let shown = '';
  let stopped = false;
  let reply: ParsedReply | undefined;
  let finished = false;
  try {
    for (;;) {
      const step = await raceAbort(iterator.next(), signal);
      if (step.done) break;
      const chunk = step.value;
      if (chunk.kind === 'reply') {
        reply = chunk;
        continue;
      }
      if (stopped) continue;
      // A draft that no longer extends what was shown (a sources list appeared, say): stop showing.
      if (!chunk.text.startsWith(shown)) {
        stopped = true;
        continue;
      }
      const piece = chunk.text.slice(shown.length);
      shown = chunk.text;
      if (!piece) continue;
      try {
        onDraft?.(piece);
      } catch {
        // A failing progress display must not cost the answer; the final result still arrives.
      }
    }
    finished = true;
  } finally {
    // Not awaited: on a stalled stream, closing can itself wait on the network.
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => {});
  }
  if (!reply) throw new ModelOutputError('the model stream ended without a reply');
  const usage = recorder.usage;
  return usage ? { reply, usage } : { reply };
}

/** A follow-up rewritten as a standalone question (for retrieval). */
export async function condenseFollowUp(
  prompts: PromptSet,
  model: BaseChatModel,
  input: { history: readonly Turn[]; question: string; signal?: AbortSignal },
): Promise<string> {
  if (input.history.length === 0) return input.question;
  const chain = prompts.condense.pipe(model).pipe(new StringOutputParser());
  const variables = { history: formatHistory(input.history), question: formatQuestion(input.question) };
  const text = stripReasoning(await raceAbort(chain.invoke(variables, { signal: input.signal }), input.signal)).text;
  const line = text
    .split('\n')
    .map((l) => l.replace(/^\s*(standalone question\s*:)?\s*/i, '').trim())
    .find((l) => l.length > 0);
  const question = line?.replace(/^["'“*]+|["'”*]+$/g, '').trim();
  if (!question) throw new ModelOutputError('the model returned an empty standalone question');
  return question;
}
