import path from 'node:path';
import type { Logger } from 'pino';
import type { EmbeddingsInfo } from '../domain/ports.js';
import type { Progress } from '../domain/progress.js';
import type { EmbeddingsModelSettings } from '../providers/openai.js';
import { loadGloveTable } from './glove-cache.js';
import { LocalGloveEmbeddings } from './local-glove.js';

export interface EmbeddingsBundle {
  /** Embeds the index and queries. */
  info: EmbeddingsInfo;
  /** Always present: word vectors for answer support and the default embeddings. */
  glove: LocalGloveEmbeddings;
  vocabularySize: number;
  /** Query embedding, synchronous when local (the hot path). */
  embedQuery(text: string): Promise<ArrayLike<number>>;
}

/** What picks and locates the embeddings: a slice of the validated config. */
export interface EmbeddingsSettings {
  /** Where the converted GloVe table is kept. */
  cacheDir: string;
  /** An OpenAI-compatible embeddings model (EMBEDDINGS_PROVIDER=openai); local GloVe when absent. */
  remote?: EmbeddingsModelSettings;
}

/** Where the converted GloVe table of a cache folder is (start-up checks whether it exists yet). */
export const gloveCacheFile = (cacheDir: string): string => path.join(cacheDir, 'glove-sg100d.bin');

/** The one place that picks the embeddings implementation. */
export async function createEmbeddings(
  settings: EmbeddingsSettings,
  log: Pick<Logger, 'info' | 'warn'>,
  progress?: Progress,
): Promise<EmbeddingsBundle> {
  const table = await loadGloveTable(gloveCacheFile(settings.cacheDir), log, progress);
  const glove = new LocalGloveEmbeddings(table);
  if (settings.remote) {
    // Imported only when wanted: @langchain/openai costs ~200 ms to load.
    const { createEmbeddingsModel } = await import('../providers/openai.js');
    const embeddings = createEmbeddingsModel(settings.remote);
    return {
      info: { embeddings, model: `openai:${settings.remote.model}` },
      glove,
      vocabularySize: table.count,
      embedQuery: (text) => embeddings.embedQuery(text),
    };
  }
  return {
    info: { embeddings: glove, model: glove.model },
    glove,
    vocabularySize: table.count,
    embedQuery: async (text) => glove.embedText(text),
  };
}
