import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument } from '../domain/types.js';
import { UserError } from '../domain/errors.js';
import { decodeBytes } from './decode.js';
import { parseDocument } from './parse.js';

export interface LoadedCorpus {
  dir: string;
  /**
   * The parsed documents. Parsed on first use: a start whose index is up to date needs only the
   * hash, and parsing a large corpus (sentence segmentation) takes seconds.
   */
  readonly documents: CorpusDocument[];
  /** sha256 over file names and contents: changes whenever the corpus does. */
  hash: string;
}

const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

export interface CorpusFile {
  name: string;
  raw: string;
}

function parseFiles(dir: string, files: CorpusFile[]): CorpusDocument[] {
  const documents: CorpusDocument[] = [];
  for (const { name, raw } of files) {
    const ext = path.extname(name).toLowerCase();
    const doc = parseDocument(path.basename(name, path.extname(name)), raw, { format: ext === '.txt' ? 'txt' : 'md' });
    if (doc.paragraphs.length > 0) documents.push(doc);
  }
  if (documents.length === 0) throw new UserError(`The documents in ${dir} have no text.`);
  return documents;
}

/**
 * Hidden files are never documents: editors leave them beside the file being edited (Emacs's
 * `.#article.md` lock, a dangling link; `.article.md.swp`) and people park drafts as
 * `.draft.md`. The corpus watcher ignores them by the same rule.
 */
export const isHiddenFile = (name: string): boolean => name.startsWith('.');

/** Where the loader reports a file it skips. */
export interface CorpusLog {
  warn(obj: object, msg?: string): void;
}

/** A read failure in words: the code alone ("ENOENT") does not say what to fix. */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it is a broken link, or was deleted while being read';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return (error as Error).message;
}

/** The names in a corpus folder, or the error a missing one gets (start-up checks it this way too). */
export async function corpusFolderEntries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    throw new UserError(`Corpus folder not found: ${dir}. Set CORPUS_DIR or pass --corpus DIR.`);
  }
}

/**
 * Reads every `.md`/`.txt` file of a folder (not recursive, hidden files left out) as a
 * document, in name order. A file that cannot be read, or is not UTF-8 text, is skipped with a
 * warning rather than failing every command: one stray file should not take the bot down.
 */
export async function loadCorpus(dir: string, options: { log?: CorpusLog } = {}): Promise<LoadedCorpus> {
  const names = await corpusFolderEntries(dir);
  const fileNames = names.filter((n) => !isHiddenFile(n) && DOCUMENT_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
  // The text exactly as a plain UTF-8 read gave it (a byte-order mark kept: the parser drops it),
  // so a good file's corpus hash is unchanged and its index is not rebuilt.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const files: CorpusFile[] = [];
  for (const name of fileNames) {
    const file = path.join(dir, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const reason = unreadable(error);
      options.log?.warn({ file, reason }, `${file} cannot be read: ${reason}; skipped`);
      continue;
    }
    const decoded = decodeBytes(bytes, decoder);
    if ('notText' in decoded) {
      options.log?.warn({ file, reason: decoded.notText }, `${file} ${decoded.notText}; skipped`);
      continue;
    }
    files.push({ name, raw: decoded.text });
  }
  if (files.length === 0) {
    throw new UserError(`No documents in ${dir}: add .md or .txt files.`);
  }
  return corpusOf(dir, files);
}

/**
 * A corpus from files already in memory (an uploaded article), with the same hash a folder
 * holding those files would have. `label` names it in messages.
 */
export function corpusOf(label: string, files: CorpusFile[]): LoadedCorpus {
  const hash = createHash('sha256');
  for (const { name, raw } of files) hash.update(name).update('\0').update(raw).update('\0');
  if (files.every((f) => f.raw.trim() === '')) throw new UserError(`The documents in ${label} have no text.`);
  let documents: CorpusDocument[] | undefined;
  let pending: CorpusFile[] = files;
  return {
    dir: label,
    hash: hash.digest('hex'),
    get documents() {
      if (!documents) {
        documents = parseFiles(label, pending);
        pending = []; // the raw text is not needed again (megabytes for a large corpus)
      }
      return documents;
    },
  };
}
