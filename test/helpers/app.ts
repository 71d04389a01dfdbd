import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/compose/bootstrap.js';
import { createLogger } from '../../src/compose/log.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_CORPUS = path.join(REPO, 'corpus');
/** An invented corpus of `test/fixtures/`, by its folder name. */
export const fixture = (name: string): string => path.join(REPO, 'test', 'fixtures', name);
/** The word-vector cache is built once by test/global-setup.ts and shared by every test. */
export const SHARED_CACHE_DIR = path.join(REPO, 'data', 'cache');

export function tempDir(prefix = 'footnote-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Env for a test: the repo corpus, a private data dir (index, feedback), the shared vector cache. */
export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { CORPUS_DIR: REPO_CORPUS, DATA_DIR: tempDir(), CACHE_DIR: SHARED_CACHE_DIR, LOG_LEVEL: 'silent', ...overrides };
}

export async function createTestApp(overrides: Record<string, string | undefined> = {}): Promise<App> {
  const env = testEnv(overrides);
  return createApp(env, {}, createLogger('silent'));
}

/** An app over one invented document, `<name>.md`: its title line, then one paragraph per entry. */
export async function appOver(name: string, blocks: string[]): Promise<App> {
  const dir = tempDir(`footnote-${name}-`);
  writeFileSync(path.join(dir, `${name}.md`), blocks.join('\n\n'));
  return createTestApp({ CORPUS_DIR: dir });
}
