import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { CorpusDocument, Paragraph, Sentence } from '../domain/types.js';
import { splitSentences } from '../text/sentences.js';

/**
 * The YAML parser, loaded on first use: a start whose index is up to date never parses the corpus,
 * and loading `yaml` (70 CommonJS files) is ~40 ms of every cold `ask` otherwise.
 */
let yamlModule: typeof Yaml | undefined;
const yaml = () => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** A single block longer than this many sentences is treated as a document without paragraphs. */
const LONG_BLOCK_SENTENCES = 12;
/** Sentences per synthetic paragraph when a long block is split. */
const SENTENCES_PER_SPLIT_PARAGRAPH = 4;
const SPLIT_PARAGRAPH_MAX_CHARS = 900;

export interface ParseOptions {
  /** `md` strips front matter and a leading `# Title`; `txt` keeps every block. */
  format: 'md' | 'txt';
}

interface Header {
  title?: string;
  source?: string;
  date?: string;
  body: string;
}

function readHeader(text: string, format: ParseOptions['format']): Header {
  if (format === 'txt') return { body: text };
  let body = text;
  const header: Header = { body };
  const front = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(body);
  if (front) {
    body = body.slice(front[0].length);
    const m = frontMatter(front[1] ?? '');
    if (m.title != null) header.title = String(m.title);
    if (m.source != null) header.source = String(m.source);
    if (m.date != null) header.date = m.date instanceof Date ? m.date.toISOString().slice(0, 10) : String(m.date);
  }
  const title = /^\s*#[ \t]+(.+?)[ \t#]*(?:\n|$)/.exec(body);
  if (title) {
    header.title ??= title[1];
    if (!header.title) header.title = title[1];
    body = body.slice(title[0].length);
  }
  header.body = body;
  return header;
}

/**
 * Front matter as YAML; if it is not valid YAML, its plain `key: value` lines. Hand-written
 * headers break YAML easily (`source: @org/package` starts with a reserved character), and
 * losing the title over it would lose what every paragraph is about.
 */
function frontMatter(text: string): Record<string, unknown> {
  try {
    const meta: unknown = yaml().parse(text);
    return meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
  } catch {
    const lines = text.split('\n').flatMap((line) => {
      const kv = /^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$/.exec(line);
      return kv?.[2] ? [[kv[1]!, kv[2].replace(/^(["'])(.*)\1$/, '$2')] as const] : [];
    });
    return Object.fromEntries(lines);
  }
}

/** The blank-line-separated blocks of a body: the public paragraph numbering. */
export function splitBlocks(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
}

function toParagraph(doc: string, n: number, text: string): Paragraph {
  const sections: string[] = [];
  const sentences: Sentence[] = [];
  for (const s of splitSentences(text)) {
    if (s.heading) sections.push(s.heading);
    sentences.push({ index: sentences.length, text: s.text, start: s.start, end: s.end });
  }
  return { doc, n, text, sections, sentences };
}

/** Groups the sentences of one huge block into paragraphs of a few sentences each. */
function splitLongBlock(block: string): string[] {
  const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
  const pieces = lines.length >= 3 ? lines : [block];
  const out: string[] = [];
  for (const piece of pieces) {
    const sentences = splitSentences(piece);
    let current: string[] = [];
    let length = 0;
    for (const s of sentences) {
      // A heading stripped from the sentence goes back in front of it: nothing is lost.
      const from = s.heading ? piece.lastIndexOf(s.heading, s.start) : s.start;
      const sentenceText = piece.slice(from, s.end).trim();
      if (current.length >= SENTENCES_PER_SPLIT_PARAGRAPH || (current.length > 0 && length + sentenceText.length > SPLIT_PARAGRAPH_MAX_CHARS)) {
        out.push(current.join(' '));
        current = [];
        length = 0;
      }
      current.push(sentenceText);
      length += sentenceText.length + 1;
    }
    if (current.length) out.push(current.join(' '));
  }
  return out;
}

function humanize(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Parses one corpus file into a document. Paragraph N is the Nth blank-line block of the body
 * (after front matter and the `# Title` line in Markdown). A body that is one huge block is
 * split into paragraphs of a few sentences, so long plain-text sources still cite usefully.
 */
export function parseDocument(id: string, raw: string, options: ParseOptions): CorpusDocument {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const header = readHeader(text, options.format);
  let blocks = splitBlocks(header.body);
  if (blocks.length === 1 && splitSentences(blocks[0]!).length > LONG_BLOCK_SENTENCES) {
    blocks = splitLongBlock(blocks[0]!);
  }
  const doc: CorpusDocument = {
    id,
    title: header.title ?? humanize(id),
    paragraphs: blocks.map((block, i) => toParagraph(id, i + 1, block)),
  };
  if (header.source) doc.source = header.source;
  if (header.date) doc.date = header.date;
  return doc;
}
