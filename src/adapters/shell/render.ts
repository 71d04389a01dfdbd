/**
 * Plain-text rendering for terminals. Generated answers and summary points go through one path
 * (`claimText`): the model's Markdown becomes plain text; extractive text is shown as quoted.
 */
import type { AskResult, Paragraph, SummaryResult } from '../../domain/types.js';
import { formatMarker, formatRef, formatRefList } from '../../text/markers.js';

/**
 * Markdown as plain text: emphasis and code marks removed, headings as their words, links as
 * "text (url)", code blocks as their lines. Lists and line breaks stay.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^[ \t]*```[^\n]*\n?/gm, '')
    .replace(/^([ \t]*)#{1,6}[ \t]+(.+?)[ \t#]*$/gm, '$1$2')
    .replace(/^([ \t]*)[*+][ \t]+/gm, '$1- ')
    .replace(/\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?\s*\)/g, '$1 ($2)')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=[\s).,;:!?]|$)/gm, '$1');
}

/** The streamed draft as plain text, holding back Markdown marks that may be half-written. */
export function plainDraft(draft: string): string {
  return plainText(draft.replace(/[*_`#~[]+$/, ''));
}

function claimText(text: string, mode: 'llm' | 'extractive'): string {
  return mode === 'llm' ? plainText(text.trim()) : text.trim();
}

/**
 * Plain-text rendering of an answer for terminals: the answer, then each quoted source.
 * `sourceHint`: the reader can type `/source N` (the shell can; `footnote ask` cannot).
 */
export function renderAnswerText(result: AskResult, multiDoc = false, sourceHint = true): string {
  // The answer phrase comes first: an extractive answer opens with it; a generated one that
  // does not mention it gets it as a first line.
  const lead = result.short_answer && !result.answer.includes(result.short_answer) ? result.short_answer : '';
  return [lead, claimText(result.answer, result.mode), renderAnswerDetails(result, multiDoc, sourceHint)].filter(Boolean).join('\n');
}

/** What follows the answer text: sources with quotes, related paragraphs, notes. */
export function renderAnswerDetails(result: AskResult, multiDoc = false, sourceHint = true): string {
  const lines: string[] = [];
  if (result.citations.length > 0) {
    lines.push('', 'Sources');
    for (const c of result.citations) lines.push(`  ${formatMarker(c, multiDoc)} “${c.quote}”`);
  }
  if (!result.answerable && result.related.length > 0)
    lines.push('', `Related: ${formatRefList(result.related, multiDoc)}${sourceHint ? ' (try /source N)' : ''}`);
  if (result.note) lines.push('', `Note: ${result.note}`);
  return lines.join('\n');
}

export function renderParagraphText(paragraph: Paragraph, title: string): string {
  const sections = paragraph.sections.length ? ` (${paragraph.sections.join(', ')})` : '';
  return `${title} — ${formatRef({ doc: paragraph.doc, paragraph: paragraph.n }, false)}${sections}\n\n${paragraph.text}`;
}

export function renderSummaryText(summary: SummaryResult, multiDoc = false): string {
  const lines = [`Summary of “${summary.title}”`, ''];
  for (const p of summary.points) lines.push(`• ${claimText(p.text, summary.mode)} ${formatMarker(p.citations, multiDoc)}`);
  if (summary.note) lines.push('', `Note: ${summary.note}`);
  return lines.join('\n');
}

/**
 * A generated answer printed as it streams: each piece is turned into the plain text it adds,
 * and `printed` is what the terminal shows, to compare with the checked answer at the end.
 */
export function createPlainStream() {
  let draft = '';
  let printed = '';
  return {
    /** The text to print for this piece ('' when nothing new is safe to print). */
    push(piece: string): string {
      draft += piece;
      const plain = plainDraft(draft);
      if (!plain.startsWith(printed)) return '';
      const added = plain.slice(printed.length);
      printed = plain;
      return added;
    },
    get printed() {
      return printed;
    },
  };
}
