// The read-only reports (`footnote feedback --db FILE`, `footnote eval --export-feedback FILE`)
// refuse a file that is not already footnote's database, and leave it byte for byte as it was:
// opening it the usual way would run the migrations and turn it into one.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AskResult } from '../src/domain/types.js';
import { openExistingStore, openStore, STORE_FILE } from '../src/storage/index.js';
import { isFootnoteDatabase } from '../src/storage/sqlite/open.js';
import { tempDir, testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

/** Files that are not footnote's database, each in a folder of its own. */
/** A SQLite file of someone else's, made by running `sql` in a new database. */
function sqliteFile(name: string, sql: string): string {
  const file = path.join(tempDir(), name);
  const db = new Database(file);
  db.exec(sql);
  db.close();
  return file;
}

const foreign = {
  empty(): string {
    const file = path.join(tempDir(), 'empty.db');
    writeFileSync(file, '');
    return file;
  },
  otherSqlite: () => sqliteFile('other.db', "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')"),
  /** Another tool's migrations ledger, under the same table name footnote uses. */
  otherLedger: () =>
    sqliteFile(
      'ledger.db',
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, dirty INTEGER); INSERT INTO schema_migrations VALUES (1, 0)',
    ),
};

const result: AskResult = {
  question: 'Who runs the ferry?',
  answer: 'The council [¶3].',
  answerable: true,
  short_answer: null,
  citations: [{ doc: 'harbour', paragraph: 3, quote: 'The council runs the ferry.' }],
  related: [],
  retrieved: [],
  mode: 'extractive',
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
};

describe.each(Object.entries(foreign))('a file that is not a footnote database (%s)', (_kind, make) => {
  it('`footnote feedback --db FILE` refuses it (exit 2) and leaves it unchanged', async () => {
    const file = make();
    const before = readFileSync(file);
    const r = await runProgram(['feedback', '--db', file], testEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} is not a footnote database`);
    expect(r.stdout).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no journal left beside it
  });

  it('`footnote eval --export-feedback FILE` refuses it (exit 2) and leaves it unchanged', async () => {
    const file = make();
    const before = readFileSync(file);
    const r = await runProgram(['eval', '--export-feedback', file], testEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a footnote database|the file is empty, neither a footnote database nor a feedback log/);
    expect(r.stdout).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no journal left beside it
  });

  it("is not taken for footnote's database, nor opened as one", () => {
    const file = make();
    expect(isFootnoteDatabase(file)).toBe(false);
    expect(() => openExistingStore(file)).toThrow(/is not a footnote database/);
  });
});

describe("footnote's own database", () => {
  it('is still read by both reports, from the file or from DATA_DIR', async () => {
    const dir = tempDir();
    const { store } = await openStore(dir);
    const a = await store.answers.add(result);
    await store.feedback.vote({ answerId: a.id, userId: 'p1', vote: 'down' });
    await store.close();
    const file = path.join(dir, STORE_FILE);
    expect(isFootnoteDatabase(file)).toBe(true);

    const report = await runProgram(['feedback', '--db', file, '--json'], testEnv());
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ total: { answers: 1, down: 1 } });
    const exported = await runProgram(['eval', '--export-feedback', dir], testEnv());
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('Who runs the ferry?');
  });

  it('a DATA_DIR without one is still "no database", and none is created', async () => {
    const dir = tempDir();
    expect(openExistingStore(dir)).toBeUndefined();
    const r = await runProgram(['feedback', '--db', dir], testEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No footnote database in ${dir}`);
  });
});
