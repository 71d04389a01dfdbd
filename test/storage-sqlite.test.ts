// The SQLite store: migrations from an empty database and from the JSONL logs of earlier
// versions, one vote per person per answer, retention, per-server settings.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AskResult } from '../src/domain/types.js';
import { runEvalCli } from '../src/eval/cli.js';
import { exportFeedbackAsCases } from '../src/eval/feedback-export.js';
import { openExistingStore, openStore, STORE_FILE, type Store } from '../src/storage/index.js';
import { MIGRATIONS, migrate, schemaVersion, SchemaTooNewError, type Migration } from '../src/storage/sqlite/migrations.js';
import { tempDir } from './helpers/app.js';

const result = (question: string, over: Partial<AskResult> = {}): AskResult => ({
  question,
  answer: `An answer to: ${question}`,
  short_answer: null,
  answerable: true,
  citations: [{ doc: 'harbour-report', paragraph: 2, quote: 'The ferry runs twice a day.' }],
  related: [],
  retrieved: [],
  mode: 'extractive',
  timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
  ...over,
});

const open: Store[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
async function storeIn(dir: string, now?: () => Date) {
  const opened = await openStore(dir, now ? { now } : {});
  open.push(opened.store);
  return opened;
}

const tables = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('migrations', () => {
  it('an empty data dir gets the whole schema, in WAL mode, at the latest version', async () => {
    const dir = tempDir();
    const { imported } = await storeIn(dir);
    expect(imported).toEqual([]);
    const file = path.join(dir, STORE_FILE);
    expect(tables(file)).toEqual([
      'answers',
      'article_texts',
      'articles',
      'feedback',
      'guild_articles',
      'guild_settings',
      'jsonl_imports',
      'schema_migrations',
    ]);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('reopening applies nothing twice; a later step is applied on the next open', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: MIGRATIONS.length });
    expect(migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    const next: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'a test column',
      up: 'ALTER TABLE guild_settings ADD COLUMN motto TEXT',
    };
    expect(migrate(db, [...MIGRATIONS, next])).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length + 1 });
    const columns = (db.prepare('PRAGMA table_info(guild_settings)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('motto');
    db.close();
  });

  it('a failing step leaves the database at the step before', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      up: 'ALTER TABLE answers ADD COLUMN x TEXT; SELECT * FROM no_such_table',
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const columns = (db.prepare('PRAGMA table_info(answers)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('x');
    db.close();
  });

  it('refuses a database written by a newer footnote, and steps out of order', () => {
    const db = new Database(':memory:');
    migrate(db, [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'future', up: 'SELECT 1' }]);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    expect(() => migrate(new Database(':memory:'), [{ version: 2, name: 'gap', up: 'SELECT 1' }])).toThrow(/expected 1/);
    db.close();
  });

  it('a report never creates a database', () => {
    const dir = tempDir();
    expect(openExistingStore(dir)).toBeUndefined();
    expect(existsSync(path.join(dir, STORE_FILE))).toBe(false);
  });
});

describe('answers', () => {
  it('are stored with where they were given and read back by id after a reopen', async () => {
    const dir = tempDir();
    const { store } = await storeIn(dir);
    const a = await store.answers.add(result('When does the ferry leave?', { model: 'm1', mode: 'llm' }), {
      guildId: '100000000000000001',
      channelId: '100000000000000002',
    });
    expect(a.id).toMatch(/^[\w-]{12}$/);
    await store.close();
    const { store: again } = await storeIn(dir);
    expect(await again.answers.get(a.id)).toEqual(a);
    expect(await again.answers.get('nope')).toBeUndefined();
  });

  it('retention deletes old answers but keeps the ones people voted on', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const { store } = await storeIn(tempDir(), () => now);
    const voted = await store.answers.add(result('old and voted'));
    const old = await store.answers.add(result('old'));
    await store.feedback.vote({ answerId: voted.id, userId: '7', vote: 'up' });
    now = new Date('2026-02-15T00:00:00Z');
    const fresh = await store.answers.add(result('fresh'));
    expect(await store.answers.prune(new Date('2026-01-16T00:00:00Z'))).toBe(1);
    expect(await store.answers.get(old.id)).toBeUndefined();
    expect(await store.answers.get(voted.id)).toBeDefined();
    expect(await store.answers.get(fresh.id)).toBeDefined();
  });
});

