// One suite for every ArticleStore (in memory and SQLite), plus the SQLite migration that adds
// the article tables to a database of the previous version.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryArticleStore, type ArticleStore, type StoredArticle } from '../src/storage/article-store.js';
import { openStore, STORE_FILE, type Store } from '../src/storage/index.js';
import { MIGRATIONS, migrate, schemaVersion } from '../src/storage/sqlite/migrations.js';
import { tempDir } from './helpers/app.js';

const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const article = (guildId: string, id: string, over: Partial<StoredArticle> = {}): StoredArticle => ({
  guildId,
  id,
  title: `Title of ${id}`,
  source: `${id}.txt`,
  uploadedBy: 'u1',
  uploadedAt: '2025-06-01T10:00:00.000Z',
  contentHash: `hash-${id}`,
  paragraphs: 3,
  ...over,
});

const kinds: [string, () => Promise<ArticleStore>][] = [
  ['in memory', async () => createMemoryArticleStore()],
  [
    'SQLite',
    async () => {
      const { store } = await openStore(tempDir());
      opened.push(store);
      return store.articles;
    },
  ],
];

describe.each(kinds)('article store (%s)', (_kind, make) => {
  it('keeps each server its own articles, newest first, with their text by content hash', async () => {
    const store = await make();
    await store.add(article('A', 'market'), '# Market\n\nOne.\n');
    await store.add(article('A', 'ferry', { uploadedAt: '2025-06-02T10:00:00.000Z' }), '# Ferry\n\nTwo.\n');
    await store.add(article('B', 'market'), '# Market\n\nOne.\n');
    expect((await store.list('A')).map((a) => a.id)).toEqual(['ferry', 'market']);
    expect(await store.list('B')).toEqual([article('B', 'market')]);
    expect(await store.get('A', 'market')).toEqual(article('A', 'market'));
    expect(await store.get('C', 'market')).toBeUndefined();
    expect(await store.text('hash-ferry')).toBe('# Ferry\n\nTwo.\n');
  });

  it('has no current article until one is set; removing the current one clears it', async () => {
    const store = await make();
    expect(await store.current('A')).toBeUndefined();
    await store.add(article('A', 'market'), 'm');
    await store.add(article('A', 'ferry'), 'f');
    await store.setCurrent('A', 'ferry');
    expect(await store.current('A')).toBe('ferry');
    expect(await store.remove('A', 'market')).toBe(true);
    expect(await store.current('A')).toBe('ferry');
    expect(await store.remove('A', 'ferry')).toBe(true);
    expect(await store.current('A')).toBeUndefined();
    expect(await store.remove('A', 'ferry')).toBe(false);
    await store.add(article('A', 'market'), 'm');
    await store.setCurrent('A', 'market');
    await store.setCurrent('A', undefined);
    expect(await store.current('A')).toBeUndefined();
  });

  it('adding an article of an existing id replaces its record', async () => {
    const store = await make();
    await store.add(article('A', 'market'), 'old');
    await store.add(article('A', 'market', { title: 'New title', contentHash: 'hash-new', paragraphs: 5 }), 'new');
    expect(await store.list('A')).toEqual([article('A', 'market', { title: 'New title', contentHash: 'hash-new', paragraphs: 5 })]);
    expect(await store.text('hash-new')).toBe('new');
  });
});

describe('SQLite articles', () => {
  it('a database of the previous schema gains the article tables and keeps its data', () => {
    const db = new Database(path.join(tempDir(), STORE_FILE));
    migrate(db, MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO guild_settings (guild_id, thread_mode, updated_at) VALUES ('A', 'all', 1)").run();
    expect(migrate(db)).toEqual({ from: 1, to: MIGRATIONS.length });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT thread_mode FROM guild_settings WHERE guild_id = 'A'").get()).toEqual({ thread_mode: 'all' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM articles').get()).toEqual({ n: 0 });
    db.close();
  });

  it('survives a reopen, and a text no server uses any more is deleted with its last article', async () => {
    const dir = tempDir();
    const first = (await openStore(dir)).store;
    await first.articles.add(article('A', 'market'), 'shared text');
    await first.articles.add(article('B', 'market'), 'shared text');
    await first.articles.setCurrent('A', 'market');
    await first.close();
    const again = (await openStore(dir)).store;
    opened.push(again);
    expect(await again.articles.current('A')).toBe('market');
    await again.articles.remove('A', 'market');
    expect(await again.articles.text('hash-market')).toBe('shared text');
    await again.articles.remove('B', 'market');
    expect(await again.articles.text('hash-market')).toBeUndefined();
  });
});
