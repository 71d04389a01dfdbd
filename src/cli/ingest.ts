import { loadConfig, type ConfigOverrides } from '../config.js';
import { loadCorpus } from '../corpus/load.js';
import { createEmbeddings } from '../embeddings/factory.js';
import { buildIndex } from '../index/build.js';
import { persistIndex } from '../index/persist.js';
import type { Logger } from '../log.js';
import { EXIT, type CliIO } from './io.js';

/** `ingest`: always rebuilds the index from the corpus and says what it did. */
export async function ingest(overrides: ConfigOverrides, io: CliIO, log: Logger): Promise<number> {
  const config = loadConfig(io.env, overrides);
  const started = performance.now();
  const embeddings = await createEmbeddings(config, log);
  const corpus = await loadCorpus(config.corpusDir);
  const index = await buildIndex(corpus.documents, corpus.hash, embeddings.info);
  const manifest = await persistIndex(index, config.indexDir);
  const ms = Math.round(performance.now() - started);
  const c = manifest.counts;
  io.stdout.write(
    `Indexed ${c.documents} document${c.documents === 1 ? '' : 's'}, ${c.paragraphs} paragraphs, ${c.sentences} sentences ` +
      `in ${ms} ms with ${manifest.embeddingModel} → ${config.indexDir} (${manifest.build})\n`,
  );
  for (const d of corpus.documents) io.stdout.write(`  ${d.id}: “${d.title}”, ${d.paragraphs.length} paragraphs\n`);
  return EXIT.ok;
}