describe('feedback', () => {
  it('👍 three times then 👎 by one person leaves exactly one vote, 👎; another person keeps theirs', async () => {
    const { store } = await storeIn(tempDir());
    const a = await store.answers.add(result('Who runs the ferry?'));
    const previous = [];
    for (const vote of ['up', 'up', 'up', 'down'] as const)
      previous.push((await store.feedback.vote({ answerId: a.id, userId: '42', vote })).previous);
    expect(previous).toEqual([undefined, 'up', 'up', 'up']);
    await store.feedback.vote({ answerId: a.id, userId: '43', vote: 'up' });
    const entries = await store.feedback.entries();
    expect(entries.map((e) => [e.userId, e.vote])).toEqual([
      ['42', 'down'],
      ['43', 'up'],
    ]);
    expect(entries[0]).toMatchObject({ question: 'Who runs the ferry?', answerId: a.id, citations: a.citations, answerable: true });
    // The entries are what --export-feedback reads.
    expect(exportFeedbackAsCases(entries)[0]).toMatchObject({ question: 'Who runs the ferry?', tags: ['feedback', 'needs-review'] });
  });

  it('a vote on an unknown answer is refused by the database', async () => {
    const { store } = await storeIn(tempDir());
    await expect(store.feedback.vote({ answerId: 'missing', userId: '1', vote: 'up' })).rejects.toThrow(/FOREIGN KEY/);
  });
});

describe('guild settings', () => {
  it('store only what changed; null resets to the default; all() lists the servers', async () => {
    const { store } = await storeIn(tempDir());
    expect(await store.settings.get('1')).toEqual({});
    await store.settings.update('1', { threadMode: 'mentions', cooldown: { questions: 2, seconds: 30 } }, '99');
    await store.settings.update('1', {
      allowedChannelIds: ['5', '6'],
      summaryRoleId: '8',
      articleRoleId: '9',
      dmPolicy: 'members',
      language: 'de',
    });
    expect(await store.settings.get('1')).toEqual({
      threadMode: 'mentions',
      cooldown: { questions: 2, seconds: 30 },
      allowedChannelIds: ['5', '6'],
      summaryRoleId: '8',
      articleRoleId: '9',
      dmPolicy: 'members',
      language: 'de',
    });
    expect(await store.settings.update('1', { threadMode: null, allowedChannelIds: [], articleRoleId: null })).toEqual({
      cooldown: { questions: 2, seconds: 30 },
      allowedChannelIds: [],
      summaryRoleId: '8',
      dmPolicy: 'members',
      language: 'de',
    });
    expect(await store.settings.get('2')).toEqual({});
    expect([...(await store.settings.all()).keys()]).toEqual(['1']);
  });

  it('a database from before the article role keeps its settings when migrated', async () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO guild_settings (guild_id, thread_mode, summary_role_id, updated_at) VALUES ('1', 'mentions', '8', 0)").run();
    expect(migrate(db)).toEqual({ from: 2, to: MIGRATIONS.length });
    expect(db.prepare('SELECT thread_mode, summary_role_id, article_role_id FROM guild_settings').get()).toEqual({
      thread_mode: 'mentions',
      summary_role_id: '8',
      article_role_id: null,
    });
    db.close();
  });
});

