/**
 * Articles each server uploaded, and which one it is discussing. The text of an article is kept
 * once per content hash however many servers upload it; the rest is per server.
 */

/** One server's article, as listed and cited. */
export interface StoredArticle {
  guildId: string;
  /** Unique within the server: the `doc` option's value and the `doc` of citations. */
  id: string;
  title: string;
  /** The uploaded file's name or the page's URL. */
  source: string;
  /** User id of who uploaded it. */
  uploadedBy: string;
  /** ISO 8601. */
  uploadedAt: string;
  /** Hash of the indexed document (id and text): the key of its index and of its stored text. */
  contentHash: string;
  paragraphs: number;
}

export interface ArticleStore {
  /** Saves a server's article (replacing one of the same id) and its text. */
  add(article: StoredArticle, markdown: string): Promise<void>;
  /** A server's articles, newest first. */
  list(guildId: string): Promise<StoredArticle[]>;
  get(guildId: string, id: string): Promise<StoredArticle | undefined>;
  /** The cleaned Markdown of an article, by content hash. */
  text(contentHash: string): Promise<string | undefined>;
  /** The id of the server's current article; undefined means the shipped corpus. */
  current(guildId: string): Promise<string | undefined>;
  setCurrent(guildId: string, id: string | undefined): Promise<void>;
  /** Removes a server's article (and makes the shipped corpus current if it was). False if absent. */
  remove(guildId: string, id: string): Promise<boolean>;
}

/** An ArticleStore in memory: for the shell, tests, and a bot run without a database. */
export function createMemoryArticleStore(): ArticleStore {
  const articles = new Map<string, Map<string, StoredArticle>>();
  const texts = new Map<string, string>();
  const current = new Map<string, string>();
  const of = (guildId: string) => {
    let m = articles.get(guildId);
    if (!m) articles.set(guildId, (m = new Map()));
    return m;
  };
  return {
    async add(article, markdown) {
      texts.set(article.contentHash, markdown);
      of(article.guildId).set(article.id, { ...article });
    },
    async list(guildId) {
      return [...of(guildId).values()].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || a.id.localeCompare(b.id));
    },
    async get(guildId, id) {
      return of(guildId).get(id);
    },
    async text(hash) {
      return texts.get(hash);
    },
    async current(guildId) {
      return current.get(guildId);
    },
    async setCurrent(guildId, id) {
      if (id === undefined) current.delete(guildId);
      else current.set(guildId, id);
    },
    async remove(guildId, id) {
      const removed = of(guildId).delete(id);
      if (removed && current.get(guildId) === id) current.delete(guildId);
      return removed;
    },
  };
}
