import type Database from 'better-sqlite3';
import type { ArticleStore, StoredArticle } from '../article-store.js';

interface ArticleRow {
  guild_id: string;
  id: string;
  title: string;
  source: string;
  uploaded_by: string;
  uploaded_at: number;
  content_hash: string;
  paragraphs: number;
}

const fromRow = (r: ArticleRow): StoredArticle => ({
  guildId: r.guild_id,
  id: r.id,
  title: r.title,
  source: r.source,
  uploadedBy: r.uploaded_by,
  uploadedAt: new Date(r.uploaded_at).toISOString(),
  contentHash: r.content_hash,
  paragraphs: r.paragraphs,
});

/** Articles in the shared database: every shard sees a server's articles and its current one. */
export function sqliteArticles(db: Database.Database): ArticleStore {
  const putText = db.prepare('INSERT INTO article_texts (content_hash, markdown) VALUES (?, ?) ON CONFLICT (content_hash) DO NOTHING');
  const put = db.prepare(
    `INSERT INTO articles (guild_id, id, title, source, uploaded_by, uploaded_at, content_hash, paragraphs)
     VALUES (@guild_id, @id, @title, @source, @uploaded_by, @uploaded_at, @content_hash, @paragraphs)
     ON CONFLICT (guild_id, id) DO UPDATE SET title = excluded.title, source = excluded.source, uploaded_by = excluded.uploaded_by,
       uploaded_at = excluded.uploaded_at, content_hash = excluded.content_hash, paragraphs = excluded.paragraphs`,
  );
  const list = db.prepare('SELECT * FROM articles WHERE guild_id = ? ORDER BY uploaded_at DESC, id');
  const get = db.prepare('SELECT * FROM articles WHERE guild_id = ? AND id = ?');
  const text = db.prepare('SELECT markdown FROM article_texts WHERE content_hash = ?');
  const current = db.prepare('SELECT article_id FROM guild_articles WHERE guild_id = ?');
  const setCurrent = db.prepare(
    'INSERT INTO guild_articles (guild_id, article_id) VALUES (?, ?) ON CONFLICT (guild_id) DO UPDATE SET article_id = excluded.article_id',
  );
  const clearCurrent = db.prepare('DELETE FROM guild_articles WHERE guild_id = ?');
  const remove = db.prepare('DELETE FROM articles WHERE guild_id = ? AND id = ?');
  // A text no server uses any more goes too.
  const removeOrphanText = db.prepare(
    'DELETE FROM article_texts WHERE content_hash = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE content_hash = ?)',
  );
  const add = db.transaction((a: StoredArticle, markdown: string) => {
    putText.run(a.contentHash, markdown);
    put.run({
      guild_id: a.guildId,
      id: a.id,
      title: a.title,
      source: a.source,
      uploaded_by: a.uploadedBy,
      uploaded_at: Date.parse(a.uploadedAt),
      content_hash: a.contentHash,
      paragraphs: a.paragraphs,
    });
  });
  const removeOne = db.transaction((guildId: string, id: string) => {
    const row = get.get(guildId, id) as ArticleRow | undefined;
    if (!row) return false;
    remove.run(guildId, id); // the current-article row goes with it (ON DELETE CASCADE)
    removeOrphanText.run(row.content_hash, row.content_hash);
    return true;
  });
  return {
    async add(article, markdown) {
      add(article, markdown);
    },
    async list(guildId) {
      return (list.all(guildId) as ArticleRow[]).map(fromRow);
    },
    async get(guildId, id) {
      const row = get.get(guildId, id) as ArticleRow | undefined;
      return row ? fromRow(row) : undefined;
    },
    async text(hash) {
      return (text.get(hash) as { markdown: string } | undefined)?.markdown;
    },
    async current(guildId) {
      return (current.get(guildId) as { article_id: string } | undefined)?.article_id;
    },
    async setCurrent(guildId, id) {
      if (id === undefined) clearCurrent.run(guildId);
      else setCurrent.run(guildId, id);
    },
    async remove(guildId, id) {
      return removeOne(guildId, id);
    },
  };
}
