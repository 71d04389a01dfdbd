/**
 * The seams between layers: what the app asks of an answering model, what answer support asks of
 * word vectors, and what an index build asks of embeddings. Implementations live above.
 */
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { AskResult, Citation, DroppedSentence, Passage, SummaryResult, TokenUsage, Turn } from './types.js';

/** What the scorer needs to know about words; implemented over the GloVe table. */
export interface WordModel {
  vector(word: string): Float32Array | undefined;
  /** 0 for the most common words of English, 1 for rare or unknown ones. */
  rarity(word: string): number;
}

/** The embeddings that build and query an index. */
export interface EmbeddingsInfo {
  embeddings: EmbeddingsInterface;
  /** Stable id recorded in the manifest (provider + model + weighting). */
  model: string;
}

export interface AskOptions {
  /** Earlier turns of a conversation (thread follow-ups), oldest first. */
  history?: Turn[];
  /** Answer from this document only (multi-document corpora); UserError if it does not exist. */
  doc?: string;
  /** Compute the answer even if it is cached (evaluations measure real latency). */
  fresh?: boolean;
  signal?: AbortSignal;
  /** Streaming: called with each generated token (LLM mode only). */
  onToken?: (token: string) => void;
}

/** What the generated-answer layer returns; the extractive answer is its fallback. */
export interface LlmAnswer {
  answer: string;
  answerable: boolean;
  citations: Citation[];
  mode: 'llm' | 'extractive';
  model?: string;
  usage?: TokenUsage;
  note?: string;
  /** Sentences of the generated answer removed by verification. */
  dropped?: DroppedSentence[];
}

/** The optional LLM layer (see src/answer/llm). */
export interface LlmLayer {
  model: string;
  condense(input: { question: string; history: Turn[]; signal?: AbortSignal }): Promise<string>;
  answer(input: {
    question: string;
    passages: Passage[];
    history: Turn[];
    extractive: AskResult;
    /** Several documents in the corpus: markers name the document, as extractive answers do. */
    multiDoc?: boolean;
    signal?: AbortSignal;
    onToken?: (t: string) => void;
  }): Promise<LlmAnswer>;
  summarize?: (input: { passages: Passage[]; length: string; fallback: SummaryResult; signal?: AbortSignal }) => Promise<SummaryResult>;
}
