import path from 'node:path';
import { parseDocument } from '../corpus/parse.js';
import { UserError } from '../domain/errors.js';
import type { ArticleText } from './types.js';

/**
 * A `.md` or `.txt` article, read exactly as the same file in `corpus/` would be: the paragraphs
 * are the corpus parser's, so an uploaded file and a self-hosted one number alike.
 */
export function readText(raw: string, options: { name: string; format: 'md' | 'txt'; title?: string }): ArticleText {
  const id = path.basename(options.name, path.extname(options.name));
  const doc = parseDocument(id, raw, { format: options.format });
  // Blank lines inside a paragraph cannot exist (they separate paragraphs); other line breaks
  // are kept as they were written.
  const paragraphs = doc.paragraphs.map((p) => p.text);
  if (paragraphs.length === 0) throw new UserError(`${options.name} has no text.`);
  const title = options.title?.trim() || doc.title;
  return {
    title,
    paragraphs,
    source: doc.source ?? options.name,
    ...(doc.date ? { date: doc.date } : {}),
  };
}
