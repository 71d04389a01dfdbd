// Each server's articles over the store and the per-article indexes: the shipped article as
// the default, uploads that fail change nothing, changes to one server in order, and the
// /article handler's permission and upload checks.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createArticleIndexes, type ArticleIndexes } from '../src/app/article-indexes.js';
import type { Footnote } from '../src/app/footnote.js';
import { createServerArticles, type ServerArticles } from '../src/app/server-articles.js';
import type { ArticleText } from '../src/article/types.js';
import { articleCommand } from '../src/commands/article.js';
import type { CommandContext, CommandFile } from '../src/commands/types.js';
import { createLogger } from '../src/compose/log.js';
import { createEmbeddings, type EmbeddingsBundle } from '../src/embeddings/factory.js';
import { createMemoryArticleStore, type ArticleStore } from '../src/storage/article-store.js';
import type { ServerSettings } from '../src/storage/guild-settings.js';
import { SERVER_DEFAULTS } from './helpers/settings.js';
import { createTestApp, SHARED_CACHE_DIR, tempDir } from './helpers/app.js';

const log = createLogger('silent');
let embeddings: EmbeddingsBundle;
let shipped: Footnote;
beforeAll(async () => {
  embeddings = await createEmbeddings({ cacheDir: SHARED_CACHE_DIR }, log);
  shipped = (await createTestApp()).footnote;
});

const MARKET: ArticleText = {
  title: 'Covered market reopens in Veldhaven',
  source: 'market.txt',
  paragraphs: [
    'The covered market in Veldhaven reopened on Saturday after an eight-month restoration of its iron roof.',
    'Forty-two stalls are back, selling fish, cheese and flowers, and six new ones sell hot food.',
    'The restoration cost 3.4 million euros, most of it from a national heritage fund.',
  ],
};
const FERRY: ArticleText = {
  title: 'Night ferry starts in Port Halden',
  source: 'https://news.example/ferry',
  paragraphs: ['The night ferry made its first crossing at midnight with 31 passengers.', 'It runs every 40 minutes until 5 a.m.'],
};

function setup(o: { indexes?: ArticleIndexes; store?: ArticleStore } = {}) {
  const store = o.store ?? createMemoryArticleStore();
  const indexes =
    o.indexes ??
    createArticleIndexes({
      settings: { corpusDir: 'unused', indexDir: tempDir(), maxQuestionChars: 1000, embeddings: { cacheDir: SHARED_CACHE_DIR } },
      capacity: 8,
      embeddings,
      log,
    });
  return { store, indexes, articles: createServerArticles({ store, indexes, shipped }) };
}

