import type { WordModel } from '../domain/ports.js';
import type { LocalGloveEmbeddings } from './local-glove.js';

/** Word knowledge for answer support, from the GloVe table (whatever embeds the index). */
export function gloveWordModel(glove: LocalGloveEmbeddings, vocabularySize: number): WordModel {
  const logV = Math.log(vocabularySize);
  const cache = new Map<string, Float32Array | undefined>();
  return {
    vector(word) {
      if (!cache.has(word)) {
        if (cache.size > 50_000) cache.clear();
        cache.set(word, glove.wordVector(word));
      }
      return cache.get(word);
    },
    rarity(word) {
      const rank = glove.rankOf(word.toLowerCase());
      if (rank < 0) return 1;
      return Math.min(1, Math.max(0.15, Math.log(rank + 2) / logV));
    },
  };
}
