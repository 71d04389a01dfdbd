/**
 * The LLM answerer: generated answers and summaries whose citations are verified, with the
 * extractive result (computed by the caller) as the floor. Model faults — HTTP errors after the
 * bounded retries, timeouts, aborts, empty output — and answers whose citations don't hold all
 * return the extractive result with a short note. It never throws for model faults and never
 * runs past `timeoutMs` per call.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { SUMMARY_POINTS, type Citation, type Passage, type SummaryResult, type Turn } from '../../domain/types.js';
import { verifyCitations } from './citations.js';
import { deadlineSignal } from './deadline.js';
import { condenseFollowUp, generateAnswer, generateSummary, ModelOutputError } from './generate.js';
import { modelNameOf } from '../../providers/openai.js';
import type { PromptSet } from './prompts.js';
import { verifySummary } from './summary.js';

/** The user-facing notes, fixed so renderers and tests can rely on them. */
export const NOTES = {
  unavailable: 'The language model was unavailable, so this is the extractive answer.',
  unverified: "The generated answer's citations could not be verified, so this is the extractive answer.",
  summaryUnavailable: 'The language model was unavailable, so this is the extractive summary.',
  summaryUnverified: "The generated summary's citations could not be verified, so this is the extractive summary.",
} as const;

/** The part of an extractive `AskResult` the answerer falls back to. */
export interface ExtractiveFallback {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  note?: string;
}

/** What the core expects back from a generated-answer layer (defined by the core). */
export type { LlmAnswer } from '../../domain/ports.js';
import type { LlmAnswer } from '../../domain/ports.js';

export interface LlmAnswerInput {
  question: string;
  passages: readonly Passage[];
  history?: readonly Turn[];
  extractive: ExtractiveFallback;
  signal?: AbortSignal;
  /** Streamed pieces for progress display; the returned `answer` is the authoritative text. */
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

export function createLlmAnswerer(options: LlmAnswererOptions): LlmAnswerer {
  const { model, prompts, timeoutMs, logger } = options;
  const modelName = options.modelName ?? modelNameOf(model);
  const named = modelName ? { model: modelName } : {};

  const fallback = (extractive: ExtractiveFallback, note?: string): LlmAnswer => ({
    answer: extractive.answer,
    answerable: extractive.answerable,
    citations: extractive.citations,
    mode: 'extractive',
    ...withNote(note, extractive.note),
  });

  return {
    model: modelName ?? 'unknown',

    async answer(input) {
      // Nothing retrieved: nothing the model could cite, so don't spend a call.
      if (input.passages.length === 0) return fallback(input.extractive);
      const signal = deadlineSignal(timeoutMs, input.signal);
      let generated;
      try {
        const { question, passages, history, onToken } = input;
        generated = await generateAnswer({
          model,
          prompts,
          question,
          passages,
          signal,
          ...(history ? { history } : {}),
          ...(onToken ? { onToken } : {}),
        });
        if (!generated.text.trim()) throw new ModelOutputError('the model returned an empty answer');
      } catch (err) {
        logger?.warn({ fault: describeFault(err, signal), ...named }, 'llm answer failed; extractive fallback');
        return fallback(input.extractive, NOTES.unavailable);
      }
      const verified = verifyCitations(generated.text, input.passages);
      const usage = generated.usage ? { usage: generated.usage } : {};
      if (verified.declined) {
        return { answer: verified.answer, answerable: false, citations: verified.citations, mode: 'llm', ...named, ...usage };
      }
      if (verified.citations.length === 0) {
        logger?.warn({ droppedMarkers: verified.droppedMarkers, ...named }, 'llm answer had no verifiable citation; extractive fallback');
        return fallback(input.extractive, NOTES.unverified);
      }
      return { answer: verified.answer, answerable: true, citations: verified.citations, mode: 'llm', ...named, ...usage };
    },

    async condense({ history, question, signal: caller }) {
      const signal = deadlineSignal(timeoutMs, caller);
      try {
        return await condenseFollowUp({ model, prompts, history, question, signal });
      } catch (err) {
        logger?.warn({ fault: describeFault(err, signal), ...named }, 'condensing the follow-up failed; using it as asked');
        return question;
      }
    },

    async summarize(input) {
      const { fallback: extractive } = input;
      const fallbackSummary = (note: string): SummaryResult => ({ ...extractive, ...withNote(note, extractive.note) });
      if (input.passages.length === 0) return extractive;
      const count = pointCount(input.length);
      const signal = deadlineSignal(timeoutMs, input.signal);
      let text: string;
      try {
        ({ text } = await generateSummary({ model, prompts, passages: input.passages, length: count, signal }));
      } catch (err) {
        logger?.warn({ fault: describeFault(err, signal), ...named }, 'llm summary failed; extractive fallback');
        return fallbackSummary(NOTES.summaryUnavailable);
      }
      const verified = verifySummary(text, input.passages);
      if (verified.points.length === 0) {
        logger?.warn({ droppedPoints: verified.droppedPoints, ...named }, 'llm summary had no verifiable point; extractive fallback');
        return fallbackSummary(NOTES.summaryUnverified);
      }
      return { doc: extractive.doc, title: extractive.title, points: verified.points.slice(0, count), mode: 'llm', ...named };
    },
  };
}
