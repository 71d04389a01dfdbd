import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { sqliteAnswers } from './answers.js';
import { sqliteArticles } from './articles.js';
import { sqliteFeedback } from './feedback.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { sqliteSettings } from './settings.js';

/** The database file in DATA_DIR, shared by every shard of the bot. */
export const STORE_FILE = 'footnote.db';

export interface SqliteOptions {
  now?: () => Date;
  /** How long a write waits for another process's write to finish. Default 5 s. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating it if needed) and migrates the database. WAL mode lets readers run beside the
 * one writer, and lets several processes (shards) share the file; `synchronous = NORMAL` is
 * durable across a crash of the process, which is what a bot restart is.
 */
export function openDatabase(file: string, o: SqliteOptions = {}): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: o.busyTimeoutMs ?? 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const now = o.now ?? (() => new Date());
    migrate(db, undefined, () => now().getTime());
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Whether a file is footnote's database, decided without changing it: opened read-only, it must
 * hold footnote's ledger of schema steps with footnote's first step recorded. An empty file, an
 * unrelated SQLite database (even one with another tool's `schema_migrations`) or a file that is
 * not SQLite at all is not.
 */
export function isFootnoteDatabase(file: string): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const first = db.prepare('SELECT name FROM schema_migrations WHERE version = 1').get() as { name: unknown } | undefined;
    return first?.name === MIGRATIONS[0]!.name;
  } catch {
    // No such table or column, not a database, unreadable: not one footnote can report on.
    return false;
  } finally {
    db?.close();
  }
}

/** The Store over an open database. */
export function sqliteStore(db: Database.Database, now: () => Date = () => new Date()): Store {
  return {
    answers: sqliteAnswers(db, now),
    feedback: sqliteFeedback(db, now),
    settings: sqliteSettings(db, now),
    articles: sqliteArticles(db),
    async close() {
      if (db.open) db.close();
    },
  };
}
