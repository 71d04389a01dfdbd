/**
 * One benchmark made ready to answer in process: its corpus parsed, indexed in memory with the
 * app's embeddings, and the same dependencies `ask` uses. Shared by the fitting script and the
 * quality report, so both answer exactly as the product does.
 */
import { pino } from 'pino';
import type { AskDeps } from '../../app/ask.js';
import { ViewCache } from '../../answer/text-view.js';
import { loadCorpus } from '../../corpus/load.js';
import type { EmbeddingsBundle } from '../../embeddings/factory.js';
import { gloveWordModel } from '../../embeddings/word-model.js';
import { buildIndex } from '../../index/build.js';
import type { Benchmark } from './benchmarks.js';

export interface Workspace {
  benchmark: Benchmark;
  deps: AskDeps;
  /** Paragraph texts by global id (a benchmark corpus has one document). */
  paragraphs: string[];
  corpusSha256: string;
}

export async function openWorkspace(benchmark: Benchmark, embeddings: EmbeddingsBundle): Promise<Workspace> {
  const corpus = await loadCorpus(benchmark.corpusDir);
  const index = await buildIndex(corpus.documents, corpus.hash, embeddings.info);
  const words = gloveWordModel(embeddings.glove, embeddings.vocabularySize);
  return {
    benchmark,
    deps: {
      index,
      embeddings,
      words,
      views: new ViewCache(words, 50_000),
      maxQuestionChars: 1000,
      log: pino({ level: 'silent' }),
    },
    paragraphs: index.units.paragraphs.map((p) => p.text),
    corpusSha256: corpus.hash,
  };
}
