import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from '../corpus/parse.js';
import { UserError } from '../domain/errors.js';
import type { PageFetcher } from './fetch.js';
import { slugify, toMarkdown } from './markdown.js';
import { readArticle } from './read.js';
import type { ArticleText } from './types.js';

export interface AddedArticle {
  /** The file written (or found already there with the same text). */
  file: string;
  /** The document id citations will carry: the file name without `.md`. */
  id: string;
  title: string;
  paragraphs: number;
  firstParagraph: string;
  /** False when an identical file was already in the corpus. */
  written: boolean;
}

/** A link (any scheme, so `http://` gets its refusal) rather than a file path. */
export const isLink = (source: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(source.trim());

/** Reads a file or fetches a link into an article (the same reader the bot uses). */
export async function loadArticle(source: string, deps: { fetchPage: PageFetcher; title?: string }): Promise<ArticleText> {
  const title = deps.title ? { title: deps.title } : {};
  if (isLink(source)) {
    const page = await deps.fetchPage(source);
    return readArticle({ name: page.finalUrl, bytes: page.bytes, contentType: page.contentType, url: page.url, ...title });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(source);
  } catch {
    throw new UserError(`Cannot read ${source}: no such file.`);
  }
  return readArticle({ name: path.basename(source), bytes, ...title });
}

/**
 * `footnote article add FILE|URL`: writes the cleaned article into a corpus folder as
 * `<slug-of-title>.md`, never over a different file of that name (a `-2`, `-3` … is added).
 */
export async function addArticle(
  source: string,
  corpusDir: string,
  deps: { fetchPage: PageFetcher; title?: string },
): Promise<AddedArticle> {
  const article = await loadArticle(source, deps);
  const markdown = toMarkdown(article);
  await mkdir(corpusDir, { recursive: true });
  const base = slugify(article.title);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const file = path.join(corpusDir, `${id}.md`);
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing !== undefined && existing !== markdown) continue;
    if (existing === undefined) {
      // `wx`: a file that appeared since the read is never overwritten; try the next name.
      const created = await writeFile(file, markdown, { flag: 'wx' }).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
      if (!created) continue;
    }
    // Counted as the corpus will count them (a single huge block is split, for instance).
    const doc = parseDocument(id, markdown, { format: 'md' });
    return {
      file,
      id,
      title: doc.title,
      paragraphs: doc.paragraphs.length,
      firstParagraph: doc.paragraphs[0]?.text ?? '',
      written: existing === undefined,
    };
  }
}
