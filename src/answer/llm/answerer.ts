/**
 * The LLM answerer: generated answers and summaries whose claims are verified sentence by
 * sentence, with the extractive result (computed by the caller) as the floor.
 *
 * Each call is a Runnable with the extractive answer attached by `withFallbacks`: model faults —
 * HTTP errors after the model's bounded retries, timeouts, aborts, empty output — end there with
 * the "unavailable" note. A reply with no supported claim left after verification is not a fault
 * but is not shown either: the extractive answer comes back with the "unverified" note. It never
 * throws for model faults and never runs past `timeoutMs` per call.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { RunnableLambda } from '@langchain/core/runnables';
import type { LlmAnswer } from '../../domain/ports.js';
import { SUMMARY_POINTS, type Citation, type Passage, type SummaryResult, type Turn } from '../../domain/types.js';
import { modelNameOf } from '../../providers/openai.js';
import { declineText } from '../extractive.js';
import {
  condenseFollowUp,
  createAnswerChain,
  ModelOutputError,
  streamAnswer,
  usageRecorder,
  answerVariables,
  type Streamed,
} from './chain.js';
import { deadlineSignal, raceAbort } from './deadline.js';
import type { PromptSet } from './prompts.js';
import { createStructuredChain, readStructured } from './structured.js';
import { createSummaryChain, summaryVariables, verifySummary } from './summary.js';
import { verifyAnswer } from './verify.js';

/** The user-facing notes, fixed so renderers and tests can rely on them. */
export const NOTES = {
  unavailable: 'The language model was unavailable, so this is the extractive answer.',
  unverified: "The generated answer's claims could not be verified against the article, so this is the extractive answer.",
  summaryUnavailable: 'The language model was unavailable, so this is the extractive summary.',
  summaryUnverified: "The generated summary's claims could not be verified against the article, so this is the extractive summary.",
} as const;

/** The part of an extractive `AskResult` the answerer falls back to. */
export interface ExtractiveFallback {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  note?: string;
}

export type { LlmAnswer } from '../../domain/ports.js';

export interface LlmAnswerInput {
  question: string;
  passages: readonly Passage[];
  history?: readonly Turn[];
  extractive: ExtractiveFallback;
  /** Several documents in the corpus: markers name the document (`[doc ¶3]`). */
  multiDoc?: boolean;
  signal?: AbortSignal;
  /** Streamed pieces for progress display (never reasoning); the returned `answer` is the authoritative text. */
  onToken?: (token: string) => void;
}

export interface SummarizeInput {
  passages: readonly Passage[];
  /** 'short' | 'medium' | 'long' (see SUMMARY_POINTS) or a number of points. */
  length: string | number;
  /** The extractive summary, returned (with a note) when the generated one can't be used. */
  fallback: SummaryResult;
  signal?: AbortSignal;
}

/** Points for a summary length (see SUMMARY_POINTS) or count; unknown names get 'medium'. */
export function pointCount(length: string | number): number {
  if (typeof length === 'number') return Math.max(1, Math.floor(length));
  return (SUMMARY_POINTS as Readonly<Record<string, number>>)[length] ?? SUMMARY_POINTS.medium;
}

/** pino's logger fits; so does `console`-like test spies. */
export interface AnswererLogger {
  warn(obj: object, msg?: string): void;
}

export interface LlmAnswererOptions {
  model: BaseChatModel;
  prompts: PromptSet;
  /** Whole-call deadline per model call (retries included). */
  timeoutMs: number;
  /** Reported as `model`; defaults to the ChatOpenAI model name. */
  modelName?: string;
  logger?: AnswererLogger;
  /** Ask for `{answerable, answer, citations}` with `withStructuredOutput` instead of text with markers. */
  structured?: boolean;
}

export interface LlmAnswerer {
  /** The model name, for `AskResult.model` and `info()`. */
  model: string;
  answer(input: LlmAnswerInput): Promise<LlmAnswer>;
  /** The standalone form of a follow-up; the question itself on any fault. */
  condense(input: { history: readonly Turn[]; question: string; signal?: AbortSignal }): Promise<string>;
  summarize(input: SummarizeInput): Promise<SummaryResult>;
}

/** A short label for logs: what went wrong, without the stack. */
export function describeFault(err: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.name === 'TimeoutError' ? 'timeout' : 'aborted';
  }
  if (err instanceof ModelOutputError) return 'empty output';
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return `http ${status}`;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Our note first, then any note the extractive result already carried. */
const withNote = (note: string | undefined, existing?: string): { note?: string } => {
  const text = [note, existing].filter(Boolean).join(' ');
  return text ? { note: text } : {};
};

type AnswerRun = LlmAnswerInput & { deadline: AbortSignal };

