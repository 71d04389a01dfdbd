import { embeddingsSettingsOf } from '../../compose/config.js';
import { checkStartup } from '../../compose/preflight.js';
import { loadCorpus } from '../../corpus/load.js';
import { plural } from '../../text/plural.js';
import { createEmbeddings } from '../../embeddings/factory.js';
import { buildIndex } from '../../index/build.js';
import { withIndexLock } from '../../index/lock.js';
import { staleReason, type Manifest } from '../../index/manifest.js';
import { loadPersistedIndex, persistIndex, readManifest } from '../../index/persist.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { IngestOptions } from '../specs/ingest.js';

/** `ingest`: rebuilds the index from the corpus and says what it did. */
export async function ingest(_options: IngestOptions, { config, log, io, progress }: CommandContext): Promise<Outcome> {
  const started = performance.now();
  // The corpus and a writable index folder are checked before the slow vector conversion.
  await checkStartup(config, 'build');
  const embeddings = await createEmbeddings(embeddingsSettingsOf(config), log, progress);
  const corpus = await loadCorpus(config.corpusDir, { log });
  const seen = (await readManifest(config.indexDir))?.build;
  const { manifest, concurrent } = await withIndexLock(
    config.indexDir,
    async ({ waited }): Promise<{ manifest: Manifest; concurrent: boolean }> => {
      // Another ingest held the lock: if it just built this very corpus, that build is ours too.
      const theirs = waited ? await freshBuild(config.indexDir, seen, corpus.hash, embeddings.info.model) : undefined;
      if (theirs) return { manifest: theirs, concurrent: true };
      const step = progress.start('building the index');
      try {
        const index = await buildIndex(corpus.documents, corpus.hash, embeddings.info);
        const manifest = await persistIndex(index, config.indexDir);
        step.done();
        return { manifest, concurrent: false };
      } catch (error) {
        step.fail();
        throw error;
      }
    },
    { log },
  );
  const ms = Math.round(performance.now() - started);
  const c = manifest.counts;
  io.stdout.write(
    `Indexed ${plural(c.documents, 'document')}, ${plural(c.paragraphs, 'paragraph')}, ${plural(c.sentences, 'sentence')} ` +
      `in ${ms} ms with ${manifest.embeddingModel} → ${config.indexDir} (${manifest.build}${concurrent ? ', built by a concurrent ingest' : ''})\n`,
  );
  for (const d of corpus.documents) io.stdout.write(`  ${d.id}: “${d.title}”, ${plural(d.paragraphs.length, 'paragraph')}\n`);
  return 'ok';
}

/** The manifest on disk if it is new since `seen`, matches the corpus and embeddings, and loads. */
async function freshBuild(
  dir: string,
  seen: string | undefined,
  corpusHash: string,
  embeddingModel: string,
): Promise<Manifest | undefined> {
  const manifest = await readManifest(dir);
  if (!manifest || manifest.build === seen || staleReason(manifest, { corpusHash, embeddingModel, dimensions: manifest.dimensions }))
    return undefined;
  try {
    await loadPersistedIndex(dir, manifest);
    return manifest;
  } catch {
    return undefined;
  }
}
