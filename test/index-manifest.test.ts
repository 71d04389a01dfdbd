// A manifest.json that is there but is not a manifest is damage: the index is rebuilt with the
// same warning as any other corrupt index file. A missing one is a first start: no warning.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type LoadedCorpus } from '../src/corpus/load.js';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { LocalGloveEmbeddings } from '../src/embeddings/local-glove.js';
import type { EmbeddingsInfo } from '../src/index/build.js';
import { checkManifest } from '../src/index/manifest.js';
import { openIndex } from '../src/index/open.js';
import { readManifest, readManifestFile } from '../src/index/persist.js';
import { SHARED_CACHE_DIR } from './helpers/app.js';

const MILL = [
  '# The mill at Vell',
  'The old mill at Vell turned again on Saturday, forty years after it last ground grain.',
  'The miller, Oda Brenn, said the stones would grind rye for the town bakery every Tuesday.',
].join('\n\n');

const DAMAGED: [string, string][] = [
  ['garbage text', 'the mill wheel turned\n'],
  ['an empty file', ''],
  ['an empty object', '{}'],
  ['null', 'null'],
  ['a half-written manifest', '{"formatVersion": 18, "corp'],
];

const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

/** A log that keeps what it is told. */
function capture() {
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  return {
    log: {
      info: () => {},
      warn: (obj: object, msg?: string) => void warnings.push({ obj: obj as Record<string, unknown>, msg: msg ?? '' }),
    },
    warnings,
  };
}

describe('reading manifest.json', () => {
  it.each(DAMAGED)('GIVEN %s THEN it is damage, described', async (_name, text) => {
    const dir = await tempDir('footnote-manifest-');
    await writeFile(path.join(dir, 'manifest.json'), text);
    const file = await readManifestFile(dir);
    expect(file).toEqual({ problem: expect.stringMatching(/^manifest\.json is not (JSON|an index manifest) \(.+\)$/) });
    expect(await readManifest(dir)).toBeUndefined();
  });

  it('names the first thing wrong with a manifest that parses', () => {
    expect(checkManifest('{}')).toEqual({ problem: expect.stringMatching(/^manifest\.json is not an index manifest \(formatVersion: /) });
    expect(checkManifest('')).toEqual({ problem: expect.stringMatching(/^manifest\.json is not JSON \(/) });
  });

  it('GIVEN no manifest THEN it is missing, not damage', async () => {
    const dir = await tempDir('footnote-manifest-');
    expect(await readManifestFile(dir)).toEqual({ missing: true });
    expect(await readManifestFile(path.join(dir, 'no-such-folder'))).toEqual({ missing: true });
  });
});

describe('opening an index whose manifest is damaged', () => {
  let embeddings: EmbeddingsInfo;
  let corpus: LoadedCorpus;
  beforeAll(async () => {
    const glove = new LocalGloveEmbeddings(await loadGloveTable(path.join(SHARED_CACHE_DIR, 'glove-sg100d.bin')));
    embeddings = { embeddings: glove, model: glove.model };
    const corpusDir = await tempDir('footnote-mill-');
    await writeFile(path.join(corpusDir, 'mill.md'), MILL);
    corpus = await loadCorpus(corpusDir);
  });

  it.each(DAMAGED)('GIVEN %s THEN it rebuilds with a warning, and the next open uses the new build silently', async (_name, text) => {
    const dir = await tempDir('footnote-index-');
    await openIndex(dir, corpus, embeddings, capture().log);
    await writeFile(path.join(dir, 'manifest.json'), text);
    const { log, warnings } = capture();
    const opened = await openIndex(dir, corpus, embeddings, log);
    expect(opened.rebuilt).toMatch(/^index unreadable: manifest\.json is not/);
    expect(warnings).toEqual([{ obj: { dir, reason: opened.rebuilt }, msg: 'index is corrupt; rebuilding' }]);
    const again = capture();
    const reopened = await openIndex(dir, corpus, embeddings, again.log);
    expect(reopened.rebuilt).toBeUndefined();
    expect(reopened.index.manifest.build).toBe(opened.index.manifest.build);
    expect(again.warnings).toEqual([]);
  });

  it('GIVEN no manifest (a first start, or a deleted index) THEN it builds without a warning', async () => {
    const dir = await tempDir('footnote-index-');
    await openIndex(dir, corpus, embeddings, capture().log);
    await rm(path.join(dir, 'manifest.json'));
    const { log, warnings } = capture();
    expect((await openIndex(dir, corpus, embeddings, log)).rebuilt).toBe('no index yet');
    expect(warnings).toEqual([]);
  });
});