export function createLlmAnswerer(options: LlmAnswererOptions): LlmAnswerer {
  const { model, prompts, timeoutMs, logger } = options;
  const modelName = options.modelName ?? modelNameOf(model);
  const named = modelName ? { model: modelName } : {};
  const answerChain = createAnswerChain(prompts, model);
  const structuredChain = options.structured ? createStructuredChain(prompts, model) : undefined;
  const summaryChain = createSummaryChain(prompts, model);

  const fallback = (extractive: ExtractiveFallback, note?: string): LlmAnswer => ({
    answer: extractive.answer,
    answerable: extractive.answerable,
    citations: extractive.citations,
    mode: 'extractive',
    ...withNote(note, extractive.note),
  });

  /** One model call: streamed text, or (structured mode) the filled schema. */
  const call = async (run: AnswerRun): Promise<Streamed & { quotes?: Map<string, string> }> => {
    if (!structuredChain) return streamAnswer(answerChain, run, run.deadline, run.onToken);
    const recorder = usageRecorder();
    const filled = await raceAbort(
      structuredChain.invoke(answerVariables(run), { signal: run.deadline, callbacks: [recorder.handler] }),
      run.deadline,
    );
    const { reply, quotes } = readStructured(filled, run.passages);
    return { reply, quotes, ...(recorder.usage ? { usage: recorder.usage } : {}) };
  };

  const generate = RunnableLambda.from(async (run: AnswerRun): Promise<LlmAnswer> => {
    let generated;
    try {
      generated = await call(run);
      if (generated.reply.unfinished || (!generated.reply.declined && generated.reply.text === '')) {
        throw new ModelOutputError('the model returned no answer');
      }
    } catch (err) {
      logger?.warn({ fault: describeFault(err, run.deadline), ...named }, 'llm answer failed; extractive fallback');
      throw err;
    }
    const { reply, usage, quotes } = generated;
    const extra = { ...named, ...(usage ? { usage } : {}) };
    if (reply.declined) return { answer: declineText(run.question), answerable: false, citations: [], mode: 'llm', ...extra };
    const verified = verifyAnswer(reply, run.passages, run.multiDoc ?? false);
    const dropped = verified.dropped.length > 0 ? { dropped: verified.dropped } : {};
    if (verified.claims === 0) {
      logger?.warn({ dropped: verified.dropped.length, ...named }, 'llm answer had no verifiable claim; extractive fallback');
      return { ...fallback(run.extractive, NOTES.unverified), ...dropped };
    }
    const citations = verified.citations.map((c) => ({ ...c, quote: quotes?.get(`${c.doc}\u0000${c.paragraph}`) ?? c.quote }));
    return { answer: verified.answer, answerable: true, citations, mode: 'llm', ...extra, ...dropped };
  });
  const answerWithFallback = generate.withFallbacks([RunnableLambda.from((run: AnswerRun) => fallback(run.extractive, NOTES.unavailable))]);

  return {
    model: modelName ?? 'unknown',

    async answer(input) {
      // Nothing retrieved: nothing the model could cite, so don't spend a call.
      if (input.passages.length === 0) return fallback(input.extractive);
      // The deadline travels in the input, not the config: a fired config signal would stop the fallback too.
      return answerWithFallback.invoke({ ...input, deadline: deadlineSignal(timeoutMs, input.signal) });
    },

    async condense({ history, question, signal: caller }) {
      const signal = deadlineSignal(timeoutMs, caller);
      try {
        return await condenseFollowUp(prompts, model, { history, question, signal });
      } catch (err) {
        logger?.warn({ fault: describeFault(err, signal), ...named }, 'condensing the follow-up failed; using it as asked');
        return question;
      }
    },

    async summarize(input) {
      const { fallback: extractive } = input;
      if (input.passages.length === 0) return extractive;
      const count = pointCount(input.length);
      const deadline = deadlineSignal(timeoutMs, input.signal);
      const summarize = RunnableLambda.from(async (): Promise<SummaryResult> => {
        let points;
        try {
          points = await raceAbort(summaryChain.invoke(summaryVariables(input.passages, count), { signal: deadline }), deadline);
        } catch (err) {
          logger?.warn({ fault: describeFault(err, deadline), ...named }, 'llm summary failed; extractive fallback');
          throw err;
        }
        const verified = verifySummary(points, input.passages);
        if (verified.points.length === 0) {
          logger?.warn({ dropped: verified.dropped.length, ...named }, 'llm summary had no verifiable point; extractive fallback');
          return { ...extractive, ...withNote(NOTES.summaryUnverified, extractive.note) };
        }
        return { doc: extractive.doc, title: extractive.title, points: verified.points.slice(0, count), mode: 'llm', ...named };
      });
      const unavailable = RunnableLambda.from(() => ({ ...extractive, ...withNote(NOTES.summaryUnavailable, extractive.note) }));
      return summarize.withFallbacks([unavailable]).invoke(undefined);
    },
  };
}