describe('server articles', () => {
  it('the shipped article is the default; an upload becomes the current article of its server only', async () => {
    const { articles } = setup();
    expect((await articles.resolve('A')).footnote).toBe(shipped);
    const change = await articles.add('A', 'mod-1', MARKET);
    expect(change.article).toMatchObject({
      guildId: 'A',
      id: 'covered-market-reopens-in-veldhaven',
      paragraphs: 3,
      uploadedBy: 'mod-1',
      source: 'market.txt',
    });
    expect(change.firstParagraph).toMatch(/^The covered market in Veldhaven reopened/);
    const inA = await articles.resolve('A');
    const answer = await inA.footnote.ask('How many stalls are back?', inA.doc ? { doc: inA.doc } : {});
    expect(answer.citations[0]).toMatchObject({ doc: 'covered-market-reopens-in-veldhaven', paragraph: 2 });
    expect((await articles.resolve('B')).footnote).toBe(shipped);
    expect((await articles.resolve(undefined)).footnote).toBe(shipped);
  });

  it('two servers uploading the same article share one index; a doc option names either kind of document', async () => {
    const { articles, indexes } = setup();
    await articles.add('A', 'u1', MARKET);
    await articles.add('B', 'u2', MARKET);
    expect((await articles.resolve('A')).footnote).toBe((await articles.resolve('B')).footnote);
    expect(indexes.stats().opened).toBe(1);
    const shippedId = shipped.documents()[0]!.id;
    expect(await articles.resolve('A', shippedId)).toMatchObject({ footnote: shipped, doc: shippedId });
    await expect(articles.resolve('A', 'nope')).rejects.toThrow(
      `No article "nope" here. Articles: covered-market-reopens-in-veldhaven, ${shippedId}.`,
    );
    expect((await articles.choices('A')).map((c) => c.id)).toEqual(['covered-market-reopens-in-veldhaven', shippedId]);
  });

  it('a replaced article stays until removed; use switches back; removing the current one falls back to the shipped article', async () => {
    const { articles, store } = setup();
    await articles.add('A', 'u', MARKET);
    await articles.add('A', 'u', FERRY);
    expect((await articles.list('A')).current).toBe('night-ferry-starts-in-port-halden');
    const back = await articles.use('A', 'covered-market-reopens-in-veldhaven');
    expect('article' in back && back.article.id).toBe('covered-market-reopens-in-veldhaven');
    expect((await articles.resolve('A')).article?.id).toBe('covered-market-reopens-in-veldhaven');
    const { removed, current } = await articles.remove('A', 'covered-market-reopens-in-veldhaven');
    expect(removed.id).toBe('covered-market-reopens-in-veldhaven');
    expect(current).toBeUndefined();
    expect((await articles.resolve('A')).footnote).toBe(shipped);
    expect((await store.list('A')).map((a) => a.id)).toEqual(['night-ferry-starts-in-port-halden']);
    expect(await articles.use('A', 'shipped')).toEqual({ shipped: true });
  });

  it('a different text under a taken title gets its own id; the same text again is the same article', async () => {
    const { articles } = setup();
    await articles.add('A', 'u', MARKET);
    const again = await articles.add('A', 'u', MARKET);
    expect(again).toMatchObject({ existed: true, article: { id: 'covered-market-reopens-in-veldhaven' } });
    const other = await articles.add('A', 'u', { ...MARKET, paragraphs: ['A different story under the same headline.'] });
    expect(other.article.id).toBe('covered-market-reopens-in-veldhaven-2');
  });

  it('a failed upload leaves the current article as it was', async () => {
    const base = setup();
    await base.articles.add('A', 'u', MARKET);
    const failing: ArticleIndexes = { ...base.indexes, get: () => Promise.reject(new Error('disk full')) };
    const broken = createServerArticles({ store: base.store, indexes: failing, shipped });
    await expect(broken.add('A', 'u', FERRY)).rejects.toThrow('disk full');
    expect(await base.store.current('A')).toBe('covered-market-reopens-in-veldhaven');
    expect((await base.store.list('A')).map((a) => a.id)).toEqual(['covered-market-reopens-in-veldhaven']);
  });

  it('concurrent changes to one server run one at a time, in the order they came', async () => {
    const base = setup();
    const order: string[] = [];
    let running = 0;
    const slow: ArticleIndexes = {
      ...base.indexes,
      get: async (a) => {
        running++;
        expect(running).toBe(1);
        order.push(`start ${a.id}`);
        await new Promise((r) => setTimeout(r, 30));
        const core = await base.indexes.get(a);
        order.push(`end ${a.id}`);
        running--;
        return core;
      },
    };
    const articles: ServerArticles = createServerArticles({ store: base.store, indexes: slow, shipped });
    await Promise.all([articles.add('A', 'u', MARKET), articles.add('A', 'u', FERRY)]);
    expect(order).toEqual([
      'start covered-market-reopens-in-veldhaven',
      'end covered-market-reopens-in-veldhaven',
      'start night-ferry-starts-in-port-halden',
      'end night-ferry-starts-in-port-halden',
    ]);
    expect(await base.store.current('A')).toBe('night-ferry-starts-in-port-halden');
  });
});

