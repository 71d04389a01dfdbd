import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/compose/bootstrap.js';
import { loadCorpus } from '../src/corpus/load.js';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { LocalGloveEmbeddings } from '../src/embeddings/local-glove.js';
import { acquireIndexLock, LOCK_FILE } from '../src/index/lock.js';
import { BUILD_FILES, checkManifest } from '../src/index/manifest.js';
import { openIndex } from '../src/index/open.js';
import { readManifest } from '../src/index/persist.js';
import { createLogger } from '../src/compose/log.js';
import { REPO, REPO_CORPUS, SHARED_CACHE_DIR, tempDir, testEnv } from './helpers/app.js';
import { runNode } from './helpers/spawn.js';

/** A logger whose lines the test can read. */
function capture(level = 'info') {
  const lines: { level: number; msg: string }[] = [];
  const log = createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

const indexDirOf = (env: Record<string, string | undefined>) => path.join(env.DATA_DIR!, 'index');
const buildDirOf = (env: Record<string, string | undefined>) =>
  path.join(indexDirOf(env), JSON.parse(readFileSync(path.join(indexDirOf(env), 'manifest.json'), 'utf8')).build);
const QUESTION = 'Who is the US Treasury Secretary?';

/** A lock as a holder that died `agoMs` ago leaves it: there, and no longer refreshed. */
function abandonedLock(dir: string, agoMs: number): void {
  const lock = path.join(dir, LOCK_FILE);
  mkdirSync(lock, { recursive: true });
  const then = new Date(Date.now() - agoMs);
  utimesSync(lock, then, then);
}

/** Another process takes the lock (refreshing it every second), then is killed with SIGKILL. */
function killedHolder(dir: string): Promise<void> {
  const code = `import { acquireIndexLock } from './src/index/lock.ts';
await acquireIndexLock(${JSON.stringify(dir)}, { staleMs: 2000 });
process.stdout.write('held');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => child.kill('SIGKILL'));
    child.once('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`lock holder exited on its own (${signal})`)),
    );
  });
}

describe('the index after damage while the bot was stopped (end to end)', () => {
  it.each<[string, (env: Record<string, string | undefined>) => void, boolean]>([
    ['a truncated vector file', (env) => truncateSync(path.join(buildDirOf(env), 'paragraphs.hnsw'), 64), true],
    ['a corrupted docstore', (env) => writeFileSync(path.join(buildDirOf(env), 'docstore.json'), '{"documents": [{"id": "x"'), true],
    ['a deleted build folder', (env) => rmSync(buildDirOf(env), { recursive: true }), true],
    ['a half-written manifest', (env) => writeFileSync(path.join(indexDirOf(env), 'manifest.json'), '{"formatVersion": 2, "corp'), true],
    ['a deleted index folder', (env) => rmSync(indexDirOf(env), { recursive: true }), false],
  ])('GIVEN %s WHEN the app starts THEN it rebuilds and answers', async (_name, damage, warns) => {
    const env = testEnv();
    const before = (await createApp(env, {}, createLogger('silent'))).footnote;
    const expected = await before.ask(QUESTION);
    const firstBuild = (await readManifest(indexDirOf(env)))!.build;
    damage(env);
    const { log, warnings } = capture();
    const app = await createApp(env, {}, log);
    const r = await app.footnote.ask(QUESTION);
    expect(r.answer).toBe(expected.answer);
    expect(r.citations).toEqual(expected.citations);
    expect((await readManifest(indexDirOf(env)))!.build).not.toBe(firstBuild);
    if (warns) expect(warnings()).toContain('index is corrupt; rebuilding');
    else expect(warnings()).not.toContain('index is corrupt; rebuilding');
    // And the repaired index is used as is by the next start.
    const { log: quiet, warnings: none } = capture();
    await createApp(env, {}, quiet);
    expect(none()).toEqual([]);
  });

  it('GIVEN an index folder that cannot be written WHEN the app starts THEN it answers from memory, with a warning', async () => {
    const blocker = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'a file where the index folder should be');
    const { log, warnings } = capture();
    const app = await createApp(testEnv({ INDEX_DIR: path.join(blocker, 'index') }), {}, log);
    expect((await app.footnote.ask(QUESTION)).answer).toContain('Bessent');
    expect(warnings()).toEqual(
      expect.arrayContaining([expect.stringMatching(/build lock/), expect.stringMatching(/cannot save the index/)]),
    );
  });
});

describe('concurrent writers', () => {
  it('GIVEN two `ingest` runs at once THEN both exit 0 and readers only ever see whole builds', async () => {
    const env = testEnv();
    const dir = indexDirOf(env);
    const seen = new Set<string>();
    let reading = true;
    // A reader polling throughout: every manifest it finds parses and points at a complete build.
    const reader = (async () => {
      while (reading) {
        let text: string | undefined;
        try {
          text = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
        } catch {
          // Not written yet.
        }
        if (text !== undefined) {
          const read = checkManifest(text);
          if (!('manifest' in read)) throw new Error(read.problem);
          const m = read.manifest;
          if (!seen.has(m.build)) {
            for (const file of BUILD_FILES) {
              const sum = createHash('sha256')
                .update(readFileSync(path.join(dir, m.build, file)))
                .digest('hex');
              expect(sum, `${m.build}/${file}`).toBe(m.checksums[file]);
            }
            seen.add(m.build);
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const [a, b] = await Promise.all([runNode('src/cli.ts', ['ingest'], env), runNode('src/cli.ts', ['ingest'], env)]);
    reading = false;
    await reader;
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    for (const r of [a, b]) expect(r.stdout).toMatch(/^Indexed 1 document, \d+ paragraphs, \d+ sentences in \d+ ms/);
    expect(seen.size).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const reopened = await createApp(env, {}, createLogger('silent'));
    expect((await reopened.footnote.ask(QUESTION)).answer).toContain('Bessent');
  });

  it('GIVEN a lock left by a crashed ingest WHEN ingest runs THEN it is not blocked', async () => {
    const env = testEnv();
    const dir = indexDirOf(env);
    abandonedLock(dir, 60_000);
    const started = Date.now();
    const r = await runNode('src/cli.ts', ['ingest'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('GIVEN two cores opening one missing index at once THEN one builds it and the other loads that build', async () => {
    const glove = new LocalGloveEmbeddings(await loadGloveTable(path.join(SHARED_CACHE_DIR, 'glove-sg100d.bin')));
    const embeddings = { embeddings: glove, model: glove.model };
    const corpus = await loadCorpus(REPO_CORPUS);
    const dir = tempDir('footnote-index-');
    const quiet = { info: () => {}, warn: () => {} };
    const results = await Promise.all([openIndex(dir, corpus, embeddings, quiet), openIndex(dir, corpus, embeddings, quiet)]);
    expect(results.map((r) => r.rebuilt ?? 'loaded').sort()).toEqual(['loaded', 'no index yet']);
    expect(results[0]!.index.manifest.build).toBe(results[1]!.index.manifest.build);
  });
});

describe('index build lock', () => {
  it('GIVEN a live holder THEN the next one waits for its release', async () => {
    const dir = tempDir();
    const first = await acquireIndexLock(dir);
    expect(first).toMatchObject({ held: true, waited: false });
    let acquired = false;
    const second = acquireIndexLock(dir, { pollMs: 10 }).then((l) => ((acquired = true), l));
    await new Promise((r) => setTimeout(r, 100));
    expect(acquired).toBe(false);
    await first.release();
    expect(await second).toMatchObject({ held: true, waited: true });
  });

  it('GIVEN a holder that never finishes THEN the wait is bounded and the build goes ahead without the lock', async () => {
    const dir = tempDir();
    await acquireIndexLock(dir);
    const warnings: string[] = [];
    const started = Date.now();
    const lock = await acquireIndexLock(dir, { waitMs: 200, pollMs: 20, log: { warn: (_o, msg) => void warnings.push(msg ?? '') } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lock).toMatchObject({ held: false, waited: true });
    expect(warnings).toEqual(['index build lock still held; building without it']);
  });

  it('breaks a lock its holder stopped refreshing longer than staleMs ago, without waiting', async () => {
    const dir = tempDir();
    abandonedLock(dir, 20_000);
    const lock = await acquireIndexLock(dir, { waitMs: 5000 });
    expect(lock).toMatchObject({ held: true, waited: false });
    await lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('GIVEN a holder killed with SIGKILL THEN the next one takes its lock once it is stale', async () => {
    const dir = tempDir();
    await killedHolder(dir);
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    const started = Date.now();
    const lock = await acquireIndexLock(dir, { staleMs: 2000, pollMs: 50 });
    expect(lock).toMatchObject({ held: true, waited: true });
    expect(Date.now() - started).toBeLessThan(10_000);
    await lock.release();
  });

  it('does not release a lock it no longer owns, and says so when it notices', async () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const mine = await acquireIndexLock(dir, { staleMs: 2000, log: { warn: (_o, msg) => void warnings.push(msg ?? '') } });
    // Taken over as another process does with a lock it judged stale: removed and made anew.
    rmSync(path.join(dir, LOCK_FILE), { recursive: true });
    mkdirSync(path.join(dir, LOCK_FILE));
    utimesSync(path.join(dir, LOCK_FILE), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    for (let waited = 0; warnings.length === 0 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(warnings).toEqual(['index build lock was taken over; building on without it']);
    await mine.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true);
  });
});
