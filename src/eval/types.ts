/**
 * Plain data of the evaluation runner. Everything here is serialisable; the snake_case keys of
 * `CaseChecks` and `EvalSummary` are written verbatim to `results.json`, which other tools read.
 */
import type { AskResult, Turn } from '../domain/types.js';

/** One expected fact: any one of the alternatives must appear in the answer (case-insensitive). */
export type Fact = string[];

/** A validated question case (facts normalised to lists of alternatives, ids to strings). */
export interface EvalCase {
  id: string;
  question: string;
  answerable: boolean;
  expected: Fact[];
  /** Gold paragraph numbers; citing any one of them is correct support. Empty = not graded. */
  citations: number[];
  must_not_include: string[];
  /** Restricts gold citations/retrieval to this document (multi-document corpora). */
  doc?: string;
  /**
   * A thread follow-up: the earlier questions of its thread, oldest first. They are asked first,
   * each with the answers before it, and only the case's own question is graded.
   */
  follows?: string[];
  tags: string[];
  reference_answer?: string;
  notes?: string;
  /** 1-based line of the case in its file (for messages). */
  line: number;
}

/** `ask` as the eval runner sees the core; `doc` is passed when a case names one. */
export type AskFn = (question: string, options?: { doc?: string; history?: Turn[]; signal?: AbortSignal }) => Promise<AskResult>;

/** Text of paragraph `n` of document `doc`, or undefined when there is no such paragraph. */
export type ParagraphTextFn = (doc: string, n: number) => string | undefined;

/** What the core reports about itself; recorded as `config` in results.json. */
export interface EvalConfigInfo {
  mode: 'extractive' | 'llm';
  /** LLM model name, when one is configured. */
  model?: string | null;
  /** Embeddings backend, e.g. "glove-100d" or "text-embedding-3-small". */
  embeddings: string;
  /** Hash of the corpus the index was built from. */
  corpusHash: string;
  [extra: string]: unknown;
}

/** Input handed to an optional LLM faithfulness judge. */
export interface JudgeInput {
  question: string;
  answer: string;
  /** The cited paragraphs with their text (undefined when the paragraph does not exist). */
  cited: Array<{ doc: string; paragraph: number; quote: string; text: string | undefined }>;
}

/** A judge's verdict: 1 = every claim supported by the cited paragraphs, 0 = none. */
export interface JudgeVerdict {
  score: number;
  reason?: string;
}

export interface JudgeFn {
  (input: JudgeInput): Promise<JudgeVerdict>;
  /** Shown in reports, e.g. the judge model's name. */
  label?: string;
}

/** A citation that failed validation. */
export interface InvalidCitation {
  doc: string;
  paragraph: number;
  reason: 'no-such-paragraph' | 'quote-not-found';
}

/**
 * Per-case checks. `null` means "not applicable" (e.g. facts of an unanswerable case, retrieval of
 * a case without gold paragraphs). `failures` lists the reasons of the gating checks that failed;
 * a case passes when it is empty.
 */
export interface CaseChecks {
  /** The core declined (`answerable: false`). */
  declined: boolean;
  /** Unanswerable → declined; answerable → not declined. */
  decline_ok: boolean;
  facts_ok: boolean | null;
  /** Facts (as alternatives) absent from the answer. */
  missing_facts: Fact[];
  forbidden_ok: boolean | null;
  forbidden_found: string[];
  /** 1-based rank of the first gold paragraph among unique retrieved paragraphs (0 = not retrieved). */
  retrieval_rank: number | null;
  hit_at_1: boolean | null;
  hit_at_3: boolean | null;
  reciprocal_rank: number | null;
  /** Unique cited paragraph numbers, in citation order. */
  cited: number[];
  /** Share of the cited paragraphs that are gold. */
  citation_precision: number | null;
  /** Every cited paragraph is gold (the scorer's per-case precision). */
  citation_all_gold: boolean | null;
  /** At least one gold paragraph is cited. */
  citation_recall: boolean | null;
  /** Share of the gold paragraphs that are cited. */
  citation_gold_coverage: number | null;
  citations_valid: boolean;
  invalid_citations: InvalidCitation[];
  /** `timings.totalMs` of the result, or wall time around `ask` when absent. */
  latency_ms: number | null;
  error: string | null;
  failures: string[];
}

/** One case after the run: the case, the core's exact result and the checks. */
export interface CaseRecord {
  case: EvalCase;
  /** The exact `ask --json` object; null when ask threw. */
  result: AskResult | null;
  checks: CaseChecks;
  pass: boolean;
  faithfulness?: { score: number | null; reason?: string; error?: string };
}
