import path from 'node:path';
import type { Logger } from 'pino';
import { corpusOf } from '../corpus/load.js';
import type { LlmLayer, WordModel } from '../domain/ports.js';
import type { EmbeddingsBundle } from '../embeddings/factory.js';
import { gloveWordModel } from '../embeddings/word-model.js';
import { createFootnote, type Footnote, type FootnoteSettings } from './footnote.js';

/** One article as the index sees it: its document id and its cleaned Markdown. */
export interface IndexedArticle {
  /** Document id: the `doc` of its citations. */
  id: string;
  markdown: string;
}

export interface ArticleIndexStats {
  /** Cores in memory now (at most `capacity`). */
  loaded: number;
  capacity: number;
  /** Served from memory. */
  hits: number;
  /** Opened: an index read from disk, or built when there was none. */
  opened: number;
  evicted: number;
}

/**
 * The answering cores of uploaded articles. Each article gets its own index, keyed by the hash
 * of its id and text: servers that upload the same article share one index, on disk and in
 * memory. At most `capacity` are kept loaded (least recently used first out), so memory stays
 * flat however many servers have articles; an evicted one is reloaded from disk on next use.
 */
export interface ArticleIndexes {
  /** The core for an article, opened on first use; concurrent callers share one opening. */
  get(article: IndexedArticle): Promise<Footnote>;
  /** The key an article's index is stored under (its corpus hash). */
  keyOf(article: IndexedArticle): string;
  stats(): ArticleIndexStats;
}

export interface ArticleIndexesDeps {
  /** Index folder, answer limits and embeddings of the main core; article indexes go in `<indexDir>/articles/`. */
  settings: FootnoteSettings;
  /** Loaded article cores kept in memory. */
  capacity: number;
  embeddings: EmbeddingsBundle;
  log: Logger;
  llm?: LlmLayer;
  /** Answers kept per article core (repeated questions). Default 100. */
  answerCacheSize?: number;
}

export const DEFAULT_ARTICLE_CAPACITY = 32;

export function createArticleIndexes(deps: ArticleIndexesDeps): ArticleIndexes {
  const capacity = Math.max(1, deps.capacity);
  const words: WordModel = gloveWordModel(deps.embeddings.glove, deps.embeddings.vocabularySize);
  // Insertion order is recency order: a hit moves its entry to the end.
  const loaded = new Map<string, Promise<Footnote>>();
  const counts = { hits: 0, opened: 0, evicted: 0 };
  const fileOf = (article: IndexedArticle) => ({ name: `${article.id}.md`, raw: article.markdown });
  const keyOf = (article: IndexedArticle) => corpusOf(article.id, [fileOf(article)]).hash;

  const open = (key: string, article: IndexedArticle): Promise<Footnote> => {
    const corpus = corpusOf(`article ${article.id}`, [fileOf(article)]);
    return createFootnote({
      config: {
        ...deps.settings,
        corpusDir: corpus.dir,
        indexDir: path.join(deps.settings.indexDir, 'articles', key.slice(0, 32)),
        answerCacheSize: deps.answerCacheSize ?? 100,
      },
      log: deps.log,
      embeddings: deps.embeddings,
      words,
      corpus: async () => corpus,
      // Many of these are held at once: exact search on the heap, not an hnswlib graph each.
      vectors: 'exact',
      ...(deps.llm ? { llm: deps.llm } : {}),
    });
  };

  return {
    keyOf,
    get(article) {
      const key = keyOf(article);
      const found = loaded.get(key);
      if (found) {
        counts.hits++;
        loaded.delete(key);
        loaded.set(key, found);
        return found;
      }
      counts.opened++;
      const opening = open(key, article);
      loaded.set(key, opening);
      // A failed opening is not remembered: the next call tries again.
      opening.catch(() => {
        if (loaded.get(key) === opening) loaded.delete(key);
      });
      while (loaded.size > capacity) {
        const oldest = loaded.keys().next().value as string;
        loaded.delete(oldest);
        counts.evicted++;
      }
      return opening;
    },
    stats: () => ({ loaded: loaded.size, capacity, ...counts }),
  };
}
