import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument } from '../core/types.js';
import { UserError } from '../core/errors.js';
import { parseDocument } from './parse.js';

export interface LoadedCorpus {
  dir: string;
  documents: CorpusDocument[];
  /** sha256 over file names and contents: changes whenever the corpus does. */
  hash: string;
}

const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

/** Reads every `.md`/`.txt` file of a folder (not recursive) as a document, in name order. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UserError(`Corpus folder not found: ${dir}. Set CORPUS_DIR or pass --corpus DIR.`);
  }
  const files = names.filter((n) => DOCUMENT_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
  if (files.length === 0) {
    throw new UserError(`No documents in ${dir}: add .md or .txt files.`);
  }
  const hash = createHash('sha256');
  const documents: CorpusDocument[] = [];
  for (const file of files) {
    const raw = await readFile(path.join(dir, file), 'utf8');
    hash.update(file).update('\0').update(raw).update('\0');
    const ext = path.extname(file).toLowerCase();
    const doc = parseDocument(path.basename(file, path.extname(file)), raw, { format: ext === '.txt' ? 'txt' : 'md' });
    if (doc.paragraphs.length > 0) documents.push(doc);
  }
  if (documents.length === 0) throw new UserError(`The documents in ${dir} have no text.`);
  return { dir, documents, hash: hash.digest('hex') };
}
