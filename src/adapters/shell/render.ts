import type { AskResult, Paragraph, SummaryResult } from '../../domain/types.js';
import { formatMarker, formatRef, formatRefList } from '../../text/markers.js';

/** Plain-text rendering of an answer for terminals: the answer, then each quoted source. */
export function renderAnswerText(result: AskResult, multiDoc = false): string {
  return [result.answer, renderAnswerDetails(result, multiDoc)].filter(Boolean).join('\n');
}

/** What follows the answer text: sources with quotes, related paragraphs, notes. */
export function renderAnswerDetails(result: AskResult, multiDoc = false): string {
  const lines: string[] = [];
  if (result.citations.length > 0) {
    lines.push('', 'Sources');
    for (const c of result.citations) lines.push(`  ${formatMarker(c, multiDoc)} “${c.quote}”`);
  }
  if (!result.answerable && result.related.length > 0)
    lines.push('', `Related: ${formatRefList(result.related, multiDoc)} (try /source N)`);
  if (result.note) lines.push('', `Note: ${result.note}`);
  return lines.join('\n');
}

export function renderParagraphText(paragraph: Paragraph, title: string): string {
  const sections = paragraph.sections.length ? ` (${paragraph.sections.join(', ')})` : '';
  return `${title} — ${formatRef({ doc: paragraph.doc, paragraph: paragraph.n }, false)}${sections}\n\n${paragraph.text}`;
}

export function renderSummaryText(summary: SummaryResult, multiDoc = false): string {
  const lines = [`Summary of “${summary.title}”`, ''];
  for (const p of summary.points) lines.push(`• ${p.text} ${formatMarker(p.citations, multiDoc)}`);
  if (summary.note) lines.push('', `Note: ${summary.note}`);
  return lines.join('\n');
}
