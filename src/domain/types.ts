/**
 * Plain data shared by every layer of footnote. The `AskResult` shape is a public contract:
 * `ask --json`, the eval reports and the Discord renderer all read it.
 */

/** One sentence of a paragraph; offsets are UTF-16 indices into `Paragraph.text`. */
export interface Sentence {
  /** 0-based position within the paragraph. */
  index: number;
  text: string;
  start: number;
  end: number;
}

/** Paragraph N of a document: the Nth blank-line-separated block of its body (1-based). */
export interface Paragraph {
  doc: string;
  n: number;
  text: string;
  /** All-caps section headings found inside (or before) the block, e.g. "HARBOUR FEES". */
  sections: string[];
  sentences: Sentence[];
}

export interface CorpusDocument {
  /** File name without extension; the `doc` field of citations. */
  id: string;
  title: string;
  source?: string;
  date?: string;
  paragraphs: Paragraph[];
}

export interface ParagraphRef {
  doc: string;
  paragraph: number;
}

export interface Citation extends ParagraphRef {
  /** A verbatim sentence (or sentences) of the cited paragraph. */
  quote: string;
}

export interface RetrievedParagraph extends ParagraphRef {
  score: number;
}

export interface AskTimings {
  retrieveMs: number;
  answerMs: number;
  totalMs: number;
}

export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/** A sentence removed from a generated answer because the paragraphs it cites do not support it. */
export interface DroppedSentence {
  sentence: string;
  /** Why, for people: e.g. `"250%" is not in ¶3`, `no citation`. */
  reason: string;
}

/**
 * Kinds of answer phrase found at ingest: proper names (a name after a place preposition such as
 * "in" or "at" is a `place`), dates and times, durations, counts, sums of money, percentages.
 */
export type EntityType = 'name' | 'place' | 'date' | 'duration' | 'number' | 'money' | 'percent';

/** An entity of a paragraph; offsets are UTF-16 indices into `Paragraph.text`. */
export interface Entity {
  type: EntityType;
  start: number;
  end: number;
}

/** The `ask --json` contract. */
export interface AskResult {
  question: string;
  answer: string;
  /**
   * The answer phrase for who / when / where / how many / how much / which questions (a name,
   * place, date, number, sum or percentage from the cited sentence), or null.
   */
  short_answer: string | null;
  answerable: boolean;
  citations: Citation[];
  related: ParagraphRef[];
  retrieved: RetrievedParagraph[];
  mode: 'extractive' | 'llm';
  timings: AskTimings;
  /** LLM mode only. */
  model?: string;
  usage?: TokenUsage;
  /** A short remark for people, e.g. that the model was unavailable and the extractive answer is shown. */
  note?: string;
  /** LLM mode only: sentences of the generated answer that were removed, with the reason. */
  dropped?: DroppedSentence[];
}

/** One earlier exchange of a conversation (thread follow-ups). */
export interface Turn {
  question: string;
  answer: string;
  /** What the answer cited: a follow-up looks for something new beyond these sentences. */
  citations?: Citation[];
  /** The answer phrase it gave; recomputed from the question and citations when absent. */
  shortAnswer?: string | null;
}

/** What a thread remembers of an answer: the shell, and evaluations of follow-ups, keep the same. */
export function turnOf(result: AskResult): Turn {
  return { question: result.question, answer: result.answer, citations: result.citations, shortAnswer: result.short_answer };
}

export interface SummaryPoint {
  text: string;
  citations: Citation[];
}

/** How long a summary is asked to be. */
export type SummaryLength = 'short' | 'medium' | 'long';

/** Points per summary length, for the extractive summary and the model's alike. */
export const SUMMARY_POINTS: Readonly<Record<SummaryLength, number>> = { short: 3, medium: 5, long: 8 };

export interface SummaryResult {
  doc: string;
  title: string;
  points: SummaryPoint[];
  mode: 'extractive' | 'llm';
  model?: string;
  note?: string;
}

/** A retrieved paragraph with its text, handed to answerers (extractive or LLM). */
export interface Passage extends ParagraphRef {
  text: string;
  sections: string[];
  sentences: Sentence[];
  /** Fused retrieval score, higher is better (comparable within one query only). */
  score: number;
  /** The document's title: names in it (the article's subject) hold for every paragraph. */
  title?: string;
}
