import { mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { corpusFolderEntries } from '../corpus/load.js';
import { UserError } from '../domain/errors.js';
import { gloveCacheFile } from '../embeddings/factory.js';
import type { Config } from './config.js';

/** Whether this start will write a new index (`ingest`) or may open one that is already there. */
export type IndexUse = 'build' | 'open';

/**
 * The cheap checks of a start, made before its slow steps. Converting the word vectors takes
 * ~15 s once per cache folder and building the index seconds more; a missing corpus folder or a data
 * folder that cannot be written would otherwise be reported only after that work, and the work
 * lost. A folder is probed only when this start has to write it: a read-only deployment whose
 * vector cache is already in place keeps working.
 */
export async function checkStartup(config: Config, index: IndexUse = 'open'): Promise<void> {
  // The loader's own test and message, made before the slow steps.
  await corpusFolderEntries(config.corpusDir);
  if (!(await exists(gloveCacheFile(config.cacheDir)))) {
    await checkWritable(config.cacheDir, 'word-vector cache', 'DATA_DIR (or CACHE_DIR)');
  }
  // Only `ingest` must write the index: a start that cannot save it builds it in memory and
  // answers, with a warning (an article's index takes milliseconds to build).
  if (index === 'build') {
    await checkWritable(config.indexDir, 'index', 'DATA_DIR (or INDEX_DIR, --index)');
  }
}

/**
 * Creates the folder and writes and removes a file in it. Trying is the only reliable test:
 * permission bits say nothing about read-only mounts, pseudo file systems such as /sys, or root.
 */
async function checkWritable(dir: string, what: string, settings: string): Promise<void> {
  const probe = path.join(dir, `.footnote-write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
    await unlink(probe);
  } catch (error) {
    throw new UserError(
      `Cannot write the ${what} folder ${dir} (${(error as Error).message}). Set ${settings} to a folder footnote can write.`,
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
