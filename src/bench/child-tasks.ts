/**
 * Bench measurements that need a fresh process (cold start, peak memory), run by the entry file
 * src/bench-child.ts: `node dist/bench-child.js <task> '<json args>'`, configured by env like the
 * app (see `benchEnv`). Each task calls the same modules the app does and returns one JSON-able
 * result.
 */
import { embeddingsSettingsOf } from '../compose/config.js';
import { createApp } from '../compose/bootstrap.js';
import { loadConfig } from '../compose/config.js';
import { loadCorpus } from '../corpus/load.js';
import { createEmbeddings } from '../embeddings/factory.js';
import { buildIndex } from '../index/build.js';
import { loadPersistedIndex, persistIndex, readManifest } from '../index/persist.js';
import { createLogger } from '../compose/log.js';
import { writeAnswers, type WriterArgs } from './store-writer.js';

const MB = 1024 * 1024;
/** Peak resident set of this process so far, in MB (`maxRSS` is in kilobytes). */
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

/** `ingest`: what `npm run ingest` does — parse, embed, index, persist — timed by phase. */
async function ingest(_args: unknown, env: Env) {
  const log = createLogger('silent');
  const config = loadConfig(env);
  const t0 = performance.now();
  const embeddings = await createEmbeddings(embeddingsSettingsOf(config), log);
  const t1 = performance.now();
  const corpus = await loadCorpus(config.corpusDir);
  const documents = corpus.documents; // read here, so parsing counts as parsing even if it is lazy
  const t2 = performance.now();
  const index = await buildIndex(documents, corpus.hash, embeddings.info);
  const t3 = performance.now();
  const manifest = await persistIndex(index, config.indexDir);
  const t4 = performance.now();
  return {
    vectorsMs: t1 - t0,
    parseMs: t2 - t1,
    buildMs: t3 - t2,
    persistMs: t4 - t3,
    ingestMs: t4 - t1,
    counts: manifest.counts,
    build: manifest.build,
    peakRssMB: peakRssMB(),
  };
}

/**
 * `open`: the app's cold start with an index on disk (createApp → ready), then one question.
 * A warm re-run of the two big phases follows, to show where the start-up time goes.
 */
async function open(args: { question: string }, env: Env) {
  const log = createLogger('silent');
  const t0 = performance.now();
  const app = await createApp(env, {}, log);
  const t1 = performance.now();
  const first = await app.footnote.ask(args.question);
  const t2 = performance.now();
  const peak = peakRssMB();
  await loadCorpus(app.config.corpusDir);
  const t3 = performance.now();
  const manifest = await readManifest(app.config.indexDir);
  if (!manifest) throw new Error('no index manifest after open');
  await createEmbeddings(embeddingsSettingsOf(app.config), log);
  const t4 = performance.now();
  await loadPersistedIndex(app.config.indexDir, manifest);
  const t5 = performance.now();
  return {
    openMs: t1 - t0,
    firstAskMs: t2 - t1,
    mode: first.mode,
    build: manifest.build,
    warm: { corpusMs: t3 - t2, indexMs: t5 - t4 },
    peakRssMB: peak,
  };
}

/** `serve`: the app after answering a question set: its steady resident memory. */
async function serve(args: { questions: string[]; passes: number }, env: Env) {
  const app = await createApp(env, {}, createLogger('silent'));
  for (let pass = 0; pass < args.passes; pass++) for (const q of args.questions) await app.footnote.ask(q);
  const mem = process.memoryUsage();
  return {
    rssMB: mem.rss / MB,
    heapUsedMB: mem.heapUsed / MB,
    externalMB: mem.external / MB,
    peakRssMB: peakRssMB(),
    asked: args.passes * args.questions.length,
  };
}

type Env = Record<string, string | undefined>;

export const TASKS: Record<string, (args: never, env: Env) => Promise<unknown>> = {
  ingest,
  open,
  serve,
  'store-writer': (args: WriterArgs) => writeAnswers(args),
};