describe('/article handler', () => {
  const ctx = (
    articles: ServerArticles,
    o: { manage?: boolean; roles?: string[]; settings?: Partial<ServerSettings> } = {},
  ): CommandContext =>
    ({
      footnote: shipped,
      config: { discord: { articleRoleId: '999' } },
      ...(o.settings ? { settings: { ...SERVER_DEFAULTS, articleRoleId: '999', ...o.settings } } : {}),
      log,
      invoker: {
        userId: 'u1',
        guildId: 'G',
        channelId: 'c',
        canManageMessages: false,
        canManageGuild: o.manage ?? true,
        roleIds: o.roles ?? [],
      },
      surface: 'discord',
      articles,
    }) as unknown as CommandContext;
  const file = (name: string, content: Uint8Array, size = content.length): CommandFile & { readBytes: ReturnType<typeof vi.fn> } => {
    const readBytes = vi.fn(async () => content);
    return { name, size, read: async () => Buffer.from(content).toString('utf8'), readBytes };
  };

  it('a member without Manage Server or the article role is refused; the role is enough', async () => {
    const { articles } = setup();
    const txt = file('market.txt', new TextEncoder().encode('One paragraph.\n\nTwo paragraphs.\n'));
    await expect(articleCommand.handle(ctx(articles, { manage: false }), { subcommand: 'upload', file: txt })).rejects.toThrow(
      'Changing the article needs the Manage Server permission or the article role.',
    );
    expect(txt.readBytes).not.toHaveBeenCalled();
    const reply = await articleCommand.handle(ctx(articles, { manage: false, roles: ['999'] }), { subcommand: 'upload', file: txt });
    expect(reply).toMatchObject({ kind: 'text', ephemeral: true });
    expect(reply.kind === 'text' && reply.text).toMatch(
      /^Now discussing \*\*Market\*\* \(`market`\): 2 paragraphs, ready in [\d.]+ s\.\n> ¶1 One paragraph\./,
    );
  });

  it("a server's own article role replaces the environment's (ARTICLE_ROLE_ID) there", async () => {
    const { articles } = setup();
    const txt = file('market.txt', new TextEncoder().encode('One paragraph.\n\nTwo paragraphs.\n'));
    const own = { articleRoleId: '555' };
    await expect(
      articleCommand.handle(ctx(articles, { manage: false, roles: ['999'], settings: own }), { subcommand: 'upload', file: txt }),
    ).rejects.toThrow('Changing the article needs the Manage Server permission or the article role.');
    const reply = await articleCommand.handle(ctx(articles, { manage: false, roles: ['555'], settings: own }), {
      subcommand: 'upload',
      file: txt,
    });
    expect(reply.kind === 'text' && reply.text).toMatch(/^Now discussing \*\*Market\*\*/);
  });

  it('a 10 MB file is refused from its size before any download; a binary one after reading; the current article stays', async () => {
    const { articles, store } = setup();
    await articles.add('G', 'u', MARKET);
    const big = file('huge.txt', new Uint8Array(0), 10 * 1024 * 1024);
    await expect(articleCommand.handle(ctx(articles), { subcommand: 'upload', file: big })).rejects.toThrow(
      'huge.txt is 10 MB; an article may be at most 5 MB.',
    );
    expect(big.readBytes).not.toHaveBeenCalled();
    const binary = file('scan.txt', Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]));
    await expect(articleCommand.handle(ctx(articles), { subcommand: 'upload', file: binary })).rejects.toThrow(
      'scan.txt is not a text file: upload a .txt, .md or .html article.',
    );
    const pdf = file('report.pdf', new Uint8Array(10));
    await expect(articleCommand.handle(ctx(articles), { subcommand: 'upload', file: pdf })).rejects.toThrow(
      /report\.pdf is not an article footnote can read/,
    );
    expect(await store.current('G')).toBe('covered-market-reopens-in-veldhaven');
  });
});
