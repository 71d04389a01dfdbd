/**
 * The database schema, as numbered steps. A database records the steps it has had in
 * `schema_migrations`; opening it applies the missing ones in order, each in its own transaction.
 *
 * To change the schema, APPEND a step with the next version number. Never edit or reorder a step
 * that has landed: databases in the wild already ran it.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  /** What the step is for, recorded with it. */
  name: string;
  /** SQL run as one script, or a function for steps that need to look at the data. */
  up: string | ((db: Database.Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'answers, feedback, guild settings, JSONL imports',
    up: `
      -- Answers shown in Discord: thread memory and the buttons under each answer refer to them by id.
      CREATE TABLE answers (
        id          TEXT PRIMARY KEY,
        created_at  INTEGER NOT NULL,            -- ms since the epoch
        guild_id    TEXT,
        channel_id  TEXT,
        question    TEXT NOT NULL,
        answer      TEXT NOT NULL,
        answerable  INTEGER NOT NULL,
        citations   TEXT NOT NULL,               -- JSON array of {doc, paragraph, quote}
        mode        TEXT NOT NULL,
        model       TEXT,
        note        TEXT
      ) STRICT;
      CREATE INDEX answers_by_time ON answers (created_at);

      -- One vote per person per answer; a new vote replaces the old one.
      CREATE TABLE feedback (
        answer_id   TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
        user_id     TEXT NOT NULL,
        vote        TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        voted_at    INTEGER NOT NULL,
        guild_id    TEXT,
        channel_id  TEXT,
        PRIMARY KEY (answer_id, user_id)
      ) STRICT;
      CREATE INDEX feedback_by_time ON feedback (voted_at);

      -- What a server changed with /settings; NULL = the default from the environment.
      CREATE TABLE guild_settings (
        guild_id             TEXT PRIMARY KEY,
        allowed_channel_ids  TEXT,               -- JSON array of channel ids
        cooldown_questions   INTEGER,
        cooldown_seconds     INTEGER,
        thread_mode          TEXT,
        summary_role_id      TEXT,
        dm_policy            TEXT,
        language             TEXT,
        updated_at           INTEGER NOT NULL,
        updated_by           TEXT
      ) STRICT;

      -- JSONL logs of earlier versions, imported once each.
      CREATE TABLE jsonl_imports (
        file         TEXT PRIMARY KEY,
        answers      INTEGER NOT NULL,
        votes        INTEGER NOT NULL,
        skipped      INTEGER NOT NULL,
        imported_at  INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'articles uploaded per server, and the current one',
    up: `
      -- The text of an article, once per content hash however many servers uploaded it.
      CREATE TABLE article_texts (
        content_hash  TEXT PRIMARY KEY,
        markdown      TEXT NOT NULL
      ) STRICT;

      -- A server's articles; id is unique in the server (the doc option, the doc of citations).
      CREATE TABLE articles (
        guild_id      TEXT NOT NULL,
        id            TEXT NOT NULL,
        title         TEXT NOT NULL,
        source        TEXT NOT NULL,             -- file name or URL
        uploaded_by   TEXT NOT NULL,             -- user id
        uploaded_at   INTEGER NOT NULL,          -- ms since the epoch
        content_hash  TEXT NOT NULL REFERENCES article_texts (content_hash),
        paragraphs    INTEGER NOT NULL,
        PRIMARY KEY (guild_id, id)
      ) STRICT;

      -- The article a server is discussing; no row = the shipped article.
      CREATE TABLE guild_articles (
        guild_id      TEXT PRIMARY KEY,
        article_id    TEXT NOT NULL,
        FOREIGN KEY (guild_id, article_id) REFERENCES articles (guild_id, id) ON DELETE CASCADE
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'a role per server that may change the article',
    up: `
      -- Besides Manage Server; NULL = the default from the environment (ARTICLE_ROLE_ID).
      ALTER TABLE guild_settings ADD COLUMN article_role_id TEXT;
    `,
  },
];

/** Thrown when the database was written by a newer footnote than this one. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

export function schemaVersion(db: Database.Database): number {
  ensureLedger(db);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies the missing steps. Safe when several processes (shards) open one database at once:
 * each step runs under BEGIN IMMEDIATE and re-checks the version, so it runs exactly once.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): { from: number; to: number } {
  checkOrder(migrations);
  const from = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new SchemaTooNewError(`The database is at schema version ${from}, newer than this footnote knows (${latest}). Upgrade footnote.`);
  }
  for (const m of migrations) {
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}

function ensureLedger(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT',
  );
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration "${m.name}" has version ${m.version}; expected ${i + 1} (versions count up from 1)`);
  });
}
