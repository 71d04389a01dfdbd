import type { AskResult, Paragraph, ParagraphRef, SummaryResult } from '../../domain/types.js';

const refList = (refs: ParagraphRef[], multiDoc: boolean) =>
  refs.map((r) => (multiDoc ? `${r.doc} ¶${r.paragraph}` : `¶${r.paragraph}`)).join(', ');

/** Plain-text rendering of an answer for terminals: the answer, then each quoted source. */
export function renderAnswerText(result: AskResult, multiDoc = false): string {
  return [result.answer, renderAnswerDetails(result, multiDoc)].filter(Boolean).join('\n');
}

/** What follows the answer text: sources with quotes, related paragraphs, notes. */
export function renderAnswerDetails(result: AskResult, multiDoc = false): string {
  const lines: string[] = [];
  if (result.citations.length > 0) {
    lines.push('', 'Sources');
    for (const c of result.citations) lines.push(`  [${multiDoc ? `${c.doc} ` : ''}¶${c.paragraph}] “${c.quote}”`);
  }
  if (!result.answerable && result.related.length > 0) lines.push('', `Related: ${refList(result.related, multiDoc)} (try /source N)`);
  if (result.note) lines.push('', `Note: ${result.note}`);
  return lines.join('\n');
}

export function renderParagraphText(paragraph: Paragraph, title: string): string {
  const sections = paragraph.sections.length ? ` (${paragraph.sections.join(', ')})` : '';
  return `${title} — ¶${paragraph.n}${sections}\n\n${paragraph.text}`;
}

export function renderSummaryText(summary: SummaryResult): string {
  const lines = [`Summary of “${summary.title}”`, ''];
  for (const p of summary.points) lines.push(`• ${p.text} ${p.citations.map((c) => `[¶${c.paragraph}]`).join('')}`);
  if (summary.note) lines.push('', `Note: ${summary.note}`);
  return lines.join('\n');
}