describe('import of the JSONL logs of earlier versions', () => {
  const line = (o: object) => `${JSON.stringify(o)}\n`;
  const answer = (id: string, question: string, time: string) => ({
    id,
    time,
    question,
    answer: `Because of ${question.toLowerCase()}`,
    answerable: true,
    citations: [{ doc: 'harbour-report', paragraph: 3, quote: 'Repairs start in May.' }],
    mode: 'extractive',
  });
  const click = (a: ReturnType<typeof answer>, userId: string, vote: 'up' | 'down', time: string) => ({
    time,
    vote,
    userId,
    question: a.question,
    answer: a.answer,
    answerable: a.answerable,
    citations: a.citations,
    answerId: a.id,
    mode: a.mode,
    guildId: '300000000000000001',
    channelId: '300000000000000002',
  });

  it('imports answers (per-shard logs too) and one vote per person per answer, once, into the latest schema', async () => {
    const dir = tempDir();
    const a1 = answer('aaaaaaaa', 'Why is the pier closed?', '2026-03-01T10:00:00.000Z');
    const a2 = answer('bbbbbbbb', 'When do repairs start?', '2026-03-01T11:00:00.000Z');
    const a3 = answer('cccccccc', 'Who pays for it?', '2026-03-01T12:00:00.000Z');
    // a3 already left the capped answer log: only its feedback lines remember it.
    writeFileSync(path.join(dir, 'answers.jsonl'), line(a1) + '{"id":"torn", "ti');
    writeFileSync(path.join(dir, 'answers.shard-1.jsonl'), line(a2) + line({ unrelated: true }));
    writeFileSync(
      path.join(dir, 'feedback.jsonl'),
      line(click(a1, '11', 'up', '2026-03-02T09:00:00.000Z')) +
        line(click(a1, '11', 'up', '2026-03-02T09:00:01.000Z')) +
        line(click(a1, '11', 'down', '2026-03-02T09:00:02.000Z')) +
        line(click(a2, '12', 'up', '2026-03-02T09:01:00.000Z')) +
        line(click(a3, '11', 'down', '2026-03-02T09:02:00.000Z')),
    );
    const { store, imported } = await storeIn(dir);
    expect(imported).toEqual([
      { file: 'answers.jsonl', answers: 1, votes: 0, skipped: 0 },
      { file: 'answers.shard-1.jsonl', answers: 1, votes: 0, skipped: 1 },
      { file: 'feedback.jsonl', answers: 1, votes: 3, skipped: 0 },
    ]);
    expect(await store.answers.get('aaaaaaaa')).toMatchObject({ question: a1.question, time: a1.time, citations: a1.citations });
    expect(await store.answers.get('cccccccc')).toMatchObject({ question: a3.question, guildId: '300000000000000001' });
    const votes = (await store.feedback.entries()).map((e) => [e.answerId, e.userId, e.vote]);
    expect(votes).toEqual([
      ['aaaaaaaa', '11', 'down'],
      ['bbbbbbbb', '12', 'up'],
      ['cccccccc', '11', 'down'],
    ]);
    await store.close();

    // A second start imports nothing again, even after the old log grew.
    writeFileSync(path.join(dir, 'feedback.jsonl'), line(click(a2, '13', 'down', '2026-03-03T00:00:00.000Z')), { flag: 'a' });
    const again = await storeIn(dir);
    expect(again.imported).toEqual([]);
    expect(await again.store.feedback.entries()).toHaveLength(3);
    const db = new Database(path.join(dir, STORE_FILE), { readonly: true });
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('a vote in the database is never replaced by an older click from a log', async () => {
    const dir = tempDir();
    const a = answer('dddddddd', 'Is the ferry free?', '2026-03-01T10:00:00.000Z');
    const { store } = await storeIn(dir, () => new Date('2026-04-01T00:00:00Z'));
    // The answer and a newer vote exist before the old log shows up (a log copied in late).
    const db = new Database(path.join(dir, STORE_FILE));
    db.prepare(
      "INSERT INTO answers (id, created_at, question, answer, answerable, citations, mode) VALUES (?, 0, ?, '', 1, '[]', 'extractive')",
    ).run(a.id, a.question);
    db.close();
    await store.feedback.vote({ answerId: a.id, userId: '11', vote: 'up' });
    await store.close();
    writeFileSync(path.join(dir, 'feedback.jsonl'), line(click(a, '11', 'down', '2026-03-02T09:00:00.000Z')));
    const { store: again, imported } = await storeIn(dir);
    expect(imported[0]).toMatchObject({ file: 'feedback.jsonl', votes: 0 });
    expect((await again.feedback.entries()).map((e) => e.vote)).toEqual(['up']);
  });
});

describe('--export-feedback from the database', () => {
  it('reads the votes of the database file or of DATA_DIR, one per person and answer', async () => {
    const dir = tempDir();
    const { store } = await storeIn(dir);
    const a = await store.answers.add(result('Why was the bridge closed?'));
    for (const vote of ['up', 'up', 'down'] as const) await store.feedback.vote({ answerId: a.id, userId: '5', vote });
    for (const target of [dir, path.join(dir, STORE_FILE)]) {
      let out = '';
      const sink = { write: (s: string) => (out += s) };
      expect(await runEvalCli({ kind: 'export-feedback', file: target }, { stdout: sink, stderr: sink, isTTY: false })).toBe(0);
      const draft = JSON.parse(out) as { question: string; notes: string; tags: string[] };
      expect(draft).toMatchObject({ question: 'Why was the bridge closed?', tags: ['feedback', 'needs-review'] });
      expect(draft.notes).toMatch(/^0 up, 1 down/);
    }
  });
});
