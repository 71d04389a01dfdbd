import type { Logger } from 'pino';
import type { LoadedCorpus } from '../corpus/load.js';
import { buildIndex, type CorpusIndex, type EmbeddingsInfo } from './build.js';
import { staleReason } from './manifest.js';
import { loadPersistedIndex, persistIndex, readManifest } from './persist.js';

export interface OpenIndexResult {
  index: CorpusIndex;
  /** Why it was rebuilt, or undefined when the index on disk was used. */
  rebuilt?: string;
  ms: number;
}

/**
 * Opens the index for a corpus, rebuilding it when it is missing, stale (corpus, embeddings or
 * format changed) or corrupt. Self-healing: a bad index costs one rebuild, never a crash.
 */
export async function openIndex(
  dir: string,
  corpus: LoadedCorpus,
  embeddings: EmbeddingsInfo,
  log: Pick<Logger, 'info' | 'warn'>,
  options: { forceRebuild?: boolean; dimensions?: number } = {},
): Promise<OpenIndexResult> {
  const started = performance.now();
  let reason = options.forceRebuild ? 'rebuild requested' : undefined;
  const manifest = await readManifest(dir);
  if (!reason && !manifest) reason = 'no index yet';
  if (!reason && manifest) {
    reason = staleReason(manifest, {
      corpusHash: corpus.hash,
      embeddingModel: embeddings.model,
      dimensions: options.dimensions ?? manifest.dimensions,
    });
  }
  if (!reason && manifest) {
    try {
      const index = await loadPersistedIndex(dir, manifest);
      return { index, ms: performance.now() - started };
    } catch (error) {
      reason = `index unreadable: ${(error as Error).message}`;
      log.warn({ dir, reason }, 'index is corrupt; rebuilding');
    }
  }
  const index = await buildIndex(corpus.documents, corpus.hash, embeddings);
  await persistIndex(index, dir);
  log.info({ dir, reason, ...index.manifest.counts }, 'index built');
  return { index, rebuilt: reason, ms: performance.now() - started };
}
