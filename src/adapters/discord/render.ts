import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord-api-types/v10';
import type { Reply } from '../../commands/types.js';
import type { AskResult, Citation, Paragraph, ParagraphRef, SummaryResult } from '../../domain/types.js';
import { formatMarker, formatRef, formatRefList } from '../../text/markers.js';
import { escapeMarkdown, modelMarkdown, oneLine } from './markdown.js';
import { CONTENT_LIMIT, splitContent } from './split.js';

/** A message to send, as plain data; the router turns it into a discord.js payload. */
export interface OutgoingMessage {
  content: string;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Text files to attach (eval reports). */
  files?: { name: string; content: string }[];
}

export interface RenderOptions {
  /** Several documents: markers and references name the document. */
  multiDoc: boolean;
}

/** Quotes grouped by cited paragraph, in the order the answer first cites them. */
function bySource(citations: Citation[]): { ref: ParagraphRef; quotes: string[] }[] {
  const groups = new Map<string, { ref: ParagraphRef; quotes: string[] }>();
  for (const c of citations) {
    const key = `${c.doc}\0${c.paragraph}`;
    const group = groups.get(key) ?? { ref: { doc: c.doc, paragraph: c.paragraph }, quotes: [] };
    if (!group.quotes.includes(c.quote)) group.quotes.push(c.quote);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const noteLine = (note: string | undefined) => (note ? [`-# Note: ${escapeMarkdown(oneLine(note))}`] : []);

/**
 * The text of an answer or a summary point, one path for both: a generated text keeps the
 * model's Markdown (neutralised), an extractive one is a quote and is escaped.
 */
function claimText(text: string, mode: 'llm' | 'extractive'): string {
  return mode === 'llm' ? modelMarkdown(text.trim()) : escapeMarkdown(text.trim());
}

/**
 * An answer: its text with `[¶N]` markers, then one block-quote line per cited paragraph with
 * the quoted sentence(s), so every claim can be checked without leaving Discord. Text rather
 * than an embed: embeds are hidden for people who turned link previews off, and plain lines
 * split cleanly at Discord's 2,000-character limit.
 */
export function answerContent(result: AskResult, { multiDoc }: RenderOptions): string {
  const lines = [withShortAnswer(result)];
  const sources = bySource(result.citations);
  if (sources.length > 0) {
    lines.push('', '**Sources**');
    for (const s of sources) {
      const quotes = s.quotes.map((q) => `“${escapeMarkdown(oneLine(q))}”`).join(' … ');
      lines.push(`> **${formatMarker(s.ref, multiDoc)}** ${quotes}`);
    }
  }
  if (!result.answerable && result.related.length > 0) {
    const first = result.related[0]!;
    const refs = formatRefList(result.related, multiDoc);
    const example = `/source paragraph:${first.paragraph}${multiDoc ? ` doc:${first.doc}` : ''}`;
    lines.push('', `Related paragraphs: ${refs} — \`${example}\` shows one in full.`);
  }
  lines.push(...noteLine(result.note));
  return lines.join('\n');
}

/**
 * The answer with its answer phrase first, in bold: an extractive answer opens with it; a
 * generated one that does not mention it gets it as a first line.
 */
function withShortAnswer({ answer, short_answer: short, mode }: AskResult): string {
  const text = answer.trim();
  if (!short) return claimText(text, mode);
  const bold = `**${escapeMarkdown(oneLine(short))}**`;
  if (text.startsWith(`${short} — `)) return `${bold} — ${claimText(text.slice(short.length + 3), mode)}`;
  return text.includes(short) ? claimText(text, mode) : `${bold}\n${claimText(text, mode)}`;
}

export function summaryContent(summary: SummaryResult, { multiDoc }: RenderOptions): string {
  const lines = [`**Summary of “${escapeMarkdown(oneLine(summary.title))}”**`];
  for (const p of summary.points) {
    const markers = formatMarker(
      bySource(p.citations).map((s) => s.ref),
      multiDoc,
    );
    lines.push(`• ${claimText(oneLine(p.text), summary.mode)}${markers ? ` ${markers}` : ''}`);
  }
  lines.push(...noteLine(summary.note));
  return lines.join('\n');
}

export function paragraphContent(paragraph: Paragraph, title: string): string {
  const sections = paragraph.sections.length ? ` (${escapeMarkdown(paragraph.sections.join(', '))})` : '';
  const ref = formatRef({ doc: paragraph.doc, paragraph: paragraph.n }, false);
  return `**${escapeMarkdown(oneLine(title))} — ${ref}**${sections}\n${escapeMarkdown(paragraph.text.trim())}`;
}

export function replyContent(reply: Reply, options: RenderOptions): string {
  switch (reply.kind) {
    case 'answer':
      return answerContent(reply.result, options);
    case 'summary':
      return summaryContent(reply.summary, options);
    case 'paragraph':
      return paragraphContent(reply.paragraph, reply.title);
    case 'text':
      return reply.formatted ? reply.text : escapeMarkdown(reply.text);
  }
}

/** Content → messages within Discord's limits; `components` (e.g. feedback buttons) go on the last. */
export function toMessages(content: string, components?: OutgoingMessage['components'], limit = CONTENT_LIMIT): OutgoingMessage[] {
  const parts = splitContent(content, limit);
  if (parts.length === 0) parts.push('…');
  return parts.map((p, i) => (i === parts.length - 1 && components ? { content: p, components } : { content: p }));
}

/** A generated answer while it streams: the text so far with a cursor, cut to one message. */
export function streamingContent(partial: string, limit = CONTENT_LIMIT): string {
  const text = modelMarkdown(partial.trim());
  const cursor = ' ▍';
  return text.length + cursor.length <= limit ? `${text}${cursor}` : `${text.slice(0, limit - 2).replace(/\\$/, '')} …`;
}

/** Our own wording (notices, refusals): Discord formatting such as `<t:…:R>` is intended. */
export function notice(text: string): OutgoingMessage {
  return { content: text.slice(0, CONTENT_LIMIT) };
}
