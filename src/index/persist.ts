import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument, Paragraph, Sentence } from '../domain/types.js';
import type { CorpusIndex, TermStats } from './build.js';
import { entitiesFromJSON, entitiesToJSON } from './entities.js';
import { LexicalIndex } from './lexical.js';
import { BUILD_FILES, checkManifest, type Manifest } from './manifest.js';
import { buildUnits } from './units.js';
import { loadVectorIndex } from './vector-index.js';

const MANIFEST = 'manifest.json';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Writes an index into a fresh build folder, then switches `manifest.json` to it with an atomic
 * rename. Readers therefore see the old build or the new one, never half of one; concurrent
 * writers each finish their own folder and the last rename wins.
 */
export async function persistIndex(index: CorpusIndex, dir: string): Promise<Manifest> {
  const build = `build-${Date.now()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const buildDir = path.join(dir, build);
  await mkdir(buildDir, { recursive: true });
  index.sentenceVectors.save(path.join(buildDir, 'sentences.hnsw'));
  index.paragraphVectors.save(path.join(buildDir, 'paragraphs.hnsw'));
  await writeFile(
    path.join(buildDir, 'docstore.json'),
    JSON.stringify({ documents: index.units.documents.map(withoutSentenceTexts), termStats: index.termStats }),
  );
  await writeFile(path.join(buildDir, 'lexical.json'), JSON.stringify({ paragraphs: index.paragraphLexical.toJSON() }));
  await writeFile(path.join(buildDir, 'entities.json'), JSON.stringify(entitiesToJSON(index.entities)));
  const checksums: Record<string, string> = {};
  for (const file of BUILD_FILES) checksums[file] = sha256(await readFile(path.join(buildDir, file)));
  const manifest: Manifest = { ...index.manifest, build, checksums };
  const tmp = path.join(dir, `${MANIFEST}.${build}.tmp`);
  await writeFile(tmp, JSON.stringify(manifest, null, 2));
  await rename(tmp, path.join(dir, MANIFEST));
  index.manifest = manifest;
  await removeOldBuilds(dir, build);
  return manifest;
}

/**
 * Deletes builds other than `keep`, and manifests left half-written by a crash, that are old
 * enough not to belong to a writer still at work.
 */
async function removeOldBuilds(dir: string, keep: string, minAgeMs = 60_000): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    const started = /^(?:build-|manifest\.json\.build-)(\d+)-/.exec(name)?.[1];
    if (name === keep || !started || now - Number(started) < minAgeMs) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
  }
}

/** What `manifest.json` holds: a manifest, nothing yet (`missing`), or damage (`problem`). */
export type ManifestFile = { manifest: Manifest } | { missing: true } | { problem: string };

export async function readManifestFile(dir: string): Promise<ManifestFile> {
  let json: string;
  try {
    json = await readFile(path.join(dir, MANIFEST), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { problem: `manifest.json cannot be read (${(error as Error).message})` };
  }
  return checkManifest(json);
}

/** The manifest, or undefined when there is none or it is damaged (callers that rebuild anyway). */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  const file = await readManifestFile(dir);
  return 'manifest' in file ? file.manifest : undefined;
}

/**
 * Loads the build a manifest points at, verifying every file's checksum first (a truncated or
 * corrupt file throws here rather than crashing the native loader).
 */
export async function loadPersistedIndex(dir: string, manifest: Manifest): Promise<CorpusIndex> {
  const buildDir = path.join(dir, manifest.build);
  const contents = new Map<string, Buffer>();
  for (const file of BUILD_FILES) {
    const data = await readFile(path.join(buildDir, file));
    if (sha256(data) !== manifest.checksums[file]) throw new Error(`index file ${file} is corrupt (checksum mismatch)`);
    contents.set(file, data);
  }
  // The graphs load on libuv's threads while this one parses the JSON files: on the 233-speech
  // benchmark corpus each side takes about half a second. Their files were verified above, so
  // the native loader never reads a corrupt one.
  const vectors = Promise.all([
    loadVectorIndex(path.join(buildDir, 'sentences.hnsw'), manifest.dimensions),
    loadVectorIndex(path.join(buildDir, 'paragraphs.hnsw'), manifest.dimensions),
  ]);
  // Awaited below; should parsing fail first, a failure here is not also an unhandled rejection.
  vectors.catch(() => undefined);
  const docstore = JSON.parse(contents.get('docstore.json')!.toString('utf8')) as { documents: StoredDocument[]; termStats: TermStats };
  const lexical = JSON.parse(contents.get('lexical.json')!.toString('utf8')) as { paragraphs: unknown };
  const units = buildUnits(docstore.documents.map(withSentenceTexts));
  if (units.sentences.length !== manifest.counts.sentences) throw new Error('index docstore does not match its manifest');
  const paragraphLexical = LexicalIndex.fromJSON(lexical.paragraphs);
  const entities = entitiesFromJSON(JSON.parse(contents.get('entities.json')!.toString('utf8')), units.paragraphs.length);
  const [sentenceVectors, paragraphVectors] = await vectors;
  return {
    manifest,
    units,
    sentenceVectors,
    paragraphVectors,
    paragraphLexical,
    termStats: docstore.termStats,
    entities,
  };
}

/** A sentence on disk: its text only where it is not simply its span of the paragraph. */
type StoredDocument = Omit<CorpusDocument, 'paragraphs'> & {
  paragraphs: (Omit<Paragraph, 'sentences'> & { sentences: (Omit<Sentence, 'text'> & { text?: string })[] })[];
};

/**
 * Sentences are spans of their paragraph, so their texts are stored once, in the paragraph:
 * written out again they were 10.7 of the docstore's 25 MB over the 233 State of the Union
 * speeches, read, hashed and parsed on every cold start.
 */
function withoutSentenceTexts(doc: CorpusDocument): StoredDocument {
  return {
    ...doc,
    paragraphs: doc.paragraphs.map((p) => ({
      ...p,
      sentences: p.sentences.map(({ text, ...s }) => (p.text.slice(s.start, s.end) === text ? s : { ...s, text })),
    })),
  };
}

function withSentenceTexts(doc: StoredDocument): CorpusDocument {
  return {
    ...doc,
    paragraphs: doc.paragraphs.map((p) => ({
      ...p,
      sentences: p.sentences.map((s) => ({ index: s.index, text: s.text ?? p.text.slice(s.start, s.end), start: s.start, end: s.end })),
    })),
  };
}
