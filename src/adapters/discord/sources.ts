/**
 * "Show sources" under an answer: every paragraph the answer cites, in full, with the quoted
 * sentences in bold, shown only to the person who clicked. The answer itself shows one line per
 * source; this is where a reader checks the quote in its context.
 */
import type { Paragraph, ParagraphRef } from '../../domain/types.js';
import type { AnswerRecord } from '../../storage/store.js';
import { formatRef } from '../../text/markers.js';
import { escapeMarkdown, oneLine } from './markdown.js';
import { toMessages, type OutgoingMessage } from './render.js';

/** The cited paragraphs in the order the answer cites them, each with its quotes. */
function citedParagraphs(record: AnswerRecord): { ref: ParagraphRef; quotes: string[] }[] {
  const out = new Map<string, { ref: ParagraphRef; quotes: string[] }>();
  for (const c of record.citations) {
    const key = `${c.doc}\0${c.paragraph}`;
    const entry = out.get(key) ?? { ref: { doc: c.doc, paragraph: c.paragraph }, quotes: [] };
    if (c.quote && !entry.quotes.includes(c.quote)) entry.quotes.push(c.quote);
    out.set(key, entry);
  }
  return [...out.values()];
}

/** Bolds each quote where it occurs in the (escaped) paragraph text. */
function highlight(text: string, quotes: string[]): string {
  let out = escapeMarkdown(text.trim());
  for (const q of quotes) {
    const escaped = escapeMarkdown(q.trim());
    if (escaped && out.includes(escaped)) out = out.replace(escaped, `**${escaped}**`);
  }
  return out;
}

/**
 * The messages for a "Show sources" click. `paragraph` looks a cited paragraph up in the current
 * corpus; when it changed since the answer (or is gone) the stored quote is shown instead.
 */
export function sourcesMessages(
  record: AnswerRecord,
  paragraph: (ref: ParagraphRef) => Paragraph | undefined,
  titleOf: (doc: string) => string,
  multiDoc: boolean,
): OutgoingMessage[] {
  const cited = citedParagraphs(record);
  if (cited.length === 0) return toMessages('This answer cites no paragraph.');
  const blocks = cited.map(({ ref, quotes }) => {
    const heading = `**${escapeMarkdown(oneLine(titleOf(ref.doc)))} — ${formatRef(ref, multiDoc)}**`;
    const p = paragraph(ref);
    const current = p && quotes.every((q) => p.text.includes(q.trim()));
    if (current) return `${heading}\n${highlight(p.text, quotes)}`;
    const stored = quotes.map((q) => `> “${escapeMarkdown(oneLine(q))}”`).join('\n');
    return `${heading} (the article changed since this answer; the quote as it was)\n${stored}`;
  });
  return toMessages(blocks.join('\n\n'));
}
