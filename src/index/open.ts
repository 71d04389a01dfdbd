import type { Logger } from 'pino';
import type { LoadedCorpus } from '../corpus/load.js';
import type { Progress } from '../domain/progress.js';
import { plural } from '../text/plural.js';
import { buildIndex, type CorpusIndex, type EmbeddingsInfo } from './build.js';
import type { VectorIndexKind } from './vector-index.js';
import { withIndexLock } from './lock.js';
import { staleReason } from './manifest.js';
import { loadPersistedIndex, persistIndex, readManifestFile } from './persist.js';

export interface OpenIndexResult {
  index: CorpusIndex;
  /** Why it was rebuilt, or undefined when the index on disk was used. */
  rebuilt?: string;
  ms: number;
}

type Log = Pick<Logger, 'info' | 'warn'>;

/**
 * Opens the index for a corpus, rebuilding it when it is missing, stale (corpus, embeddings or
 * format changed) or corrupt. Self-healing: a bad index costs one rebuild, never a crash; an
 * index folder that can't be written costs a rebuild at every start, with a warning.
 */
export async function openIndex(
  dir: string,
  corpus: LoadedCorpus,
  embeddings: EmbeddingsInfo,
  log: Log,
  options: { forceRebuild?: boolean; dimensions?: number; progress?: Progress; vectors?: VectorIndexKind } = {},
): Promise<OpenIndexResult> {
  const started = performance.now();
  const first = options.forceRebuild ? { reason: 'rebuild requested' } : await tryLoad(dir, corpus, embeddings, log, options.dimensions);
  if ('index' in first) return { index: first.index, ms: performance.now() - started };
  return withIndexLock(
    dir,
    async ({ waited }) => {
      // Another process was building meanwhile: its index is probably the one we need.
      if (waited && !options.forceRebuild) {
        const again = await tryLoad(dir, corpus, embeddings, log, options.dimensions);
        if ('index' in again) return { index: again.index, ms: performance.now() - started };
      }
      const step = options.progress?.start(`building the index (${first.reason})`);
      let index: CorpusIndex;
      try {
        index = await buildIndex(corpus.documents, corpus.hash, embeddings, options.vectors ? { vectors: options.vectors } : {});
      } catch (error) {
        step?.fail();
        throw error;
      }
      const c = index.manifest.counts;
      step?.done(`${plural(c.documents, 'document')}, ${plural(c.paragraphs, 'paragraph')}, ${plural(c.sentences, 'sentence')}`);
      try {
        await persistIndex(index, dir);
      } catch (error) {
        log.warn({ dir, err: error }, 'cannot save the index; answering from memory (it is rebuilt at the next start)');
      }
      log.info({ dir, reason: first.reason, ...index.manifest.counts }, 'index built');
      return { index, rebuilt: first.reason, ms: performance.now() - started };
    },
    { log },
  );
}

async function tryLoad(
  dir: string,
  corpus: LoadedCorpus,
  embeddings: EmbeddingsInfo,
  log: Log,
  dimensions?: number,
): Promise<{ index: CorpusIndex } | { reason: string }> {
  const file = await readManifestFile(dir);
  if ('missing' in file) return { reason: 'no index yet' };
  if ('problem' in file) return corrupt(dir, `index unreadable: ${file.problem}`, log);
  const { manifest } = file;
  const stale = staleReason(manifest, {
    corpusHash: corpus.hash,
    embeddingModel: embeddings.model,
    dimensions: dimensions ?? manifest.dimensions,
  });
  if (stale) return { reason: stale };
  try {
    return { index: await loadPersistedIndex(dir, manifest) };
  } catch (error) {
    return corrupt(dir, `index unreadable: ${(error as Error).message}`, log);
  }
}

/**
 * Damage is worth a warning, unlike a stale index: damage that keeps coming back points at the
 * disk or at another writer.
 */
function corrupt(dir: string, reason: string, log: Log): { reason: string } {
  log.warn({ dir, reason }, 'index is corrupt; rebuilding');
  return { reason };
}
