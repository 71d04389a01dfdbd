import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { ArticleText } from './types.js';

/**
 * The article as a corpus document: front matter, `# Title`, then one blank-line block per
 * paragraph, so paragraph N of the file is `article.paragraphs[N-1]` (the README's contract).
 * `provenance: false` leaves out the source and byline: the text alone then decides the bytes,
 * and two uploads of the same article share one index.
 */
export function toMarkdown(article: ArticleText, options: { provenance?: boolean } = {}): string {
  const meta: Record<string, string> = { title: article.title };
  if (options.provenance !== false) {
    if (article.source) meta.source = article.source;
    if (article.byline) meta.byline = article.byline;
  }
  if (article.date) meta.date = article.date;
  const title = article.title.replace(/\s+/g, ' ').trim();
  const body = article.paragraphs.map((p) => p.replace(/\n\s*\n/g, '\n').trim()).filter(Boolean);
  return `---\n${stringify(meta).trimEnd()}\n---\n\n# ${title}\n\n${body.join('\n\n')}\n`;
}

/** A file-name-safe id from a title: lower-case ASCII words joined by hyphens, at most 60 characters. */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    if (slug && slug.length + 1 + word.length > 60) break;
    slug = slug ? `${slug}-${word}` : word.slice(0, 60);
  }
  return slug || 'article';
}

export const contentHash = (text: string) => createHash('sha256').update(text).digest('hex');
