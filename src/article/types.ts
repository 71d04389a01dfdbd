/** An article reduced to what footnote answers from: a title and its body paragraphs, in order. */
export interface ArticleText {
  title: string;
  /** Body paragraphs, each one line of plain text (no blank lines inside). */
  paragraphs: string[];
  /** Where it came from: a URL or an uploaded file's name. */
  source?: string;
  /** Publication date (YYYY-MM-DD) when the page states one. */
  date?: string;
  byline?: string;
}

/** What one article may cost: checked before indexing, so a huge upload cannot stall the bot. */
export interface ArticleLimits {
  /** Bytes of an upload or a fetched page (HTML included). */
  maxBytes: number;
  /** Characters of the cleaned body: a long-form feature is ~60,000. */
  maxChars: number;
}

export const ARTICLE_LIMITS: ArticleLimits = { maxBytes: 5 * 1024 * 1024, maxChars: 300_000 };
