// The cheap start-up checks run before the slow first-start steps: a missing corpus folder or a
// data folder that cannot be written is reported at once (exit 2), not after ~15 s converting the
// word vectors into a cache that is then of no use.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/compose/config.js';
import { checkStartup } from '../src/compose/preflight.js';
import { gloveCacheFile } from '../src/embeddings/factory.js';
import { REPO_CORPUS, SHARED_CACHE_DIR, tempDir } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

/** A path nothing can create: its parent is a regular file (refused even to root, unlike chmod). */
function uncreatable(): string {
  const blocker = path.join(tempDir(), 'a-file');
  writeFileSync(blocker, '');
  return path.join(blocker, 'data');
}

describe('start-up checks before the vector conversion', () => {
  it.each(['ask', 'ingest'])('%s without a corpus folder: the corpus message, exit 2, no vectors converted', async (command) => {
    const cacheDir = tempDir('footnote-cache-');
    const missing = path.join(tempDir(), 'corpus');
    const argv = command === 'ask' ? ['ask', 'q'] : ['ingest'];
    const started = performance.now();
    const r = await runProgram(argv, { CORPUS_DIR: missing, DATA_DIR: tempDir(), CACHE_DIR: cacheDir, LOG_LEVEL: 'silent' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Corpus folder not found: ${missing}. Set CORPUS_DIR or pass --corpus DIR.`);
    expect(r.stderr).not.toContain('converting the word vectors');
    expect(readdirSync(cacheDir)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('ask with a DATA_DIR that cannot be created: a clear message naming the setting, exit 2, no conversion first', async () => {
    const dataDir = uncreatable();
    const started = performance.now();
    const r = await runProgram(['ask', 'q'], { CORPUS_DIR: REPO_CORPUS, DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot write the word-vector cache folder ${path.join(dataDir, 'cache')}`);
    expect(r.stderr).toContain('Set DATA_DIR (or CACHE_DIR) to a folder footnote can write.');
    expect(r.stderr).not.toContain('converting the word vectors');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a vector cache already in place: ingest checks the index folder it must write', async () => {
    const dataDir = uncreatable();
    const r = await runProgram(['ingest'], {
      CORPUS_DIR: REPO_CORPUS,
      DATA_DIR: dataDir,
      CACHE_DIR: SHARED_CACHE_DIR,
      LOG_LEVEL: 'silent',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot write the index folder ${path.join(dataDir, 'index')}`);
    expect(r.stderr).toContain('Set DATA_DIR (or INDEX_DIR, --index) to a folder footnote can write.');
  });

  it('a vector cache already in place: ask answers from an index built in memory', async () => {
    const r = await runProgram(['ask', '--json', 'Where were the talks held?'], {
      CORPUS_DIR: REPO_CORPUS,
      DATA_DIR: uncreatable(),
      CACHE_DIR: SHARED_CACHE_DIR,
      LOG_LEVEL: 'silent',
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).citations[0].paragraph).toBe(1);
  });
});

describe('checkStartup', () => {
  const configOf = (env: Record<string, string>) => loadConfig({ CORPUS_DIR: REPO_CORPUS, ...env });

  it('passes, creating the folders the start will write and leaving no probe file behind', async () => {
    const dataDir = path.join(tempDir(), 'fresh', 'data');
    const config = configOf({ DATA_DIR: dataDir });
    await checkStartup(config);
    expect(readdirSync(config.cacheDir)).toEqual([]);
    // Only `ingest` must write the index; a start may build it in memory.
    expect(existsSync(config.indexDir)).toBe(false);
    await checkStartup(config, 'build');
    expect(readdirSync(config.indexDir)).toEqual([]);
  });

  it('leaves folders it will only read alone: a vector cache in place and an existing index folder', async () => {
    const dataDir = uncreatable();
    const indexDir = tempDir('footnote-index-');
    await expect(checkStartup(configOf({ DATA_DIR: dataDir, CACHE_DIR: SHARED_CACHE_DIR, INDEX_DIR: indexDir }))).resolves.toBeUndefined();
    expect(existsSync(gloveCacheFile(SHARED_CACHE_DIR))).toBe(true);
    // `ingest` writes the index whatever is there.
    const blockedIndex = path.join(uncreatable(), 'index');
    await expect(
      checkStartup(configOf({ CACHE_DIR: SHARED_CACHE_DIR, INDEX_DIR: blockedIndex, DATA_DIR: tempDir() }), 'build'),
    ).rejects.toThrow(/Cannot write the index folder/);
  });

  it('a corpus path that is a file is not a corpus folder', async () => {
    const file = path.join(tempDir(), 'corpus');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'text');
    await expect(checkStartup(configOf({ CORPUS_DIR: file, DATA_DIR: tempDir() }))).rejects.toThrow(/Corpus folder not found/);
  });
});
