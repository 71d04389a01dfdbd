import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument } from '../domain/types.js';
import { UserError } from '../domain/errors.js';
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

/** Reads every `.md`/`.txt` file of a folder (not recursive) as a document, in name order. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UserError(`Corpus folder not found: ${dir}. Set CORPUS_DIR or pass --corpus DIR.`);
  }
  const fileNames = names.filter((n) => DOCUMENT_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
  if (fileNames.length === 0) {
    throw new UserError(`No documents in ${dir}: add .md or .txt files.`);
  }
  const files: CorpusFile[] = [];
  for (const name of fileNames) files.push({ name, raw: await readFile(path.join(dir, name), 'utf8') });
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
