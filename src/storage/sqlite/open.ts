import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../store.js';
import { sqliteAnswers } from './answers.js';
import { sqliteArticles } from './articles.js';
import { sqliteFeedback } from './feedback.js';
import { migrate } from './migrations.js';
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
