import { slugify, toMarkdown } from '../article/markdown.js';
import type { ArticleText } from '../article/types.js';
import { parseDocument } from '../corpus/parse.js';
import { UserError } from '../domain/errors.js';
import type { CorpusDocument } from '../domain/types.js';
import type { ArticleStore, StoredArticle } from '../storage/article-store.js';
import type { ArticleIndexes } from './article-indexes.js';
import type { Footnote } from './footnote.js';

/** What a server answers from for one question. */
export interface Resolved {
  footnote: Footnote;
  /** The document to restrict to, when one was named. */
  doc?: string;
  /** The server's uploaded article in use; absent for the shipped corpus. */
  article?: StoredArticle;
}

/** An upload, or a switch, as the reply reports it. */
export interface ArticleChange {
  article: StoredArticle;
  firstParagraph: string;
  /** Reading (for uploads), indexing and saving, in milliseconds. */
  ms: number;
  /** True when the same text was already this server's article of that id. */
  existed: boolean;
}

export interface ArticleListing {
  articles: StoredArticle[];
  /** The current article's id; undefined when the shipped corpus is current. */
  current?: string;
  shipped: CorpusDocument[];
}

/** A document a `doc` option can name in a server: its uploaded articles, then the shipped ones. */
export interface DocChoice {
  id: string;
  title: string;
}

/**
 * Each server's set of articles and its current one, over the store and the per-article
 * indexes. The shipped corpus is every server's default. Changes to one server run one at a
 * time, in order; an upload is indexed before it is saved, so a failure leaves the server as it was.
 */
export interface ServerArticles {
  resolve(guildId: string | undefined, doc?: string): Promise<Resolved>;
  choices(guildId: string | undefined): Promise<DocChoice[]>;
  list(guildId: string): Promise<ArticleListing>;
  /** Adds an article to a server and makes it current. */
  add(guildId: string, uploadedBy: string, article: ArticleText): Promise<ArticleChange>;
  use(guildId: string, id: string): Promise<ArticleChange | { shipped: true }>;
  remove(guildId: string, id: string): Promise<{ removed: StoredArticle; current?: StoredArticle }>;
  /** An article's core and record (for /article show). */
  open(guildId: string, id: string): Promise<{ article: StoredArticle; footnote: Footnote }>;
}

/** The name of the shipped corpus in listings and `use`: going back to the default. */
export const SHIPPED = 'shipped';

export function createServerArticles(deps: {
  store: ArticleStore;
  indexes: ArticleIndexes;
  shipped: Footnote;
  now?: () => Date;
}): ServerArticles {
  const { store, indexes, shipped } = deps;
  const now = deps.now ?? (() => new Date());
  const shippedIds = () => new Set(shipped.documents().map((d) => d.id));

  // One change at a time per server: each waits for the one before it, failed or not.
  const queues = new Map<string, Promise<unknown>>();
  const serialised = <T>(guildId: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(guildId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    queues.set(guildId, tail);
    void tail.then(() => queues.get(guildId) === tail && queues.delete(guildId));
    return next;
  };

  const coreOf = async (article: StoredArticle): Promise<Footnote> => {
    const markdown = await store.text(article.contentHash);
    if (markdown === undefined) throw new Error(`the text of article ${article.id} is missing from the store`);
    return indexes.get({ id: article.id, markdown });
  };

  const unknown = async (guildId: string | undefined, doc: string) => {
    const names = (await choices(guildId)).map((c) => c.id);
    return new UserError(`No article "${doc}" here. Articles: ${names.join(', ')}.`);
  };

  const choices = async (guildId: string | undefined): Promise<DocChoice[]> => {
    const uploaded = guildId ? await store.list(guildId) : [];
    return [...uploaded.map((a) => ({ id: a.id, title: a.title })), ...shipped.documents().map((d) => ({ id: d.id, title: d.title }))];
  };

  const change = async (article: StoredArticle, footnote: Footnote, started: number, existed: boolean): Promise<ArticleChange> => ({
    article,
    firstParagraph: footnote.paragraph(1, article.id).text,
    ms: Math.round(performance.now() - started),
    existed,
  });

  return {
    async resolve(guildId, doc) {
      if (doc) {
        if (shippedIds().has(doc)) return { footnote: shipped, doc };
        const article = guildId ? await store.get(guildId, doc) : undefined;
        if (!article) throw await unknown(guildId, doc);
        return { footnote: await coreOf(article), doc, article };
      }
      const id = guildId ? await store.current(guildId) : undefined;
      const article = id && guildId ? await store.get(guildId, id) : undefined;
      return article ? { footnote: await coreOf(article), doc: article.id, article } : { footnote: shipped };
    },

    choices,

    async list(guildId) {
      const [articles, current] = await Promise.all([store.list(guildId), store.current(guildId)]);
      return { articles, ...(current ? { current } : {}), shipped: shipped.documents() };
    },

    add: (guildId, uploadedBy, text) =>
      serialised(guildId, async () => {
        const started = performance.now();
        const existing = await store.list(guildId);
        const taken = new Set([...existing.map((a) => a.id), ...shippedIds(), SHIPPED]);
        // The same title and text again is the same article; a different text gets its own id.
        const base = slugify(text.title);
        const markdown = toMarkdown(text, { provenance: false });
        let id = base;
        for (let n = 2; taken.has(id); n++) {
          const same = existing.find((a) => a.id === id);
          if (same && same.contentHash === indexes.keyOf({ id, markdown })) break;
          id = `${base}-${n}`;
        }
        const key = indexes.keyOf({ id, markdown });
        const existed = existing.some((a) => a.id === id && a.contentHash === key);
        // Indexed first: if this fails, nothing was saved and the current article is unchanged.
        const footnote = await indexes.get({ id, markdown });
        const article: StoredArticle = {
          guildId,
          id,
          title: text.title,
          source: text.source ?? 'upload',
          uploadedBy,
          uploadedAt: now().toISOString(),
          contentHash: key,
          paragraphs: parseDocument(id, markdown, { format: 'md' }).paragraphs.length,
        };
        await store.add(article, markdown);
        await store.setCurrent(guildId, id);
        return change(article, footnote, started, existed);
      }),

    use: (guildId, id) =>
      serialised(guildId, async () => {
        const started = performance.now();
        if (id === SHIPPED) {
          await store.setCurrent(guildId, undefined);
          return { shipped: true as const };
        }
        const article = await store.get(guildId, id);
        if (!article) throw await unknown(guildId, id);
        const footnote = await coreOf(article);
        await store.setCurrent(guildId, id);
        return change(article, footnote, started, true);
      }),

    remove: (guildId, id) =>
      serialised(guildId, async () => {
        const article = await store.get(guildId, id);
        if (!article) throw await unknown(guildId, id);
        await store.remove(guildId, id);
        const currentId = await store.current(guildId);
        const current = currentId ? await store.get(guildId, currentId) : undefined;
        return { removed: article, ...(current ? { current } : {}) };
      }),

    async open(guildId, id) {
      const article = await store.get(guildId, id);
      if (!article) throw await unknown(guildId, id);
      return { article, footnote: await coreOf(article) };
    },
  };
}
