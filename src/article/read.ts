import path from 'node:path';
import { decodeBytes } from '../corpus/decode.js';
import { UserError } from '../domain/errors.js';
import { readHtml } from './html.js';
import { readText } from './text.js';
import { ARTICLE_LIMITS, type ArticleLimits, type ArticleText } from './types.js';

export type ArticleFormat = 'html' | 'md' | 'txt';

const EXTENSIONS: Record<string, ArticleFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'md',
  '.markdown': 'md',
  '.txt': 'txt',
  '.text': 'txt',
};
const CONTENT_TYPES: Record<string, ArticleFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'text/plain': 'txt',
};

export const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
const charsetOf = (contentType: string | undefined) => /;\s*charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];

/** An upload's format from its name (first) or its declared type; undefined when it is neither. */
export function articleFormat(file: { name: string; contentType?: string }): ArticleFormat | undefined {
  return EXTENSIONS[path.extname(file.name).toLowerCase()] ?? CONTENT_TYPES[mediaType(file.contentType)];
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1).replace(/\.0+$/, '')} MB`;

/**
 * Bytes to text. Binary files are refused (a NUL byte, or bytes that are not UTF-8 where no
 * other charset was declared) by the same check the corpus folder uses, because their
 * "paragraphs" would be noise. An HTML page may declare its charset in a `<meta>` tag instead
 * of its header.
 */
export function decodeText(bytes: Uint8Array, name: string, contentType?: string, format?: ArticleFormat): string {
  let charset = charsetOf(contentType);
  if (!charset && format === 'html') {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  }
  const label = charset?.toLowerCase() ?? 'utf-8';
  const decoder = (() => {
    try {
      return new TextDecoder(label, { fatal: label === 'utf-8' || label === 'utf8' });
    } catch {
      return new TextDecoder('utf-8', { fatal: true }); // an unknown charset label
    }
  })();
  const decoded = decodeBytes(bytes, decoder);
  if ('notText' in decoded) throw new UserError(`${name} ${decoded.notText}: upload a .txt, .md or .html article.`);
  return decoded.text;
}

export interface ArticleInput {
  /** File name, or the URL the page was fetched from. */
  name: string;
  bytes: Uint8Array;
  contentType?: string;
  /** The page's address (fetched pages): recorded as the source. */
  url?: string;
  /** Overrides the title found in the text. */
  title?: string;
}

/** Reads an uploaded or fetched article into its title and paragraphs, within the limits. */
export function readArticle(input: ArticleInput, limits: ArticleLimits = ARTICLE_LIMITS): ArticleText {
  const format = articleFormat(input);
  if (!format) {
    const type = input.contentType ? ` (${mediaType(input.contentType)})` : '';
    throw new UserError(`${input.name}${type} is not an article footnote can read: use a .txt, .md or .html file.`);
  }
  if (input.bytes.length > limits.maxBytes) {
    throw new UserError(`${input.name} is ${megabytes(input.bytes.length)}; an article may be at most ${megabytes(limits.maxBytes)}.`);
  }
  const text = decodeText(input.bytes, input.name, input.contentType, format);
  const title = input.title?.trim() || undefined;
  const article =
    format === 'html'
      ? readHtml(text, { ...(input.url ? { url: input.url } : {}), ...(title ? { title } : {}) })
      : readText(text, { name: input.name, format, ...(title ? { title } : {}) });
  article.source = input.url ?? article.source ?? input.name;
  const chars = article.paragraphs.reduce((sum, p) => sum + p.length, 0);
  if (chars > limits.maxChars) {
    throw new UserError(
      `${input.name} has ${chars.toLocaleString('en')} characters of text; an article may have at most ${limits.maxChars.toLocaleString('en')}.`,
    );
  }
  return article;
}
