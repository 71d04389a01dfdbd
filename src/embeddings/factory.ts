import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EmbeddingsInfo } from '../index/build.js';
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

/** The one place that picks the embeddings implementation from config. */
export async function createEmbeddings(config: Config, log: Pick<Logger, 'info' | 'warn'>): Promise<EmbeddingsBundle> {
  const table = await loadGloveTable(path.join(config.cacheDir, 'glove-sg100d.bin'), log);
  const glove = new LocalGloveEmbeddings(table);
  if (config.embeddings.provider === 'openai' && config.llm) {
    const { createEmbeddingsModel } = await import('../answer/llm/models.js');
    const embeddings = createEmbeddingsModel({ ...config.llm, model: config.embeddings.model });
    return {
      info: { embeddings, model: `openai:${config.embeddings.model}` },
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
