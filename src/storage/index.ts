/**
 * Opening footnote's store: the SQLite file in DATA_DIR, migrated, with the JSONL logs of earlier
 * versions imported once. Everything else uses the `Store` interface (store.ts).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { importJsonlLogs, type ImportReport } from './sqlite/import-jsonl.js';
import { UserError } from '../domain/errors.js';
import { isFootnoteDatabase, openDatabase, sqliteStore, STORE_FILE, type SqliteOptions } from './sqlite/open.js';
import type { Store } from './store.js';

export type * from './store.js';
export { STORE_FILE };

export async function openStore(dataDir: string, o: SqliteOptions = {}): Promise<{ store: Store; imported: ImportReport[] }> {
  const db = openDatabase(path.join(dataDir, STORE_FILE), o);
  try {
    const imported = await importJsonlLogs(db, dataDir);
    return { store: sqliteStore(db, o.now), imported };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * An existing database, for reports: a directory means the database in it (DATA_DIR). Undefined
 * when there is none, as a report never creates one. Nothing is imported. A file that is not
 * already footnote's database is refused before it is opened for writing: opening it would run
 * the migrations and turn someone's other file into one.
 */
export function openExistingStore(fileOrDir: string): Store | undefined {
  const file = existsSync(fileOrDir) && statSync(fileOrDir).isDirectory() ? path.join(fileOrDir, STORE_FILE) : fileOrDir;
  if (!existsSync(file)) return undefined;
  if (!isFootnoteDatabase(file)) {
    throw new UserError(
      `${file} is not a footnote database (the bot creates one, ${STORE_FILE} in DATA_DIR, when it starts); left unchanged.`,
    );
  }
  return sqliteStore(openDatabase(file));
}
