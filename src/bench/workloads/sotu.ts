import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { App } from '../../compose/bootstrap.js';
import { readManifest } from '../../index/persist.js';
import { benchApp } from '../app.js';
import type { BenchContext } from '../context.js';
import { repeat } from '../measure.js';
import { checkEvidence, type SpeechQuestion } from '../questions.js';
import { selectSpeeches, speechIds, writeSpeechCorpus, type Speech } from '../sotu-corpus.js';
import { benchEnv, runChildTask } from '../spawn.js';

export interface SotuInput {
  speeches: Speech[];
  questions: SpeechQuestion[];
}

export interface SotuOutcome {
  app: App;
  corpusDir: string;
  indexDir: string;
  /** The speeches in the corpus, by document id. */
  texts: Map<string, string>;
}

interface IngestResult {
  ingestMs: number;
  parseMs: number;
  buildMs: number;
  persistMs: number;
  peakRssMB: number;
  counts: Record<string, number>;
}

interface OpenResult {
  openMs: number;
  firstAskMs: number;
  build: string;
  warm: { corpusMs: number; indexMs: number };
  peakRssMB: number;
}

async function folderMB(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(path.join(dir, name))).size;
  return bytes / 2 ** 20;
}

/**
 * Workload 2, start-up side: the speeches as a corpus of .txt files, ingested in a fresh
 * process (time, peak memory), the index's size on disk, and cold loads of the app.
 */
export async function runSotu(ctx: BenchContext, input: SotuInput): Promise<SotuOutcome> {
  const { book, preset, dirs } = ctx;
  const required = new Set(input.questions.flatMap((q) => q.gold));
  const chosen = selectSpeeches(input.speeches, preset.speeches, required);
  const ids = speechIds(chosen);
  const texts = new Map(ids.map((id, i) => [id, chosen[i]!.text]));
  const problems = checkEvidence(input.questions, texts);
  if (problems.length) throw new Error(`speech questions do not match the speeches:\n${problems.join('\n')}`);

  const corpusDir = path.join(ctx.work, 'sotu-corpus');
  const dataDir = path.join(ctx.work, 'sotu-data');
  const { bytes } = await writeSpeechCorpus(corpusDir, chosen);
  const env = benchEnv(dirs, corpusDir, dataDir);

  ctx.progress(`sotu: ingest of ${chosen.length} speeches (${(bytes / 2 ** 20).toFixed(1)} MB) ×${preset.ingestRuns}`);
  const ingests = await repeat(preset.ingestRuns, () => runChildTask<IngestResult>(dirs.repo, 'ingest', {}, env));
  ctx.settings.sotu = { speeches: chosen.length, textMB: bytes / 2 ** 20, questions: input.questions.length, ...ingests[0]!.counts };
  const s = (ms: number) => ms / 1000;
  book.add(
    { id: 'sotu.ingest_s', workload: 'sotu', label: 'ingest (parse+embed+index+persist)', unit: 's', target: { op: '<', value: 60 } },
    ingests.map((r) => s(r.ingestMs)),
  );
  book.add(
    { id: 'sotu.ingest.parse_s', workload: 'sotu', label: '  of which parse (load corpus)', unit: 's' },
    ingests.map((r) => s(r.parseMs)),
  );
  book.add(
    { id: 'sotu.ingest.build_s', workload: 'sotu', label: '  of which embed+index (buildIndex)', unit: 's' },
    ingests.map((r) => s(r.buildMs)),
  );
  book.add(
    { id: 'sotu.ingest.peak_rss_mb', workload: 'sotu', label: 'peak memory during ingest', unit: 'MB', target: { op: '<', value: 800 } },
    ingests.map((r) => r.peakRssMB),
  );

  const indexDir = path.join(dataDir, 'index');
  const manifest = await readManifest(indexDir);
  if (!manifest) throw new Error('sotu ingest left no index manifest');
  book.add({ id: 'sotu.index_mb', workload: 'sotu', label: 'index size on disk', unit: 'MB' }, [
    await folderMB(path.join(indexDir, manifest.build)),
  ]);

  ctx.progress(`sotu: cold load ×${preset.runs}`);
  const opens = await repeat(preset.runs, () =>
    runChildTask<OpenResult>(dirs.repo, 'open', { question: input.questions[0]!.question }, env),
  );
  if (opens.some((o) => o.build !== manifest.build))
    throw new Error('the app rebuilt the sotu index on load; cold-load figures would be wrong');
  book.add(
    {
      id: 'sotu.cold_load_ms',
      workload: 'sotu',
      label: 'cold load (createApp, index on disk)',
      unit: 'ms',
      target: { op: '<', value: 2000 },
    },
    opens.map((o) => o.openMs),
  );
  book.add(
    { id: 'sotu.cold_load.corpus_ms', workload: 'sotu', label: '  load+parse corpus (warm re-run)', unit: 'ms' },
    opens.map((o) => o.warm.corpusMs),
  );
  book.add(
    { id: 'sotu.cold_load.index_ms', workload: 'sotu', label: '  load index files (warm re-run)', unit: 'ms' },
    opens.map((o) => o.warm.indexMs),
  );
  book.add(
    { id: 'sotu.first_ask_ms', workload: 'sotu', label: 'first question after cold load', unit: 'ms' },
    opens.map((o) => o.firstAskMs),
  );
  book.add(
    { id: 'sotu.open.peak_rss_mb', workload: 'sotu', label: 'peak memory, cold load + 1 question', unit: 'MB' },
    opens.map((o) => o.peakRssMB),
  );

  const app = await benchApp(env);
  return { app, corpusDir, indexDir, texts };
}
